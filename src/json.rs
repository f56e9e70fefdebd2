//! JSON text read by the browser's own `JSON.parse`, which every page already has, instead
//! of serde_json's parser in the bundle (about 4 KB gzip). The tree is then copied into a
//! `serde_json::Value`, so everything past this point is the same pure Rust as natively.
//!
//! Where this differs from serde_json: numbers arrive as JS numbers, so integers beyond
//! 2^53 lose precision (no MSMP value comes near), `1.0` reads as the integer 1 and `-0` as
//! 0; a lone UTF-16 surrogate in a string becomes U+FFFD instead of failing the frame.

use js_sys::{Array, Object};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

/// serde_json's nesting limit; deeper frames could exhaust the stack while being copied.
const MAX_DEPTH: usize = 128;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` on any JS value, so a socket's string never has to be copied into Rust
    /// first (js-sys's binding takes `&str`).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// Parses JSON text held by JavaScript (a socket frame's `data`).
pub fn parse_js(text: &JsValue) -> Result<Value, String> {
    let tree = json_parse(text).map_err(|e| {
        js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default()
    })?;
    from_js(&tree, 0)
}

/// Parses JSON text typed by a person.
pub fn parse(text: &str) -> Result<Value, String> {
    parse_js(&JsValue::from_str(text))
}

fn from_js(v: &JsValue, depth: usize) -> Result<Value, String> {
    if depth >= MAX_DEPTH {
        return Err(format!("nested deeper than {MAX_DEPTH} levels"));
    }
    Ok(if let Some(s) = v.as_string() {
        Value::String(s)
    } else if let Some(n) = v.as_f64() {
        // JSON.parse turns `1e400` into Infinity; serde_json refuses it, and so do we.
        msmp::jsonrpc::js_number(n).ok_or("number out of range")?
    } else if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if Array::is_array(v) {
        let items = Array::from(v);
        let mut out = Vec::with_capacity(items.length() as usize);
        for item in items.iter() {
            out.push(from_js(&item, depth + 1)?);
        }
        Value::Array(out)
    } else if v.is_object() {
        // JSON.parse makes plain objects only; entries are its own keys in order.
        let mut out = Map::new();
        for pair in Object::entries(v.unchecked_ref()).iter() {
            let pair = Array::from(&pair);
            let key = pair.get(0).as_string().unwrap_or_default();
            out.insert(key, from_js(&pair.get(1), depth + 1)?);
        }
        Value::Object(out)
    } else {
        Value::Null
    })
}
