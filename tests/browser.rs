//! Browser tests (wasm-bindgen-test in headless Chromium): `cargo xtask test` runs them with
//! `cargo test --target wasm32-unknown-unknown -p msmp-panel` and wasm-bindgen-test-runner.
//! Natively this file compiles to nothing. Only `#[wasm_bindgen_test]` functions run on wasm.
#![cfg(target_arch = "wasm32")]

use msmp::client::{ClientCore, Received};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SECRET: &str = "abcdefghijABCDEFGHIJ0123456789klmnopqrst";

fn protocols(second: &str) -> js_sys::Array {
    js_sys::Array::of2(&"minecraft-v1".into(), &second.into())
}

/// The panel authenticates with the subprotocols `minecraft-v1` and the secret: Chromium
/// must accept a real (40 alphanumerics) secret as a subprotocol token.
#[wasm_bindgen_test]
fn browser_accepts_a_real_secret_as_subprotocol() {
    assert_eq!(SECRET.len(), 40);
    // Port 9 on loopback: nothing listens, the connection fails later, asynchronously.
    let ws = web_sys::WebSocket::new_with_str_sequence("ws://127.0.0.1:9/", &protocols(SECRET))
        .expect("a 40-alphanumeric secret is a valid subprotocol token");
    assert_eq!(ws.url(), "ws://127.0.0.1:9/");
    ws.close().ok();
}

/// ...and refuse synchronously anything that is not an HTTP token, which is why the panel
/// checks the secret before any connection attempt.
#[wasm_bindgen_test]
fn browser_refuses_a_non_token_subprotocol() {
    let err =
        web_sys::WebSocket::new_with_str_sequence("ws://127.0.0.1:9/", &protocols("not a token"))
            .expect_err("spaces are not allowed in a subprotocol");
    let name = js_sys::Reflect::get(&err, &"name".into()).unwrap();
    assert_eq!(name.as_string().as_deref(), Some("SyntaxError"));
}

/// The protocol core runs in the browser exactly as natively.
#[wasm_bindgen_test]
fn client_core_round_trip_in_wasm() {
    let mut core = ClientCore::new();
    let (id, frame) = core.call("minecraft:allowlist", None, 0);
    assert!(
        frame.contains("\"method\":\"minecraft:allowlist\""),
        "{frame}"
    );
    let reply = format!(r#"{{"jsonrpc":"2.0","id":{id},"result":[]}}"#);
    match core.receive(&reply).as_slice() {
        [Received::Completed(c)] => {
            assert_eq!(c.id, id);
            assert_eq!(c.result, Ok(serde_json::json!([])));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(core.pending_count(), 0);
}

/// Frames are read by `msmp::from_text` with the browser's parseFloat, long ones copied in
/// as UTF-8 by the browser's TextEncoder: the `Value` must match what serde_json makes of
/// the same text, and refuse what it refuses.
#[wasm_bindgen_test]
fn browser_json_reads_frames_like_serde_json() {
    use msmp_panel::json::{parse, parse_js};
    let text = r#"{"id":7,"result":[{"name":"Alex","n":-5,"f":0.5,"big":1e20,"ok":true,"x":null,
        "s":"é\u0000\"","__proto__":{"k":[]}}]}"#;
    let ours = parse_js(&wasm_bindgen::JsValue::from_str(text)).unwrap();
    assert_eq!(
        ours,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
    assert_eq!(ours["result"][0]["n"].as_i64(), Some(-5));
    // An own key named __proto__ survives as data.
    assert!(ours["result"][0].get("__proto__").is_some());

    let err = parse("{\"a\":").unwrap_err();
    assert!(!err.is_empty(), "the browser's syntax error is passed on");
    assert!(parse("[1e400]")
        .unwrap_err()
        .contains("number out of range"));
    // Floats through parseFloat, exactly as Rust's own parser reads them.
    for t in [
        "0.1",
        "2.5e-3",
        "-1.7976931348623157e308",
        "5e-324",
        "123456.789",
    ] {
        let v = parse(t).unwrap();
        assert_eq!(v.as_f64(), t.parse::<f64>().ok(), "{t}");
    }
    // Over 64 KiB, non-ASCII text included: the TextEncoder path.
    let names: Vec<String> = (0..4000).map(|i| format!("\"spieler-ä-{i}-😀\"")).collect();
    let long = format!("{{\"result\":[{}]}}", names.join(","));
    assert!(long.len() > 1 << 16);
    assert_eq!(
        parse_js(&wasm_bindgen::JsValue::from_str(&long)).unwrap(),
        serde_json::from_str::<serde_json::Value>(&long).unwrap()
    );
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert!(parse(&deep).unwrap_err().contains("nested deeper"));
    assert!(parse(&format!("{}{}", "[".repeat(100), "]".repeat(100))).is_ok());
}
