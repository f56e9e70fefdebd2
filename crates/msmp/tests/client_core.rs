//! The sans-IO client core: ids, completion, deadlines, disconnects and reconnect backoff.

use msmp::client::{Backoff, CallError, ClientCore, Completion, Received, DEFAULT_TIMEOUT_MS};
use msmp::jsonrpc::{codes, Id, RpcError};
use msmp::problem::Kind;
use serde_json::{json, Value};

fn sent(frame: &str) -> Value {
    serde_json::from_str(frame).expect("the core sends JSON")
}

#[test]
fn ids_start_at_one_increase_and_are_in_the_frame() {
    let mut c = ClientCore::new();
    let (a, fa) = c.call("minecraft:allowlist", None, 0);
    let (b, fb) = c.call("minecraft:players", None, 0);
    assert_eq!((a, b), (1, 2));
    assert_eq!(sent(&fa)["id"], json!(1));
    assert_eq!(sent(&fb)["id"], json!(2));
    assert_eq!(c.pending_count(), 2);
}

#[test]
fn a_response_completes_the_call_with_its_id_and_method() {
    let mut c = ClientCore::new();
    let (id, frame) = c.call(
        "minecraft:allowlist/add",
        Some(&json!([{"name": "jeb_"}])),
        0,
    );
    assert_eq!(sent(&frame)["params"], json!([[{"name": "jeb_"}]]));
    let out = c.receive(
        r#"{"jsonrpc":"2.0","id":1,"result":[{"id":"853c80ef-3c37-49fd-aa49-938b674adae6","name":"jeb_"}]}"#,
    );
    assert_eq!(
        out,
        vec![Received::Completed(Completion {
            id,
            method: "minecraft:allowlist/add".into(),
            tag: (),
            result: Ok(json!([{"id":"853c80ef-3c37-49fd-aa49-938b674adae6","name":"jeb_"}])),
        })]
    );
    assert_eq!(c.pending_count(), 0);
}

