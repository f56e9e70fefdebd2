//! JSON-RPC 2.0 framing as MSMP uses it: encoding calls, and decoding anything a server
//! (or something pretending to be one) may send. Decoding never panics; what it cannot
//! make sense of comes back as [`Incoming::Malformed`] with the [`Problem`].

use crate::problem::{Kind, Problem};
use serde_json::{json, Map, Value};
use std::fmt;

/// A request id. The client core only allocates numbers, but servers echo whatever they
/// were sent, and other clients' frames may carry strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Id {
    Num(i64),
    Str(String),
}

impl Id {
    pub fn to_json(&self) -> Value {
        match self {
            Id::Num(n) => json!(n),
            Id::Str(s) => json!(s),
        }
    }

    fn from_json(v: &Value) -> Option<Option<Id>> {
        match v {
            Value::Null => Some(None),
            Value::Number(n) => n.as_i64().map(|n| Some(Id::Num(n))),
            Value::String(s) => Some(Some(Id::Str(s.clone()))),
            _ => None,
        }
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Id::Num(n) => write!(f, "{n}"),
            // Quoted as in the frame, so "1" and 1 read differently.
            Id::Str(s) => f.write_str(&json_text(&Value::String(s.clone()))),
        }
    }
}

/// Standard JSON-RPC error codes the real server uses.
pub mod codes {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const METHOD_NOT_FOUND: i64 = -32601;
    pub const INVALID_PARAMS: i64 = -32602;
    pub const INTERNAL_ERROR: i64 = -32603;
}

/// A JSON-RPC error object.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl RpcError {
    pub fn new(code: i64, message: impl Into<String>, data: Option<Value>) -> Self {
        RpcError {
            code,
            message: message.into(),
            data,
        }
    }

    pub fn to_json(&self) -> Value {
        let mut o = json!({"code": self.code, "message": self.message});
        if let Some(d) = &self.data {
            o["data"] = d.clone();
        }
        o
    }

    /// `data` as text for people: strings as-is, anything else as JSON.
    pub fn data_text(&self) -> Option<String> {
        self.data.as_ref().map(|d| match d {
            Value::String(s) => s.clone(),
            other => json_text(other),
        })
    }

    fn from_json(v: &Value) -> Option<RpcError> {
        let o = v.as_object()?;
        let code = o.get("code")?.as_i64()?;
        let message = match o.get("message") {
            Some(Value::String(s)) => s.clone(),
            None | Some(Value::Null) => String::new(),
            Some(_) => return None,
        };
        Some(RpcError {
            code,
            message,
            data: o.get("data").filter(|d| !d.is_null()).cloned(),
        })
    }
}

impl fmt::Display for RpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)?;
        if let Some(d) = self.data_text() {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

/// Anything a client may receive.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// A response; `id` is `None` for errors the server could not attribute (-32700, -32600).
    Response {
        id: Option<Id>,
        result: Result<Value, RpcError>,
    },
    /// A notification, with its raw params (absent when it has no argument).
    Notification {
        method: String,
        params: Option<Value>,
    },
    /// A batch response: one entry per element.
    Batch(Vec<Incoming>),
    /// Not a frame we understand; `reason` says why, for the event log.
    Malformed { reason: Problem },
}

impl Incoming {
    fn malformed(kind: Kind) -> Self {
        Incoming::Malformed {
            reason: kind.into(),
        }
    }
}

/// Decodes one WebSocket text frame, read as the panel reads it
/// ([`crate::from_text::parse_native`]).
pub fn decode(text: &str) -> Incoming {
    decode_parsed(crate::from_text::parse_native(text))
}

/// Decodes a frame a JSON reader read (the panel's reads numbers with the browser's), or
/// that reader's complaint: a syntax problem becomes [`Kind::NotJson`].
pub fn decode_parsed(parsed: Result<Value, Problem>) -> Incoming {
    match parsed {
        Ok(v) => decode_owned(v),
        Err(Problem {
            kind: Kind::Syntax { error, at },
            ..
        }) => Incoming::malformed(Kind::NotJson { error, at }),
        Err(reason) => Incoming::Malformed { reason },
    }
}

/// Decodes an already parsed frame.
pub fn decode_value(v: &Value) -> Incoming {
    decode_owned(v.clone())
}

/// Decodes an already parsed frame, moving its results and params out (a list result of
/// 10,000 entries is never copied).
pub fn decode_owned(v: Value) -> Incoming {
    match v {
        Value::Array(items) if items.is_empty() => Incoming::malformed(Kind::EmptyBatch),
        Value::Array(items) => Incoming::Batch(items.into_iter().map(decode_single).collect()),
        _ => decode_single(v),
    }
}

