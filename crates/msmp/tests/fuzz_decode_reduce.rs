//! Property test: arbitrary strings, mutated real frames and arbitrary JSON results and
//! notification params go through `jsonrpc::decode`, `ClientCore::receive` and the model's
//! reducers. Nothing may panic; whatever is refused must leave the model exactly as it
//! was, apart from the one event-log entry that records it; whatever is accepted must be
//! idempotent (applying it again changes nothing).
//!
//! The case counts are fixed (not read from PROPTEST_CASES) so CI always runs the same
//! bounded amount: 110,000 cases in total. Each test reports its count and time on stderr,
//! bypassing the test harness's capture so the numbers show up in CI logs.

use msmp::catalog::{self, Component, Kind, ProtocolVersion, Schema, Shape};
use msmp::client::{ClientCore, Received};
use msmp::jsonrpc::{self, Incoming};
use msmp::model::{EventKind, ServerModel, EVENT_LOG_CAPACITY};
use msmp::notification::Notification;
use msmp::problem::Problem;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value};
use std::io::Write;
use std::sync::LazyLock;
use std::time::Instant;

const STRING_CASES: u32 = 30_000;
const FRAME_CASES: u32 = 30_000;
const RESULT_CASES: u32 = 25_000;
const NOTIFICATION_CASES: u32 = 25_000;

const JEB: &str = r#"{"id":"853c80ef-3c37-49fd-aa49-938b674adae6","name":"jeb_"}"#;

