//! The panel's decode path, natively: `src/json.rs` reads a frame with
//! `msmp::from_text::parse` and the browser's `parseFloat` for numbers that are not plain
//! integers; here Rust's float parser stands in for it (both round correctly).

use msmp::problem::Problem;
use serde_json::Value;

/// What `crate::json::parse_js` returns for this text.
pub fn parse(text: &str) -> Result<Value, Problem> {
    msmp::from_text::parse_native(text)
}