#[test]
fn responses_complete_out_of_order_calls_by_id() {
    let mut c = ClientCore::new();
    let (a, _) = c.call("minecraft:allowlist", None, 0);
    let (b, _) = c.call("minecraft:server/status", None, 0);
    let out = c.receive(&format!(
        r#"{{"jsonrpc":"2.0","id":{b},"result":{{"started":true}}}}"#
    ));
    assert!(
        matches!(&out[..], [Received::Completed(x)] if x.id == b && x.method == "minecraft:server/status")
    );
    let out = c.receive(&format!(r#"{{"jsonrpc":"2.0","id":{a},"result":[]}}"#));
    assert!(
        matches!(&out[..], [Received::Completed(x)] if x.id == a && x.method == "minecraft:allowlist")
    );
}

#[test]
fn an_error_response_completes_the_call_with_the_rpc_error() {
    let mut c = ClientCore::new();
    c.call("minecraft:foo/bar", None, 0);
    let out = c.receive(r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found","data":"Method not found: minecraft:foo/bar"}}"#);
    let [Received::Completed(done)] = &out[..] else {
        panic!("{out:?}");
    };
    assert_eq!(
        done.result,
        Err(CallError::Rpc(RpcError::new(
            codes::METHOD_NOT_FOUND,
            "Method not found",
            Some(json!("Method not found: minecraft:foo/bar"))
        )))
    );
}

#[test]
fn a_batch_gets_consecutive_ids_and_its_array_response_completes_each() {
    let mut c = ClientCore::new();
    c.call("minecraft:players", None, 0);
    let (ids, frame) = c.batch(
        &[
            ("minecraft:allowlist", None),
            ("minecraft:server/save", Some(json!(true))),
        ],
        0,
    );
    assert_eq!(ids, vec![2, 3]);
    let v = sent(&frame);
    assert_eq!(v[0]["id"], json!(2));
    assert_eq!(v[1]["id"], json!(3));
    assert_eq!(v[1]["params"], json!([true]));
    // The server may answer a batch in any order.
    let out = c.receive(
        r#"[{"jsonrpc":"2.0","id":3,"result":true},{"jsonrpc":"2.0","id":2,"result":[]}]"#,
    );
    let done: Vec<(u64, &str)> = out
        .iter()
        .map(|r| match r {
            Received::Completed(x) => (x.id, x.method.as_str()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        done,
        vec![(3, "minecraft:server/save"), (2, "minecraft:allowlist")]
    );
    assert_eq!(c.pending_count(), 1);
}

#[test]
fn responses_to_no_pending_call_are_reported_not_applied() {
    let mut c = ClientCore::new();
    c.call("minecraft:players", None, 0);
    for (f, id) in [
        (r#"{"jsonrpc":"2.0","id":99,"result":[]}"#, Id::Num(99)),
        (
            r#"{"jsonrpc":"2.0","id":"1","result":[]}"#,
            Id::Str("1".into()),
        ),
        (r#"{"jsonrpc":"2.0","id":-1,"result":[]}"#, Id::Num(-1)),
    ] {
        let out = c.receive(f);
        assert_eq!(
            out,
            vec![Received::Malformed(Kind::NoPendingCall { id }.into())],
            "{f}"
        );
    }
    let out = c.receive(r#"{"jsonrpc":"2.0","id":"1","result":[]}"#);
    let [Received::Malformed(why)] = &out[..] else {
        panic!("{out:?}")
    };
    assert_eq!(why.to_string(), "a response to no pending call (id \"1\")");
    assert_eq!(
        c.receive(r#"{"jsonrpc":"2.0","id":null,"result":[]}"#),
        vec![Received::Malformed(Kind::ResultWithoutId.into())]
    );
    assert_eq!(c.pending_count(), 1);
    // A second answer to the same id is no longer pending.
    assert!(matches!(
        &c.receive(r#"{"jsonrpc":"2.0","id":1,"result":[]}"#)[..],
        [Received::Completed(_)]
    ));
    assert!(matches!(
        &c.receive(r#"{"jsonrpc":"2.0","id":1,"result":[]}"#)[..],
        [Received::Malformed(_)]
    ));
}

#[test]
fn null_id_errors_are_unattributed_and_fail_no_call() {
    let mut c = ClientCore::new();
    c.call("minecraft:players", None, 0);
    let out =
        c.receive(r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}"#);
    assert!(matches!(&out[..], [Received::Unattributed(e)] if e.code == codes::PARSE_ERROR));
    assert_eq!(c.pending_count(), 1);
}

#[test]
fn notifications_pass_through_with_their_params() {
    let mut c = ClientCore::new();
    let out = c.receive(r#"{"jsonrpc":"2.0","method":"minecraft:notification/players/joined","params":[{"id":"853c80ef-3c37-49fd-aa49-938b674adae6","name":"jeb_"}]}"#);
    assert_eq!(
        out,
        vec![Received::Notification {
            method: "minecraft:notification/players/joined".into(),
            params: Some(json!([{"id":"853c80ef-3c37-49fd-aa49-938b674adae6","name":"jeb_"}]))
        }]
    );
}

#[test]
fn garbage_is_malformed() {
    let mut c = ClientCore::new();
    assert!(matches!(&c.receive("}{")[..], [Received::Malformed(_)]));
}

#[test]
fn calls_time_out_after_the_default_30_seconds() {
    assert_eq!(DEFAULT_TIMEOUT_MS, 30_000);
    let mut c = ClientCore::new();
    let (a, _) = c.call("minecraft:players", None, 1_000);
    let (b, _) = c.call("minecraft:allowlist", None, 5_000);
    assert_eq!(c.next_deadline(), Some(31_000));
    assert!(c.expire(30_999).is_empty());
    let expired = c.expire(31_000);
    assert_eq!(
        expired,
        vec![Completion {
            id: a,
            method: "minecraft:players".into(),
            tag: (),
            result: Err(CallError::Timeout { after_ms: 30_000 })
        }]
    );
    assert_eq!(c.next_deadline(), Some(35_000));
    assert_eq!(
        c.expire(100_000).iter().map(|x| x.id).collect::<Vec<_>>(),
        vec![b]
    );
    assert_eq!(c.next_deadline(), None);
    // A late answer to an expired call completes nothing.
    assert!(matches!(
        &c.receive(r#"{"jsonrpc":"2.0","id":1,"result":[]}"#)[..],
        [Received::Malformed(_)]
    ));
}

#[test]
fn a_custom_timeout_is_used_and_reported() {
    let mut c = ClientCore::with_timeout(5_000);
    c.call("minecraft:players", None, 0);
    let e = &c.expire(5_000)[0];
    assert_eq!(e.result, Err(CallError::Timeout { after_ms: 5_000 }));
    assert_eq!(
        e.result.as_ref().unwrap_err().to_string(),
        "no answer from the server within 5 s"
    );
}

#[test]
fn a_disconnect_fails_every_pending_call_once() {
    let mut c = ClientCore::new();
    c.call("minecraft:players", None, 0);
    c.batch(
        &[("minecraft:bans", None), ("minecraft:operators", None)],
        0,
    );
    let failed = c.disconnect();
    assert_eq!(
        failed.iter().map(|x| x.id).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert!(failed
        .iter()
        .all(|x| x.result == Err(CallError::Disconnected)));
    assert_eq!(c.pending_count(), 0);
    assert!(c.disconnect().is_empty());
    assert!(c.expire(u64::MAX).is_empty());
    // Ids keep increasing across connections, so a stale answer cannot complete a new call.
    assert_eq!(c.call("minecraft:players", None, 0).0, 4);
}

#[test]
fn backoff_doubles_from_one_second_and_caps_at_sixty() {
    let mut b = Backoff::new();
    let delays: Vec<u64> = (0..10).map(|_| b.next_delay_ms()).collect();
    assert_eq!(
        delays,
        vec![1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]
    );
    for _ in 0..100 {
        assert_eq!(b.next_delay_ms(), 60_000);
    }
}

#[test]
fn backoff_resets_only_after_a_stable_connection() {
    let mut b = Backoff::new();
    for _ in 0..4 {
        b.next_delay_ms();
    }
    // A connection that drops quickly does not reset the schedule.
    b.on_open(100_000);
    b.on_close(100_000 + Backoff::STABLE_MS - 1);
    assert_eq!(b.next_delay_ms(), 16_000);
    // One that stayed up long enough does.
    b.on_open(200_000);
    b.on_close(200_000 + Backoff::STABLE_MS);
    assert_eq!(b.attempts(), 0);
    assert_eq!(b.next_delay_ms(), 1_000);
    assert_eq!(b.next_delay_ms(), 2_000);
    // A failed attempt (closed without opening) keeps going.
    b.on_close(999_999);
    assert_eq!(b.next_delay_ms(), 4_000);
    b.reset();
    assert_eq!(b.next_delay_ms(), 1_000);
}
