//! The JSON-RPC codec against the frames PROTOCOL.md shows the real server sending.

use msmp::jsonrpc::{
    codes, decode, decode_value, encode_batch, encode_call, encode_notification, response_value,
    Id, Incoming, RpcError,
};
use serde_json::{json, Value};

fn parse(s: &str) -> Value {
    serde_json::from_str(s).expect("encoder writes JSON")
}

#[test]
fn a_call_puts_its_argument_in_a_one_element_array() {
    let add = json!([{"name": "jeb_"}]);
    assert_eq!(
        parse(&encode_call(1, "minecraft:allowlist/add", Some(&add))),
        json!({"jsonrpc":"2.0","id":1,"method":"minecraft:allowlist/add","params":[[{"name":"jeb_"}]]})
    );
}

#[test]
fn a_parameterless_call_omits_params() {
    let v = parse(&encode_call(7, "minecraft:players", None));
    assert_eq!(
        v,
        json!({"jsonrpc":"2.0","id":7,"method":"minecraft:players"})
    );
}

#[test]
fn a_batch_is_an_array_of_calls_in_order() {
    let flush = json!(true);
    let v = parse(&encode_batch([
        (3, "minecraft:allowlist", None),
        (4, "minecraft:server/save", Some(&flush)),
    ]));
    assert_eq!(
        v,
        json!([
            {"jsonrpc":"2.0","id":3,"method":"minecraft:allowlist"},
            {"jsonrpc":"2.0","id":4,"method":"minecraft:server/save","params":[true]}
        ])
    );
}

#[test]
fn a_bare_array_result_is_the_value_itself() {
    let f = r#"{"jsonrpc":"2.0","id":1,"result":[{"id":"853c80ef-3c37-49fd-aa49-938b674adae6","name":"jeb_"}]}"#;
    assert_eq!(
        decode(f),
        Incoming::Response {
            id: Some(Id::Num(1)),
            result: Ok(json!([{"id":"853c80ef-3c37-49fd-aa49-938b674adae6","name":"jeb_"}])),
        }
    );
}

