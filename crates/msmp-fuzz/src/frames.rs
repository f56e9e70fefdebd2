//! Frames a server might send, given the panel's state: answers to the calls actually
//! pending (real results and errors recorded from msmp-sim, or values shaped by the
//! catalog's schemas), notifications (real, shaped, unknown, misnamed), batches of both,
//! anything else, and then maybe mutated at the structure or the byte level.

use crate::corpus::Corpus;
use crate::gen;
use crate::panel::Panel;
use crate::rng::Rng;
use msmp::catalog::{self, Kind};
use msmp::jsonrpc::{json_text, response_value, Id};
use serde_json::{json, Value};

/// A text frame: a real or shaped answer to a pending call, a notification, a batch, or
/// anything else, then maybe mutated.
pub fn frame(corpus: &Corpus, p: &Panel, rng: &mut Rng) -> Vec<u8> {
    let mut v = match rng.below(20) {
        0..=7 => response(corpus, p, rng),
        8..=13 => notification(corpus, rng),
        14..=15 => {
            let n = 1 + rng.below(4);
            Value::Array(
                (0..n)
                    .map(|_| {
                        if rng.bool() {
                            response(corpus, p, rng)
                        } else {
                            notification(corpus, rng)
                        }
                    })
                    .collect(),
            )
        }
        16 => {
            let f = rng.pick(&corpus.frames);
            match serde_json::from_str(f) {
                Ok(v) => v,
                Err(_) => return f.clone().into_bytes(),
            }
        }
        17 => return gen::noise(rng),
        _ => gen::any(rng, 4),
    };
    if rng.chance(1, 3) {
        for _ in 0..1 + rng.below(3) {
            gen::mutate_value(rng, &mut v);
        }
    }
    let mut bytes = json_text(&v).into_bytes();
    if rng.chance(1, 5) {
        let donor = rng.pick(&corpus.frames).as_bytes();
        for _ in 0..1 + rng.below(4) {
            gen::mutate_bytes(rng, &mut bytes, donor);
        }
    }
    bytes
}

/// An answer: usually to a pending call, with a real result or error for its method, or
/// a shaped one; sometimes to no call at all.
fn response(corpus: &Corpus, p: &Panel, rng: &mut Rng) -> Value {
    let pending = p.pending_ids();
    let (id, method): (Value, Option<String>) = if !pending.is_empty() && rng.chance(4, 5) {
        let id = *rng.pick(&pending);
        (json!(id), p.method_of(id).map(str::to_string))
    } else {
        let id = match rng.below(6) {
            0 => Value::Null,
            1 => json!("1"),
            2 => json!(1.0),
            3 => json!(-1),
            4 => json!(u64::MAX),
            _ => json!(rng.below(40)),
        };
        (id, None)
    };
    let method = method.unwrap_or_else(|| rng.pick(catalog::all()).name.to_string());
    // A real discover document is large: mostly answer discovery with a small one.
    let costly = method == "rpc.discover" && rng.chance(7, 8);
    let real = corpus
        .answers
        .get(&method)
        .filter(|a| !a.is_empty() && !costly);
    let (member, body) = match real {
        Some(answers) if rng.chance(3, 4) => rng.pick(answers).clone(),
        _ => match rng.below(4) {
            0 => ("error".to_string(), error(rng, &method)),
            _ => ("result".to_string(), result_for(rng, &method)),
        },
    };
    let mut o = serde_json::Map::new();
    o.insert("jsonrpc".into(), json!("2.0"));
    o.insert("id".into(), id);
    o.insert(member, body);
    Value::Object(o)
}

fn result_for(rng: &mut Rng, method: &str) -> Value {
    let spec = catalog::find(method).filter(|m| m.kind == Kind::Method);
    match spec.and_then(|m| m.result) {
        Some(r) if rng.chance(3, 4) => {
            let v = *rng.pick(&msmp::ProtocolVersion::ALL);
            gen::shaped(rng, &r.schema, v)
        }
        _ if method == "rpc.discover" && rng.chance(3, 4) => small_discover(rng),
        _ => gen::any(rng, 3),
    }
}

/// A discover document with a few of the catalog's methods (and maybe a custom one).
fn small_discover(rng: &mut Rng) -> Value {
    let version = rng.pick(&["1.0.0", "2.0.0", "3.0.0", "3.1.0", "9.0.0", "x"]);
    let mut methods: Vec<Value> = (0..rng.below(8))
        .map(|_| {
            let m = rng.pick(catalog::all());
            let mut o = json!({"name": m.name, "description": m.description_in(catalog::ProtocolVersion::V3_1_0), "params": []});
            if let Some(r) = m.result {
                o["result"] = json!({"name": r.name, "schema": r.schema.to_json()});
            }
            o
        })
        .collect();
    for getter in catalog::state_getters() {
        if rng.chance(1, 6) {
            methods
                .push(json!({"name": getter, "params": [], "result": {"name": "r", "schema": {}}}));
        }
    }
    if rng.chance(1, 4) {
        methods.push(json!({"name": "nem:custom/thing", "params": [{"name": "x", "schema": {"type": "string"}}], "result": {"name": "ok", "schema": {"type": "boolean"}}}));
    }
    json!({"openrpc": "1.3.2", "info": {"version": version}, "methods": methods, "components": {"schemas": {}}})
}

fn error(rng: &mut Rng, method: &str) -> Value {
    match rng.below(6) {
        0 => json!({"code": -32600, "message": "Invalid Request",
            "data": format!("Method cannot be dispatched pre server initialization: {method}")}),
        1 => json!({"code": -32601, "message": "Method not found"}),
        2 => json!({"code": -32602, "message": "Invalid params", "data": gen::any(rng, 2)}),
        3 => json!({"code": gen::edge_number(rng), "message": gen::any(rng, 1)}),
        4 => json!("boom"),
        _ => response_value(
            Some(&Id::Num(1)),
            Err(msmp::jsonrpc::RpcError::new(-32603, "Internal error", None)),
        )["error"]
            .clone(),
    }
}

fn notification(corpus: &Corpus, rng: &mut Rng) -> Value {
    if !corpus.notifications.is_empty() && rng.chance(1, 2) {
        return rng.pick(&corpus.notifications).clone();
    }
    let names: Vec<&'static catalog::MethodSpec> = catalog::all()
        .iter()
        .filter(|m| m.kind == Kind::Notification)
        .collect();
    let spec = rng.pick(&names);
    let mut method = match rng.below(10) {
        0 => "nem:chat_message".to_string(),
        1 => spec
            .name
            .strip_prefix("minecraft:")
            .unwrap_or(spec.name)
            .to_string(),
        2 => format!("{}x", spec.name),
        _ => spec.name.to_string(),
    };
    if rng.chance(1, 50) {
        method = gen::string(rng);
    }
    let mut o = serde_json::Map::new();
    o.insert("jsonrpc".into(), json!("2.0"));
    o.insert("method".into(), json!(method));
    if rng.chance(1, 400) {
        // Params far over what the event log keeps of them (cut at a character boundary).
        let big = "é".repeat(2_000 + rng.below(150_000));
        o.insert("params".into(), json!([{ "text": big }]));
    } else if let Some(param) = spec.param {
        let version = *rng.pick(&msmp::ProtocolVersion::ALL);
        let v = gen::shaped(rng, &param.schema, version);
        let params = match rng.below(6) {
            0 => json!({ param.name: v }),
            1 => json!([v, v]),
            2 => v,
            _ => json!([v]),
        };
        o.insert("params".into(), params);
    } else if rng.chance(1, 6) {
        o.insert("params".into(), json!([]));
    }
    Value::Object(o)
}
