//! The panel's decode path, natively: the browser parses a frame with `JSON.parse` and
//! `src/json.rs` copies the tree into a `serde_json::Value` (depth limit 128, numbers as
//! JS doubles). Here serde_json parses (its own recursion limit is also 128) and the tree
//! is then put through the same rules as `from_js`: depth check, every number through an
//! `f64` (`1.0` becomes 1, `-0` becomes 0, integers past 2^53 round), infinities refused.
//!
//! Known differences from the browser, none of which reach past the `Result` handed to
//! `receive_parsed`: a lone UTF-16 surrogate escape fails here (the browser reads U+FFFD),
//! and 128 nested empty arrays fail here but pass in the browser.

use serde_json::{Map, Value};

/// `src/json.rs`'s limit.
pub const MAX_DEPTH: usize = 128;

/// What `crate::json::parse_js` returns for this text, as far as natively possible.
pub fn parse(text: &str) -> Result<Value, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    copy(v, 0)
}

fn copy(v: Value, depth: usize) -> Result<Value, String> {
    if depth >= MAX_DEPTH {
        return Err(format!("nested deeper than {MAX_DEPTH} levels"));
    }
    Ok(match v {
        Value::Number(n) => {
            msmp::jsonrpc::js_number(n.as_f64().unwrap_or(f64::NAN)).ok_or("number out of range")?
        }
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|x| copy(x, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(o) => {
            let mut out = Map::new();
            for (k, x) in o {
                out.insert(k, copy(x, depth + 1)?);
            }
            Value::Object(out)
        }
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_read_as_javascript_reads_them() {
        assert_eq!(
            parse("[1.0, -0, 2.5, 9007199254740993]").unwrap(),
            json!([1, 0, 2.5, 9007199254740992u64])
        );
        assert!(parse("1e400").is_err());
    }

    #[test]
    fn depth_limit_matches_the_panel() {
        let ok = format!("{}1{}", "[".repeat(127), "]".repeat(127));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}1{}", "[".repeat(128), "]".repeat(128));
        assert!(parse(&deep).is_err());
    }
}
