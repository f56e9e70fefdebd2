//! JSON-RPC framing on the server side, following the real server's request handling:
//! which frames get which error, with which id and `data`, and which get no answer.

use msmp::jsonrpc::{codes, RpcError};
use serde_json::{json, Map, Value};

fn message_of(code: i64) -> &'static str {
    match code {
        codes::PARSE_ERROR => "Parse error",
        codes::INVALID_REQUEST => "Invalid Request",
        codes::METHOD_NOT_FOUND => "Method not found",
        codes::INVALID_PARAMS => "Invalid params",
        _ => "Internal error",
    }
}

/// An error with the standard message for `code` and optional `data`.
pub fn error(code: i64, data: Option<String>) -> RpcError {
    RpcError::new(
        code,
        message_of(code),
        data.filter(|d| !d.trim().is_empty()).map(Value::String),
    )
}

fn error_response(id: Value, e: RpcError) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": e.to_json()})
}

/// `namespace:path` with the real identifier rules; no namespace means `minecraft:`.
pub fn parse_method(raw: &str) -> Option<String> {
    let (ns, path) = raw.split_once(':').unwrap_or(("minecraft", raw));
    let ns_ok = !ns.is_empty()
        && ns
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'.'));
    let path_ok = !path.is_empty()
        && path
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'.' | b'/'));
    (ns_ok && path_ok).then(|| format!("{ns}:{path}"))
}

/// Something that answers requests: `method` is as sent, `params` the raw member.
pub trait Dispatch {
    fn dispatch(&mut self, method: &str, params: Option<&Value>) -> Result<Value, RpcError>;
}

/// Answers one text frame; `None` when nothing is to be sent back.
pub fn handle_frame(d: &mut impl Dispatch, text: &str) -> Option<Value> {
    // The real server's Gson reads an empty (or blank) frame as JsonNull, not a syntax
    // error: it is an invalid request, like any other non-object.
    if text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        return Some(invalid_request());
    }
    match serde_json::from_str::<Value>(text) {
        Err(e) => Some(error_response(
            Value::Null,
            error(codes::PARSE_ERROR, Some(e.to_string())),
        )),
        Ok(Value::Object(o)) => handle_object(d, &o),
        // A batch always gets an array back, even an empty one.
        Ok(Value::Array(items)) => Some(Value::Array(
            items
                .iter()
                .filter_map(|item| match item {
                    Value::Object(o) => handle_object(d, o),
                    _ => Some(invalid_request()),
                })
                .collect(),
        )),
        Ok(_) => Some(invalid_request()),
    }
}

fn invalid_request() -> Value {
    error_response(Value::Null, error(codes::INVALID_REQUEST, None))
}

fn handle_object(d: &mut impl Dispatch, o: &Map<String, Value>) -> Option<Value> {
    let id = o.get("id");
    let method = match o.get("method") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        Some(_) => {
            return Some(error_response(
                Value::Null,
                error(
                    codes::INTERNAL_ERROR,
                    Some(
                        "Unknown error handling request - check server logs for stack trace".into(),
                    ),
                ),
            ))
        }
    };
    let result = o.get("result");
    let err = o.get("error");
    // An `error` member makes the frame a response from the client, and a response that
    // must be an error object: with a method too, or not an object, the frame is neither
    // request nor response, so no method runs (-32600, id null as for other bad frames).
    if err.is_some_and(|e| method.is_some() || !e.is_object()) {
        return Some(invalid_request());
    }
    match (method, result, err) {
        (Some(method), None, None) => {
            if let Some(id) = id {
                if !(id.is_null() || id.is_number() || id.is_string()) {
                    return Some(error_response(
                        Value::Null,
                        error(
                            codes::INVALID_REQUEST,
                            Some(
                                "Invalid request id - only String, Number and NULL supported"
                                    .into(),
                            ),
                        ),
                    ));
                }
            }
            let outcome = d.dispatch(&method, o.get("params"));
            // No id: a notification from the client, never answered.
            let id = id?.clone();
            Some(match outcome {
                Ok(r) => json!({"jsonrpc": "2.0", "id": id, "result": r}),
                Err(e) => error_response(id, e),
            })
        }
        // Responses and errors from the client: nothing to answer.
        (None, Some(_), None) if id.is_some() => None,
        (None, None, Some(_)) => None,
        _ => Some(error_response(
            id.cloned().unwrap_or(Value::Null),
            error(codes::INVALID_REQUEST, None),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;
    impl Dispatch for Echo {
        fn dispatch(&mut self, method: &str, _: Option<&Value>) -> Result<Value, RpcError> {
            match method {
                "ok" => Ok(json!(1)),
                _ => Err(error(
                    codes::METHOD_NOT_FOUND,
                    Some(format!("Method not found: {method}")),
                )),
            }
        }
    }

    #[test]
    fn frames_get_the_real_answers() {
        let r = handle_frame(&mut Echo, "{").unwrap();
        assert_eq!(r["error"]["code"], -32700);
        assert_eq!(r["id"], Value::Null);
        let r = handle_frame(&mut Echo, "42").unwrap();
        assert_eq!(
            r["error"],
            json!({"code": -32600, "message": "Invalid Request"})
        );
        let r = handle_frame(&mut Echo, r#"{"id":[1],"method":"ok"}"#).unwrap();
        assert_eq!(r["error"]["code"], -32600);
        assert!(handle_frame(&mut Echo, r#"{"method":"ok"}"#).is_none());
        let r = handle_frame(&mut Echo, r#"{"id":null,"method":"ok"}"#).unwrap();
        assert_eq!(r["result"], 1);
        assert_eq!(handle_frame(&mut Echo, "[]").unwrap(), json!([]));
        let r = handle_frame(
            &mut Echo,
            r#"[{"id":1,"method":"ok"},{"method":"ok"},{"id":2,"method":"x"}]"#,
        )
        .unwrap();
        assert_eq!(r.as_array().unwrap().len(), 2);
        assert!(handle_frame(&mut Echo, r#"{"id":1,"result":5}"#).is_none());
        let r = handle_frame(&mut Echo, r#"{"id":3}"#).unwrap();
        assert_eq!(r["id"], 3);
    }

    #[test]
    fn method_identifiers() {
        assert_eq!(
            parse_method("players").as_deref(),
            Some("minecraft:players")
        );
        assert_eq!(parse_method("sim:notify").as_deref(), Some("sim:notify"));
        assert!(parse_method("Players").is_none());
        assert!(parse_method("a:b:c").is_none());
    }
}