fn decode_single(v: Value) -> Incoming {
    let Value::Object(mut o) = v else {
        return Incoming::malformed(Kind::NotAnObject);
    };
    if let Some(method) = o.get("method") {
        let Some(method) = method.as_str() else {
            return Incoming::malformed(Kind::MethodNotString);
        };
        let method = method.to_string();
        if o.get("id").is_some_and(|id| !id.is_null()) {
            return Incoming::malformed(Kind::Request { method });
        }
        return Incoming::Notification {
            method,
            params: take(&mut o, "params"),
        };
    }
    let id = match o.get("id").map(Id::from_json) {
        Some(Some(id)) => id,
        None => None,
        Some(None) => return Incoming::malformed(Kind::BadId),
    };
    // Some JSON-RPC stacks send `"error": null` beside a result.
    if let Some(err) = take(&mut o, "error") {
        return match (RpcError::from_json(&err), id) {
            (Some(e), id) => Incoming::Response { id, result: Err(e) },
            // A broken error for a known id still ends that call now, with what was sent,
            // instead of leaving it to time out.
            (None, Some(id)) => Incoming::Response {
                id: Some(id),
                result: Err(RpcError::new(
                    codes::INTERNAL_ERROR,
                    "malformed error from the server",
                    Some(err),
                )),
            },
            (None, None) => Incoming::malformed(Kind::BadError),
        };
    }
    match o.get_mut("result").map(Value::take) {
        Some(result) => {
            let result = match nested_error(&result) {
                Some(e) => Err(e),
                None => Ok(result),
            };
            Incoming::Response { id, result }
        }
        None => Incoming::malformed(Kind::NothingToDo),
    }
}

/// A member's value, moved out, unless null. (Taking leaves a null behind: `Map::remove`
/// would add the B-tree's rebalancing code to the panel for nothing.)
fn take(o: &mut Map<String, Value>, key: &str) -> Option<Value> {
    o.get_mut(key).map(Value::take).filter(|v| !v.is_null())
}

/// One early announcement put the error object inside `result`, either as
/// `{"error": {code, message}}` or as the bare `{code, message}`. No MSMP result has
/// either shape, so reading them as errors cannot misread a real result.
fn nested_error(result: &Value) -> Option<RpcError> {
    let o = result.as_object()?;
    let only = |allowed: &[&str]| o.keys().all(|k| allowed.contains(&k.as_str()));
    if let Some(inner) = o.get("error") {
        if only(&["error"]) {
            return RpcError::from_json(inner);
        }
    }
    if o.contains_key("code") && o.contains_key("message") && only(&["code", "message", "data"]) {
        return RpcError::from_json(result);
    }
    None
}

fn call_value(id: u64, method: &str, param: Option<&Value>) -> Value {
    let mut o = Map::new();
    o.insert("jsonrpc".into(), json!("2.0"));
    o.insert("id".into(), json!(id));
    o.insert("method".into(), json!(method));
    if let Some(p) = param {
        o.insert("params".into(), Value::Array(vec![p.clone()]));
    }
    Value::Object(o)
}

/// A value as compact JSON text, exactly as `serde_json::to_string` writes it. Prefer it to
/// `Value`'s `Display` and to serde_json's serializer, which cost the panel's bundle far
/// more (see the `to_text` module).
pub fn json_text(v: &Value) -> String {
    let mut out = String::new();
    crate::to_text::write(v, None, &mut out);
    out
}

/// A value as indented JSON text, for people (`serde_json::to_string_pretty`'s layout).
pub fn json_pretty(v: &Value) -> String {
    let mut out = String::new();
    crate::to_text::write(v, Some(0), &mut out);
    out
}

/// A call: `params` is a one-element array holding the argument, or absent.
pub fn encode_call(id: u64, method: &str, param: Option<&Value>) -> String {
    json_text(&call_value(id, method, param))
}

/// A batch of calls in one frame.
pub fn encode_batch<'a>(
    calls: impl IntoIterator<Item = (u64, &'a str, Option<&'a Value>)>,
) -> String {
    json_text(&Value::Array(
        calls
            .into_iter()
            .map(|(id, m, p)| call_value(id, m, p))
            .collect(),
    ))
}

/// A notification as a server sends it (used by the simulator).
pub fn encode_notification(method: &str, param: Option<&Value>) -> String {
    let mut o = Map::new();
    o.insert("jsonrpc".into(), json!("2.0"));
    o.insert("method".into(), json!(method));
    if let Some(p) = param {
        o.insert("params".into(), Value::Array(vec![p.clone()]));
    }
    json_text(&Value::Object(o))
}

/// A response object as a server sends it (used by the simulator).
pub fn response_value(id: Option<&Id>, result: Result<Value, RpcError>) -> Value {
    let id = id.map_or(Value::Null, Id::to_json);
    match result {
        Ok(r) => json!({"jsonrpc": "2.0", "id": id, "result": r}),
        Err(e) => json!({"jsonrpc": "2.0", "id": id, "error": e.to_json()}),
    }
}

