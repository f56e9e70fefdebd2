//! A stand-in for `wasm-streams` 0.5, patched in by the workspace's `[patch.crates-io]`.
//!
//! Leptos always builds server_fn's browser client, whose streaming requests use
//! `wasm-streams`. This panel has no server functions, so that code never runs, but
//! `wasm-streams` exports JS stream adapters (`IntoUnderlyingSink`, ...) through
//! `#[wasm_bindgen]`, and exported functions stay in the bundle with everything they
//! reach: 6.4 KB of wasm (2.5 KB gzip) and 0.5 KB of JS, measured. This crate has the two
//! conversions server_fn calls and nothing else; were they ever used, a request body
//! would be empty and a response body would end at once with an error, never a panic.

use futures_util::stream::{self, Stream};
use wasm_bindgen::{JsCast, JsValue};

/// A web `ReadableStream`.
pub struct ReadableStream(web_sys::ReadableStream);

impl ReadableStream {
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        ReadableStream(raw)
    }

    /// An empty, closed stream: this build does not stream request bodies.
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        // No body at all if even that fails.
        let empty = web_sys::Response::new_with_opt_str(Some(""))
            .ok()
            .and_then(|r| r.body())
            .unwrap_or_else(|| JsValue::UNDEFINED.unchecked_into());
        ReadableStream(empty)
    }

    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.0
    }

    /// One error: this build does not read streamed response bodies.
    pub fn into_stream(self) -> impl Stream<Item = Result<JsValue, JsValue>> + Unpin {
        stream::once(futures_util::future::ready(Err(JsValue::from_str(
            "streamed bodies are not built into the MSMP panel",
        ))))
    }
}