/// Frames as PROTOCOL.md shows or describes the real server sending them; ids 1–12 match
/// the calls pending in [`BASE_CORE`].
static REAL_FRAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    [
        r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found","data":"Method not found: minecraft:foo/bar"}}"#.to_string(),
        r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}"#.to_string(),
        r#"{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"Invalid params","data":"Expected exactly one element in the params array"}}"#.to_string(),
        r#"{"jsonrpc":"2.0","id":2,"result":{"error":{"code":-32603,"message":"Internal error"}}}"#.to_string(),
        format!(r#"{{"jsonrpc":"2.0","method":"minecraft:notification/players/joined","params":[{JEB}]}}"#),
        format!(r#"{{"jsonrpc":"2.0","method":"minecraft:notification/players/left","params":[{JEB}]}}"#),
        r#"{"jsonrpc":"2.0","method":"minecraft:notification/server/stopping"}"#.to_string(),
        r#"{"jsonrpc":"2.0","method":"minecraft:notification/server/started"}"#.to_string(),
        format!(r#"{{"jsonrpc":"2.0","method":"minecraft:notification/server/status","params":[{{"started":true,"version":{{"name":"1.21.9","protocol":773}},"players":[{JEB}]}}]}}"#),
        r#"{"jsonrpc":"2.0","method":"minecraft:notification/ip_bans/removed","params":["203.0.113.7"]}"#.to_string(),
        r#"{"jsonrpc":"2.0","method":"minecraft:notification/gamerules/updated","params":[{"key":"minecraft:advance_time","type":"boolean","value":false}]}"#.to_string(),
        r#"{"jsonrpc":"2.0","method":"minecraft:notification/bans/added","params":[{"player":{"name":"Notch"},"reason":null,"source":null,"expires":null}]}"#.to_string(),
        r#"{"jsonrpc":"2.0","method":"nem:chat_message","params":[{"text":"hi"}]}"#.to_string(),
        format!(r#"{{"jsonrpc":"2.0","id":1,"result":[{JEB}]}}"#),
        format!(r#"{{"jsonrpc":"2.0","id":2,"result":{{"started":true,"version":{{"name":"1.21.9","protocol":773}},"players":[{JEB}]}}}}"#),
        r#"{"jsonrpc":"2.0","id":4,"result":[{"player":{"name":"Notch"},"reason":"griefing","source":"Management server","expires":"2030-01-01T00:00:00Z"}]}"#.to_string(),
        r#"{"jsonrpc":"2.0","id":5,"result":[{"ip":"203.0.113.7","source":"Management server"}]}"#.to_string(),
        format!(r#"{{"jsonrpc":"2.0","id":6,"result":[{{"player":{JEB},"permissionLevel":4,"bypassesPlayerLimit":false}}]}}"#),
        r#"{"jsonrpc":"2.0","id":7,"result":[{"key":"doDaylightCycle","type":"boolean","value":"true"}]}"#.to_string(),
        r#"{"jsonrpc":"2.0","id":8,"result":{"key":"minecraft:spawn_radius","type":"integer","value":10}}"#.to_string(),
        r#"{"jsonrpc":"2.0","id":9,"result":20}"#.to_string(),
        format!(r#"{{"jsonrpc":"2.0","id":10,"result":[{JEB}]}}"#),
        r#"[{"jsonrpc":"2.0","id":11,"result":true},{"jsonrpc":"2.0","id":3,"result":[]}]"#.to_string(),
    ]
    .into_iter()
    .collect()
});

const PENDING_METHODS: [&str; 12] = [
    "minecraft:allowlist/add",
    "minecraft:server/status",
    "minecraft:players",
    "minecraft:bans/add",
    "minecraft:ip_bans",
    "minecraft:operators/add",
    "minecraft:gamerules",
    "minecraft:gamerules/update",
    "minecraft:serversettings/max_players",
    "minecraft:players/kick",
    "minecraft:server/save",
    "rpc.discover",
];

/// A core with one call pending per entry of [`PENDING_METHODS`], ids 1–12.
static BASE_CORE: LazyLock<ClientCore> = LazyLock::new(|| {
    let mut core = ClientCore::new();
    for m in PENDING_METHODS {
        core.call(m, None, 0);
    }
    core
});

/// A model with something in every part, so a wrong removal or overwrite shows.
static BASE_MODEL: LazyLock<ServerModel> = LazyLock::new(|| {
    let mut m = ServerModel::new();
    let jeb: Value = serde_json::from_str(JEB).unwrap();
    let results = [
        (
            "server/status",
            json!({"started": true, "version": {"name": "1.21.11", "protocol": 774}, "players": [jeb]}),
        ),
        ("allowlist", json!([jeb, {"name": "Notch"}])),
        (
            "bans",
            json!([{"player": {"name": "Herobrine"}, "reason": "haunting"}]),
        ),
        ("ip_bans", json!([{"ip": "198.51.100.4"}])),
        ("operators", json!([{"player": jeb, "permissionLevel": 4}])),
        (
            "gamerules",
            json!([{"key": "minecraft:advance_time", "type": "boolean", "value": true}]),
        ),
        ("serversettings/motd", json!("A Minecraft Server")),
    ];
    for (method, v) in results {
        m.apply_result(method, &v).unwrap();
    }
    m.receive_notification("minecraft:notification/server/saved", None, 0);
    m
});

// ---- generators -------------------------------------------------------------------------

const KEYS: &[&str] = &[
    "id",
    "name",
    "player",
    "ip",
    "reason",
    "source",
    "expires",
    "permissionLevel",
    "bypassesPlayerLimit",
    "started",
    "version",
    "players",
    "protocol",
    "key",
    "type",
    "value",
    "code",
    "message",
    "data",
    "error",
    "result",
    "method",
    "params",
    "jsonrpc",
    "literal",
    "overlay",
    "info",
    "methods",
];

const WORDS: &[&str] = &[
    "jeb_",
    "JEB_",
    "Notch",
    "853c80ef-3c37-49fd-aa49-938b674adae6",
    "203.0.113.7",
    "true",
    "false",
    "10",
    "boolean",
    "integer",
    "hard",
    "creative",
    "2.0.0",
    "2.0",
    "minecraft:players",
    "minecraft:notification/players/joined",
    "",
];

/// Short strings from a small alphabet (cheaper to generate than a regex strategy).
fn arb_string() -> BoxedStrategy<String> {
    const CHARS: &[char] = &[
        'a', 'J', 'e', 'b', '_', ':', '/', '.', '0', '7', '-', ' ', 'é',
    ];
    prop_oneof![
        prop::sample::select(WORDS).prop_map(str::to_string),
        prop::collection::vec(prop::sample::select(CHARS), 0..8)
            .prop_map(|cs| cs.into_iter().collect()),
    ]
    .boxed()
}

fn arb_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![any::<i64>(), -2i64..40].prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        arb_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 5, |inner| {
        let key = prop_oneof![
            prop::sample::select(KEYS).prop_map(str::to_string),
            arb_string()
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
    .boxed()
}

/// A value that has `schema`'s shape (in either game-rule generation), so the
/// accepting paths of the reducers get exercised as much as the refusing ones.
fn arb_for(schema: Schema) -> BoxedStrategy<Value> {
    match schema {
        Schema::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Schema::Int => (-3i64..100).prop_map(|n| json!(n)).boxed(),
        Schema::Number => (-0.5f64..1.5).prop_map(|f| json!(f)).boxed(),
        Schema::Str => arb_string().prop_map(Value::String).boxed(),
        Schema::StrEnum(values) => prop::sample::select(values).prop_map(|s| json!(s)).boxed(),
        Schema::BoolOrInt => prop_oneof![
            any::<bool>().prop_map(Value::Bool),
            (0i64..10).prop_map(|n| json!(n)),
            prop::sample::select(&["true", "5"][..]).prop_map(|s| json!(s)),
        ]
        .boxed(),
        Schema::Array(items) => prop::collection::vec(arb_for(*items), 0..4)
            .prop_map(Value::Array)
            .boxed(),
        Schema::Ref(c) => arb_component(c),
    }
}

fn arb_component(c: Component) -> BoxedStrategy<Value> {
    match c.shape(ProtocolVersion::LATEST) {
        Shape::Enum(values) => prop_oneof![
            prop::sample::select(values).prop_map(|s| json!(s)),
            Just(json!("nightmare")),
        ]
        .boxed(),
        Shape::Object(props) => {
            let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = props
                .into_iter()
                .map(|(name, schema)| {
                    prop::option::weighted(0.8, arb_for(schema))
                        .prop_map(move |v| v.map(|v| (name.to_string(), v)))
                        .boxed()
                })
                .collect();
            fields
                .prop_map(|fs| Value::Object(fs.into_iter().flatten().collect()))
                .boxed()
        }
    }
}

/// One step of a structural mutation.
#[derive(Debug, Clone)]
enum Edit {
    Replace(Value),
    RemoveKey(usize),
    AddKey(String, Value),
    WrapInArray,
    Stringify,
    Null,
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        arb_json().prop_map(Edit::Replace),
        any::<usize>().prop_map(Edit::RemoveKey),
        (prop::sample::select(KEYS), arb_json()).prop_map(|(k, v)| Edit::AddKey(k.into(), v)),
        Just(Edit::WrapInArray),
        Just(Edit::Stringify),
        Just(Edit::Null),
    ]
}

/// Walks `path` (child picks, modulo the number of children) and applies `edit` there.
fn edit_at(v: &mut Value, path: &[usize], edit: Edit) {
    if let Some((&pick, rest)) = path.split_first() {
        let child = match v {
            Value::Array(a) if !a.is_empty() => {
                let n = a.len();
                a.get_mut(pick % n)
            }
            Value::Object(o) if !o.is_empty() => {
                let n = o.len();
                o.values_mut().nth(pick % n)
            }
            _ => None,
        };
        if let Some(child) = child {
            return edit_at(child, rest, edit);
        }
    }
    match edit {
        Edit::Replace(x) => *v = x,
        Edit::RemoveKey(i) => {
            if let Some(o) = v.as_object_mut() {
                if let Some(k) = o.keys().nth(i % o.len().max(1)).cloned() {
                    o.remove(&k);
                }
            }
        }
        Edit::AddKey(k, x) => {
            if let Some(o) = v.as_object_mut() {
                o.insert(k, x);
            }
        }
        Edit::WrapInArray => *v = Value::Array(vec![v.take()]),
        Edit::Stringify => *v = Value::String(v.to_string()),
        Edit::Null => *v = Value::Null,
    }
}

/// A byte-level mutation of a frame's text.
#[derive(Debug, Clone)]
enum ByteOp {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Truncate(usize),
    Duplicate(usize, usize),
}

fn arb_byte_op() -> impl Strategy<Value = ByteOp> {
    let interesting = prop_oneof![
        any::<u8>(),
        prop::sample::select(&b"{}[]\",:0123456789-.etrufnalsx\\ "[..]),
    ];
    prop_oneof![
        (any::<usize>(), interesting.clone()).prop_map(|(i, b)| ByteOp::Flip(i, b)),
        (any::<usize>(), interesting).prop_map(|(i, b)| ByteOp::Insert(i, b)),
        (any::<usize>(), 1usize..8).prop_map(|(i, n)| ByteOp::Delete(i, n)),
        any::<usize>().prop_map(ByteOp::Truncate),
        (any::<usize>(), 1usize..16).prop_map(|(i, n)| ByteOp::Duplicate(i, n)),
    ]
}

fn apply_byte_ops(frame: &str, ops: &[ByteOp]) -> String {
    let mut b = frame.as_bytes().to_vec();
    for op in ops {
        let at = |i: usize, b: &Vec<u8>| if b.is_empty() { 0 } else { i % b.len() };
        match *op {
            ByteOp::Flip(i, x) if !b.is_empty() => {
                let i = at(i, &b);
                b[i] = x;
            }
            ByteOp::Insert(i, x) => {
                let i = at(i, &b);
                b.insert(i, x);
            }
            ByteOp::Delete(i, n) if !b.is_empty() => {
                let i = at(i, &b);
                b.drain(i..(i + n).min(b.len()));
            }
            ByteOp::Truncate(i) => b.truncate(at(i, &b)),
            ByteOp::Duplicate(i, n) if !b.is_empty() => {
                let i = at(i, &b);
                let piece = b[i..(i + n).min(b.len())].to_vec();
                b.splice(i..i, piece);
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

#[derive(Debug, Clone)]
enum FrameInput {
    Bytes(usize, Vec<ByteOp>),
    Structure(usize, Vec<usize>, Edit),
}

fn arb_frame() -> impl Strategy<Value = String> {
    let n = REAL_FRAMES.len();
    prop_oneof![
        (0..n, prop::collection::vec(arb_byte_op(), 1..4))
            .prop_map(|(i, ops)| FrameInput::Bytes(i, ops)),
        (
            0..n,
            prop::collection::vec(any::<usize>(), 0..5),
            arb_edit()
        )
            .prop_map(|(i, path, e)| FrameInput::Structure(i, path, e)),
    ]
    .prop_map(|input| match input {
        FrameInput::Bytes(i, ops) => apply_byte_ops(&REAL_FRAMES[i], &ops),
        FrameInput::Structure(i, path, edit) => {
            let mut v: Value = serde_json::from_str(&REAL_FRAMES[i]).unwrap();
            edit_at(&mut v, &path, edit);
            v.to_string()
        }
    })
}

// ---- checks -----------------------------------------------------------------------------

/// `after` must equal `before` plus exactly one new last event, which `check` inspects.
fn assert_only_logged(
    before: &ServerModel,
    after: &ServerModel,
    check: impl Fn(&msmp::model::Event),
) {
    let last = after.events.back().expect("an event was logged").clone();
    check(&last);
    // Replay a logging on a copy of `before` to advance its sequence number the same way;
    // without their logs, both must be identical.
    let (mut expected, mut got) = (before.clone(), after.clone());
    expected.log_malformed(Problem::text(""), last.at_ms);
    expected.clear_events();
    got.clear_events();
    assert_eq!(got, expected, "the model changed beyond its event log");
    // The log only gained that event (and may have dropped its oldest ones for room).
    let kept: Vec<_> = after.events.iter().take(after.events.len() - 1).collect();
    let tail: Vec<_> = before
        .events
        .iter()
        .skip(before.events.len() + 1 - after.events.len())
        .collect();
    assert_eq!(kept, tail);
    assert!(after.events.len() <= EVENT_LOG_CAPACITY);
}

fn check_result(model: &mut ServerModel, method: &str, value: &Value) {
    let before = model.clone();
    match model.apply_result(method, value) {
        Err(e) => {
            assert!(!e.to_string().is_empty());
            assert_eq!(
                *model, before,
                "refused {method} {value} but changed the model"
            );
        }
        Ok(()) => {
            let once = model.clone();
            model
                .apply_result(method, value)
                .expect("accepted once, accepted twice");
            assert_eq!(*model, once, "{method} {value} is not idempotent");
        }
    }
}

fn check_notification(model: &mut ServerModel, method: &str, params: Option<&Value>, now: u64) {
    let before = model.clone();
    let n = model.receive_notification(method, params, now);
    match &n {
        Notification::Invalid { .. } | Notification::Unknown { .. } => {
            let invalid = matches!(n, Notification::Invalid { .. });
            assert_only_logged(&before, model, |e| {
                let kind = if invalid {
                    EventKind::Invalid
                } else {
                    EventKind::Unknown
                };
                assert_eq!(e.kind, kind);
                match e.truncated {
                    None => assert_eq!(e.params.as_ref(), params),
                    Some(len) => {
                        let full = msmp::jsonrpc::json_text(params.unwrap());
                        assert_eq!(len, full.len());
                        assert!(full.starts_with(e.params.as_ref().unwrap().as_str().unwrap()));
                    }
                }
                assert_eq!(e.error.is_some(), invalid);
                assert_eq!(e.at_ms, now);
            });
        }
        _ => {
            let e = model.events.back().unwrap();
            assert_eq!(e.kind, EventKind::Notification);
            let once = model.clone();
            model.apply_notification(&n, now);
            assert_eq!(*model, once, "{method} {params:?} is not idempotent");
        }
    }
}

/// What the panel does with a frame: the core routes it, the model applies or logs it.
fn feed(core: &mut ClientCore, model: &mut ServerModel, frame: &str, now: u64) {
    let pending_before = core.pending_count();
    let out = core.receive(frame);
    let completed = out
        .iter()
        .filter(|r| matches!(r, Received::Completed(_)))
        .count();
    assert_eq!(core.pending_count(), pending_before - completed);
    for r in out {
        match r {
            Received::Completed(c) => {
                assert!((1..=PENDING_METHODS.len() as u64).contains(&c.id));
                assert_eq!(c.method, PENDING_METHODS[c.id as usize - 1]);
                if let Ok(v) = &c.result {
                    check_result(model, &c.method, v);
                }
            }
            Received::Notification { method, params } => {
                check_notification(model, &method, params.as_ref(), now)
            }
            Received::Malformed(reason) => {
                let before = model.clone();
                model.log_malformed(reason.clone(), now);
                assert_only_logged(&before, model, |e| {
                    assert_eq!(e.kind, EventKind::Malformed);
                    assert_eq!(e.error.as_ref(), Some(&reason));
                });
            }
            Received::Unattributed(_) => {}
        }
    }
}

fn run<S: Strategy>(name: &str, cases: u32, strategy: S, test: impl Fn(S::Value))
where
    S::Value: std::fmt::Debug,
{
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let start = Instant::now();
    let count = std::cell::Cell::new(0u32);
    TestRunner::new(config)
        .run(&strategy, |v| {
            count.set(count.get() + 1);
            test(v);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let line = format!(
        "property {name}: {} cases in {:.2} s\n",
        count.get(),
        start.elapsed().as_secs_f64()
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
    assert!(count.get() >= cases);
}

/// One of many strategies, uniformly. Cheaper per case than a ~90-way `Union`, which
/// keeps a lazy tree (and a runner clone) for every option before the pick.
fn pick_one<T: std::fmt::Debug + 'static>(all: Vec<BoxedStrategy<T>>) -> BoxedStrategy<T> {
    (0..all.len())
        .prop_flat_map(move |i| all[i].clone())
        .boxed()
}

// ---- properties -------------------------------------------------------------------------

#[test]
fn arbitrary_strings_never_panic_and_only_add_log_entries() {
    // Any characters, JSON-ish characters, and JSON text that is not a frame. (Not
    // `any::<String>()`: its regex-based generator is several times slower in debug.)
    const JSONISH: &[char] = &[
        '[', ']', '{', '}', '"', ',', ':', '0', '1', '-', '.', 'e', 'a', ' ',
    ];
    let strings = prop_oneof![
        prop::collection::vec(any::<char>(), 0..40).prop_map(String::from_iter),
        prop::collection::vec(prop::sample::select(JSONISH), 0..40).prop_map(String::from_iter),
        arb_json().prop_map(|v| v.to_string()),
    ];
    run("arbitrary strings", STRING_CASES, strings, |s| {
        let decoded = jsonrpc::decode(&s);
        // `decode` reads as the panel does (`from_text`, which refuses what serde_json
        // refuses but lone surrogate escapes).
        if serde_json::from_str::<Value>(&s).is_err() && !s.contains("\\u") {
            assert!(matches!(decoded, Incoming::Malformed { .. }));
        }
        let mut core = BASE_CORE.clone();
        let mut model = BASE_MODEL.clone();
        feed(&mut core, &mut model, &s, 7);
    });
}

#[test]
fn mutated_real_frames_never_panic_and_refusals_change_nothing() {
    run("mutated frames", FRAME_CASES, arb_frame(), |frame| {
        let mut core = BASE_CORE.clone();
        let mut model = BASE_MODEL.clone();
        feed(&mut core, &mut model, &frame, 7);
    });
}

#[test]
fn results_of_every_catalog_method_are_applied_or_refused_cleanly() {
    let methods: Vec<&'static str> = catalog::all()
        .iter()
        .map(|m| m.name)
        .chain(["rpc.discover", "nem:custom/thing"])
        .collect();
    let value_for = |name: &str| -> BoxedStrategy<Value> {
        let spec = catalog::find(name).filter(|m| m.kind == Kind::Method);
        let shaped = match spec.and_then(|m| m.result) {
            Some(r) => arb_for(r.schema),
            None if name == "rpc.discover" => prop::sample::select(ProtocolVersion::ALL.to_vec())
                .prop_map(catalog::discover_document)
                .boxed(),
            None => arb_json(),
        };
        prop_oneof![
            2 => shaped.clone(),
            1 => (shaped, prop::collection::vec(any::<usize>(), 0..4), arb_edit())
                .prop_map(|(mut v, path, e)| { edit_at(&mut v, &path, e); v }),
            1 => arb_json(),
        ]
        .boxed()
    };
    let strategies: Vec<_> = methods
        .iter()
        .map(|&m| value_for(m).prop_map(move |v| (m, v)).boxed())
        .collect();
    let cases = pick_one(strategies);
    run("apply_result", RESULT_CASES, cases, |(method, value)| {
        let mut model = BASE_MODEL.clone();
        check_result(&mut model, method, &value);
    });
}

#[test]
fn notification_params_are_applied_or_logged_as_invalid_cleanly() {
    let names: Vec<&'static str> = catalog::all()
        .iter()
        .filter(|m| m.kind == Kind::Notification)
        .map(|m| m.name)
        .chain(["nem:chat_message", "notification/players/joined"])
        .collect();
    let strategies: Vec<_> = names
        .iter()
        .map(|&name| {
            let param = catalog::find(name).and_then(|m| m.param);
            let shaped = match param {
                Some(p) => arb_for(p.schema).prop_map(|v| Some(json!([v]))).boxed(),
                None => Just(None).boxed(),
            };
            prop_oneof![
                2 => shaped,
                1 => prop::option::of(arb_json()),
                1 => arb_json().prop_map(|v| Some(json!([v]))),
            ]
            .prop_map(move |p| (name, p))
            .boxed()
        })
        .collect();
    let cases = pick_one(strategies);
    run(
        "notifications",
        NOTIFICATION_CASES,
        cases,
        |(name, params)| {
            let mut model = BASE_MODEL.clone();
            check_notification(&mut model, name, params.as_ref(), 11);
        },
    );
}