/// A JavaScript number as JSON: whole numbers within 2^53 as integers (what serde_json
/// makes of `5` and `-5`), the rest as floats; `None` for infinities and NaN. The panel
/// reads frames with the browser's `JSON.parse`, whose numbers all arrive as `f64`.
pub fn js_number(n: f64) -> Option<Value> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    Some(Value::Number(if n.fract() == 0.0 && n.abs() <= EXACT {
        if n >= 0.0 {
            serde_json::Number::from(n as u64)
        } else {
            serde_json::Number::from(n as i64)
        }
    } else {
        serde_json::Number::from_f64(n)?
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_calls_with_one_element_params_or_none() {
        let add = json!([{"name": "jeb_"}]);
        assert_eq!(
            serde_json::from_str::<Value>(&encode_call(1, "minecraft:allowlist/add", Some(&add)))
                .unwrap(),
            json!({"jsonrpc":"2.0","id":1,"method":"minecraft:allowlist/add","params":[[{"name":"jeb_"}]]})
        );
        let plain: Value =
            serde_json::from_str(&encode_call(2, "minecraft:players", None)).unwrap();
        assert!(plain.get("params").is_none());
        let batch: Value = serde_json::from_str(&encode_batch([
            (3, "minecraft:allowlist", None),
            (4, "minecraft:server/save", Some(&json!(true))),
        ]))
        .unwrap();
        assert_eq!(batch[1]["params"], json!([true]));
        assert_eq!(batch.as_array().unwrap().len(), 2);
    }

    #[test]
    fn decodes_flat_errors_with_null_id() {
        let f = r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error","data":"x"}}"#;
        match decode(f) {
            Incoming::Response {
                id: None,
                result: Err(e),
            } => {
                assert_eq!(e.code, codes::PARSE_ERROR);
                assert_eq!(e.data_text().as_deref(), Some("x"));
            }
            other => panic!("{other:?}"),
        }
        let f = r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found","data":"Method not found: minecraft:foo/bar"}}"#;
        assert!(
            matches!(decode(f), Incoming::Response { id: Some(Id::Num(1)), result: Err(e) } if e.code == -32601)
        );
    }

    #[test]
    fn decodes_errors_nested_in_result_both_ways() {
        for f in [
            r#"{"jsonrpc":"2.0","id":"a","result":{"error":{"code":-32603,"message":"Internal error"}}}"#,
            r#"{"jsonrpc":"2.0","id":"a","result":{"code":-32603,"message":"Internal error"}}"#,
        ] {
            assert!(
                matches!(decode(f), Incoming::Response { id: Some(Id::Str(s)), result: Err(e) } if s == "a" && e.code == -32603),
                "{f}"
            );
        }
        // A real result that merely has an "error" field alongside others stays a result.
        let f = r#"{"jsonrpc":"2.0","id":1,"result":{"error":1,"other":2}}"#;
        assert!(matches!(
            decode(f),
            Incoming::Response { result: Ok(_), .. }
        ));
    }

    #[test]
    fn decodes_notifications_with_and_without_params_and_unknown_ones() {
        let f = r#"{"jsonrpc":"2.0","method":"minecraft:notification/players/joined","params":[{"id":"853c80ef-3c37-49fd-aa49-938b674adae6","name":"jeb_"}]}"#;
        assert!(matches!(
            decode(f),
            Incoming::Notification {
                params: Some(_),
                ..
            }
        ));
        let f = r#"{"jsonrpc":"2.0","method":"minecraft:notification/server/started"}"#;
        assert!(matches!(
            decode(f),
            Incoming::Notification { params: None, .. }
        ));
        let f = r#"{"jsonrpc":"2.0","method":"nem:chat_message","params":[{"text":"hi"}]}"#;
        assert!(
            matches!(decode(f), Incoming::Notification { method, .. } if method == "nem:chat_message")
        );
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        for f in [
            "",
            "{",
            "[]",
            "42",
            "\"x\"",
            "{}",
            r#"{"id":[1],"result":1}"#,
            r#"{"method":5}"#,
            r#"{"id":null,"error":"boom"}"#,
        ] {
            assert!(matches!(decode(f), Incoming::Malformed { .. }), "{f}");
        }
    }

    #[test]
    fn each_malformed_frame_says_why() {
        for (f, kind) in [
            (
                "[1,",
                Kind::NotJson {
                    error: crate::problem::Syntax::UnexpectedEnd,
                    at: 3,
                },
            ),
            ("[]", Kind::EmptyBatch),
            ("42", Kind::NotAnObject),
            (r#"{"method":5}"#, Kind::MethodNotString),
            (
                r#"{"method":"m","id":1}"#,
                Kind::Request { method: "m".into() },
            ),
            (r#"{"id":[1],"result":1}"#, Kind::BadId),
            (r#"{"id":null,"error":"boom"}"#, Kind::BadError),
            (r#"{"id":1}"#, Kind::NothingToDo),
        ] {
            assert_eq!(
                decode(f),
                Incoming::Malformed {
                    reason: kind.into()
                },
                "{f}"
            );
        }
        let Incoming::Malformed { reason } = decode("[1,") else {
            panic!("read")
        };
        assert_eq!(reason.to_string(), "not JSON: unexpected end at byte 3");
    }

    #[test]
    fn a_broken_error_for_a_known_id_still_ends_that_call() {
        match decode(r#"{"id":1,"error":"boom"}"#) {
            Incoming::Response {
                id: Some(Id::Num(1)),
                result: Err(e),
            } => {
                assert_eq!(e.code, codes::INTERNAL_ERROR);
                assert_eq!(e.data, Some(json!("boom")));
            }
            other => panic!("{other:?}"),
        }
    }
}