#[test]
fn scalar_results_and_null_results_are_results() {
    for (f, v) in [
        (r#"{"jsonrpc":"2.0","id":2,"result":true}"#, json!(true)),
        (r#"{"jsonrpc":"2.0","id":2,"result":20}"#, json!(20)),
        (
            r#"{"jsonrpc":"2.0","id":2,"result":"A Minecraft Server"}"#,
            json!("A Minecraft Server"),
        ),
        (r#"{"jsonrpc":"2.0","id":2,"result":null}"#, Value::Null),
    ] {
        assert_eq!(
            decode(f),
            Incoming::Response {
                id: Some(Id::Num(2)),
                result: Ok(v)
            },
            "{f}"
        );
    }
}

#[test]
fn string_and_numeric_ids_are_kept_as_sent() {
    let num = decode(r#"{"jsonrpc":"2.0","id":42,"result":[]}"#);
    let text = decode(r#"{"jsonrpc":"2.0","id":"42","result":[]}"#);
    assert!(matches!(
        num,
        Incoming::Response {
            id: Some(Id::Num(42)),
            ..
        }
    ));
    assert!(matches!(text, Incoming::Response { id: Some(Id::Str(ref s)), .. } if s == "42"));
    assert_eq!(Id::Num(42).to_json(), json!(42));
    assert_eq!(Id::Str("42".into()).to_json(), json!("42"));
}

#[test]
fn ids_that_are_neither_numbers_nor_strings_are_malformed() {
    for f in [
        r#"{"jsonrpc":"2.0","id":1.5,"result":1}"#,
        r#"{"jsonrpc":"2.0","id":true,"result":1}"#,
        r#"{"jsonrpc":"2.0","id":{"n":1},"result":1}"#,
    ] {
        assert!(matches!(decode(f), Incoming::Malformed { .. }), "{f}");
    }
}

#[test]
fn the_method_not_found_error_from_protocol_md() {
    let f = r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found","data":"Method not found: minecraft:foo/bar"}}"#;
    let Incoming::Response {
        id: Some(Id::Num(1)),
        result: Err(e),
    } = decode(f)
    else {
        panic!("not an error response: {:?}", decode(f));
    };
    assert_eq!(e.code, codes::METHOD_NOT_FOUND);
    assert_eq!(e.message, "Method not found");
    assert_eq!(
        e.data_text().as_deref(),
        Some("Method not found: minecraft:foo/bar")
    );
    assert_eq!(
        e.to_string(),
        "Method not found (-32601): Method not found: minecraft:foo/bar"
    );
}

#[test]
fn parse_and_invalid_request_errors_come_with_a_null_id() {
    for (code, msg) in [
        (codes::PARSE_ERROR, "Parse error"),
        (codes::INVALID_REQUEST, "Invalid Request"),
    ] {
        let f = json!({"jsonrpc":"2.0","id":null,"error":{"code":code,"message":msg}}).to_string();
        assert_eq!(
            decode(&f),
            Incoming::Response {
                id: None,
                result: Err(RpcError::new(code, msg, None))
            }
        );
    }
}

#[test]
fn invalid_params_keeps_the_human_message_in_data() {
    let f = r#"{"jsonrpc":"2.0","id":9,"error":{"code":-32602,"message":"Invalid params","data":"Params passed by-name, but expected param [add] does not exist"}}"#;
    assert!(
        matches!(decode(f), Incoming::Response { result: Err(e), .. }
        if e.code == codes::INVALID_PARAMS
        && e.data_text().unwrap().contains("expected param [add]"))
    );
}

#[test]
fn pre_start_refusal_of_protocol_3() {
    let f = r#"{"jsonrpc":"2.0","id":5,"error":{"code":-32600,"message":"Invalid Request","data":"Method cannot be dispatched pre server initialization: minecraft:players"}}"#;
    assert!(
        matches!(decode(f), Incoming::Response { id: Some(Id::Num(5)), result: Err(e) }
        if e.code == codes::INVALID_REQUEST)
    );
}

#[test]
fn an_error_nested_inside_result_is_an_error() {
    for f in [
        r#"{"jsonrpc":"2.0","id":3,"result":{"error":{"code":-32603,"message":"Internal error","data":"boom"}}}"#,
        r#"{"jsonrpc":"2.0","id":3,"result":{"code":-32603,"message":"Internal error","data":"boom"}}"#,
    ] {
        assert_eq!(
            decode(f),
            Incoming::Response {
                id: Some(Id::Num(3)),
                result: Err(RpcError::new(
                    codes::INTERNAL_ERROR,
                    "Internal error",
                    Some(json!("boom"))
                ))
            },
            "{f}"
        );
    }
}

#[test]
fn real_object_results_are_not_mistaken_for_nested_errors() {
    let status = json!({"started":true,"version":{"name":"1.21.9","protocol":773}});
    let f = json!({"jsonrpc":"2.0","id":4,"result":status}).to_string();
    assert_eq!(
        decode(&f),
        Incoming::Response {
            id: Some(Id::Num(4)),
            result: Ok(status)
        }
    );
}

#[test]
fn a_null_error_beside_a_result_is_ignored() {
    let f = r#"{"jsonrpc":"2.0","id":6,"result":true,"error":null}"#;
    assert_eq!(
        decode(f),
        Incoming::Response {
            id: Some(Id::Num(6)),
            result: Ok(json!(true))
        }
    );
}

#[test]
fn notifications_with_params_without_params_and_from_other_namespaces() {
    let joined = r#"{"jsonrpc":"2.0","method":"minecraft:notification/players/joined","params":[{"id":"853c80ef-3c37-49fd-aa49-938b674adae6","name":"jeb_"}]}"#;
    assert_eq!(
        decode(joined),
        Incoming::Notification {
            method: "minecraft:notification/players/joined".into(),
            params: Some(json!([{"id":"853c80ef-3c37-49fd-aa49-938b674adae6","name":"jeb_"}])),
        }
    );
    assert_eq!(
        decode(r#"{"jsonrpc":"2.0","method":"minecraft:notification/server/stopping"}"#),
        Incoming::Notification {
            method: "minecraft:notification/server/stopping".into(),
            params: None
        }
    );
    let modded = r#"{"jsonrpc":"2.0","method":"nem:chat_message","params":{"text":"hi","from":{"name":"jeb_"}}}"#;
    assert_eq!(
        decode(modded),
        Incoming::Notification {
            method: "nem:chat_message".into(),
            params: Some(json!({"text":"hi","from":{"name":"jeb_"}})),
        }
    );
}

#[test]
fn a_batch_response_decodes_each_element_and_keeps_bad_ones_as_malformed() {
    let f = r#"[{"jsonrpc":"2.0","id":3,"result":[]},{"jsonrpc":"2.0","id":4,"error":{"code":-32601,"message":"Method not found"}},7]"#;
    let Incoming::Batch(items) = decode(f) else {
        panic!("not a batch");
    };
    assert_eq!(items.len(), 3);
    assert!(matches!(
        &items[0],
        Incoming::Response {
            id: Some(Id::Num(3)),
            result: Ok(_)
        }
    ));
    assert!(matches!(
        &items[1],
        Incoming::Response {
            id: Some(Id::Num(4)),
            result: Err(_)
        }
    ));
    assert!(matches!(&items[2], Incoming::Malformed { .. }));
}

#[test]
fn requests_from_the_server_and_junk_are_malformed_with_a_reason() {
    for f in [
        "",
        "not json",
        "[]",
        "null",
        "{}",
        r#"{"jsonrpc":"2.0","id":1,"method":"minecraft:players"}"#,
        r#"{"jsonrpc":"2.0","error":{"message":"no code"}}"#,
        r#"{"jsonrpc":"2.0","id":null,"error":{"code":"x","message":"m"}}"#,
        r#"{"jsonrpc":"2.0","method":["a"]}"#,
    ] {
        match decode(f) {
            Incoming::Malformed { reason } => assert!(!reason.to_string().is_empty(), "{f}"),
            other => panic!("{f} decoded to {other:?}"),
        }
    }
}

#[test]
fn a_malformed_error_for_a_known_id_completes_that_call_with_the_raw_error() {
    for f in [
        r#"{"jsonrpc":"2.0","id":1,"error":{"message":"no code"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}"#,
    ] {
        match decode(f) {
            Incoming::Response {
                id: Some(Id::Num(1)),
                result: Err(e),
            } => assert_eq!(e.code, codes::INTERNAL_ERROR, "{f}"),
            other => panic!("{f} decoded to {other:?}"),
        }
    }
}

#[test]
fn what_the_simulator_encodes_decodes_back() {
    let n = encode_notification(
        "minecraft:notification/ip_bans/removed",
        Some(&json!("203.0.113.7")),
    );
    assert_eq!(
        decode(&n),
        Incoming::Notification {
            method: "minecraft:notification/ip_bans/removed".into(),
            params: Some(json!(["203.0.113.7"]))
        }
    );
    let err = RpcError::new(codes::INVALID_PARAMS, "Invalid params", Some(json!("x")));
    let v = response_value(Some(&Id::Str("a".into())), Err(err.clone()));
    assert_eq!(
        decode_value(&v),
        Incoming::Response {
            id: Some(Id::Str("a".into())),
            result: Err(err)
        }
    );
    let v = response_value(None, Ok(json!([])));
    assert_eq!(v["id"], Value::Null);
}
