//! JSON text read by `msmp::from_text`, with the browser's own number parser for the few
//! numbers that are not plain integers (serde_json's parser, floats included, added 8.6 KB
//! gzip). A frame's text is copied into Rust once and read there: walking a `JSON.parse`
//! tree from Rust crossed the JS boundary for every value, which cost more than parsing.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use msmp::problem::{Kind, Problem};
use serde_json::Value;

fn js_float(text: &str) -> Option<f64> {
    // Only ever given a number the grammar accepted, which parseFloat reads exactly.
    Some(js_sys::Number::parse_float(text))
}

#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    /// web-sys' binding takes `&str`, which would copy the text into Rust first.
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsValue) -> js_sys::Uint8Array;
}

/// Frames longer than this are copied as UTF-8 bytes made by the browser's encoder:
/// wasm-bindgen's string copy walks the ASCII part in a JS loop (40 ms for 3 MB).
const ENCODE_FROM: u32 = 1 << 16;

/// Parses JSON text held by JavaScript (a socket frame's `data`).
pub fn parse_js(text: &JsValue) -> Result<Value, Problem> {
    let length = text.unchecked_ref::<js_sys::JsString>().length();
    let text = if length > ENCODE_FROM {
        String::from_utf8(TextEncoder::new().encode(text).to_vec()).ok()
    } else {
        text.as_string()
    };
    // Not text at all: as good as a binary frame.
    msmp::from_text::parse(&text.ok_or(Kind::Binary)?, &js_float)
}

/// Parses JSON text typed by a person (or stored by the panel); what does not read is said
/// in the language in use.
pub fn parse(text: &str) -> Result<Value, String> {
    msmp::from_text::parse(text, &js_float).map_err(|e| crate::i18n::problem_text(&e))
}
