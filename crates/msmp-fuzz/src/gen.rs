//! Values and mutations: JSON shaped by the catalog's schemas, arbitrary JSON, and edits of
//! a frame's structure (type swaps, removed or added keys, deep nesting, huge numbers) or
//! of its bytes (flips, truncation, duplicate keys, splices).

use crate::rng::Rng;
use msmp::catalog::{Component, ProtocolVersion, Schema, Shape};
use serde_json::{json, Map, Number, Value};

pub const KEYS: &[&str] = &[
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
    "components",
    "schemas",
];

pub const WORDS: &[&str] = &[
    "jeb_",
    "JEB_",
    "Notch",
    "Herobrine",
    "853c80ef-3c37-49fd-aa49-938b674adae6",
    "853C80EF-3C37-49FD-AA49-938B674ADAE6",
    "203.0.113.7",
    "::1",
    "true",
    "false",
    "10",
    "boolean",
    "integer",
    "hard",
    "creative",
    "nightmare",
    "2.0.0",
    "3.1.0",
    "9.9.9",
    "2.0",
    "minecraft:players",
    "minecraft:notification/players/joined",
    "minecraft:advance_time",
    "doDaylightCycle",
    "",
    " ",
    "\u{0}",
    "é",
    "\u{1F600}",
    "\u{FFFD}",
    "2030-01-01T00:00:00Z",
    "Method cannot be dispatched pre server initialization: minecraft:players",
];

/// Numbers that sit on edges: zero, signs, 2^53, i64/u64 limits, fractions, huge.
pub fn edge_number(rng: &mut Rng) -> Value {
    match rng.below(14) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(i64::MIN),
        3 => json!(i64::MAX),
        4 => json!(u64::MAX),
        5 => json!(9_007_199_254_740_993u64),
        6 => json!(0.5),
        7 => json!(-0.0),
        8 => json!(1e300),
        9 => json!(f64::MIN_POSITIVE),
        10 => json!(2.000_000_000_000_000_4),
        11 => json!(i64::from(i32::MAX) + 1),
        12 => json!(rng.next_u64() as i64),
        _ => Value::Number(Number::from_f64(f64::from_bits(rng.next_u64())).unwrap_or(0.into())),
    }
}

pub fn string(rng: &mut Rng) -> String {
    if rng.chance(3, 4) {
        return rng.pick(WORDS).to_string();
    }
    const CHARS: &[char] = &[
        'a', 'J', 'e', '_', ':', '/', '.', '0', '-', ' ', '"', '\\', 'é', '\u{7f}', '\u{2028}',
    ];
    let n = rng.below(10);
    (0..n).map(|_| *rng.pick(CHARS)).collect()
}

/// Any JSON, at most `depth` levels deep.
pub fn any(rng: &mut Rng, depth: u32) -> Value {
    let leaf = depth == 0 || rng.chance(1, 2);
    if leaf {
        return match rng.below(7) {
            0 => Value::Null,
            1 => Value::Bool(rng.bool()),
            2 => json!(rng.below(40) as i64 - 2),
            3 => edge_number(rng),
            _ => Value::String(string(rng)),
        };
    }
    let n = rng.below(5);
    if rng.bool() {
        Value::Array((0..n).map(|_| any(rng, depth - 1)).collect())
    } else {
        let mut o = Map::new();
        for _ in 0..n {
            let k = if rng.chance(3, 4) {
                rng.pick(KEYS).to_string()
            } else {
                string(rng)
            };
            o.insert(k, any(rng, depth - 1));
        }
        Value::Object(o)
    }
}

/// A value with `schema`'s shape in protocol `v`, sometimes slightly off.
pub fn shaped(rng: &mut Rng, schema: &Schema, v: ProtocolVersion) -> Value {
    match schema {
        Schema::Bool => Value::Bool(rng.bool()),
        Schema::Int => json!(rng.below(100) as i64 - 3),
        Schema::Number => json!(rng.below(12) as f64 / 10.0),
        Schema::Str => Value::String(string(rng)),
        Schema::StrEnum(values) => json!(rng.pick(values)),
        Schema::BoolOrInt => match rng.below(3) {
            0 => Value::Bool(rng.bool()),
            1 => json!(rng.below(10)),
            _ => json!(rng.pick(&["true", "5"])),
        },
        Schema::Array(items) => {
            let n = rng.below(4);
            Value::Array((0..n).map(|_| shaped(rng, items, v)).collect())
        }
        Schema::Ref(c) => component(rng, *c, v),
    }
}

pub fn component(rng: &mut Rng, c: Component, v: ProtocolVersion) -> Value {
    match c.shape(v) {
        Shape::Enum(values) if rng.chance(7, 8) => json!(rng.pick(values)),
        Shape::Enum(_) => json!("nightmare"),
        Shape::Object(props) => {
            let mut o = Map::new();
            for (name, schema) in props {
                if rng.chance(4, 5) {
                    o.insert(name.to_string(), shaped(rng, &schema, v));
                }
            }
            Value::Object(o)
        }
    }
}

/// One structural edit somewhere in `v` (a random path down from the root).
pub fn mutate_value(rng: &mut Rng, v: &mut Value) {
    let node = pick_node(rng, v);
    match rng.below(11) {
        0 => *node = any(rng, 3),
        1 => {
            if let Some(o) = node.as_object_mut() {
                if let Some(k) = o.keys().nth(rng.below(o.len().max(1))).cloned() {
                    o.remove(&k);
                }
            }
        }
        2 => {
            if let Some(o) = node.as_object_mut() {
                o.insert(rng.pick(KEYS).to_string(), any(rng, 2));
            }
        }
        3 => *node = Value::Array(vec![node.take()]),
        4 => *node = Value::String(msmp::jsonrpc::json_text(node)),
        5 => *node = Value::Null,
        6 => *node = swap_type(rng, node),
        7 => *node = edge_number(rng),
        8 => {
            // Nesting around the panel's depth limit of 128.
            let depth = 100 + rng.below(40);
            let mut x = node.take();
            for _ in 0..depth {
                x = if rng.chance(1, 8) {
                    json!({ "k": x })
                } else {
                    Value::Array(vec![x])
                };
            }
            *node = x;
        }
        9 => {
            if let Some(a) = node.as_array_mut() {
                if let Some(x) = a.first().cloned() {
                    a.push(x); // the same entry twice
                }
            }
        }
        _ => {
            if let Value::String(s) = node {
                s.push_str(&string(rng));
            } else {
                *node = Value::String(string(rng));
            }
        }
    }
}

/// A node on a random path down from `v`.
fn pick_node<'a>(rng: &mut Rng, v: &'a mut Value) -> &'a mut Value {
    let children = match v {
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        _ => 0,
    };
    if children == 0 || !rng.chance(2, 3) {
        return v;
    }
    let i = rng.below(children);
    match v {
        Value::Array(a) => pick_node(rng, &mut a[i]),
        Value::Object(o) => pick_node(rng, o.values_mut().nth(i).expect("index within len")),
        _ => v,
    }
}

/// The same information as another JSON type.
fn swap_type(rng: &mut Rng, v: &Value) -> Value {
    match v {
        Value::Bool(b) if rng.bool() => json!(b.to_string()),
        Value::Bool(b) => json!(i32::from(*b)),
        Value::Number(n) if rng.bool() => json!(n.to_string()),
        Value::Number(n) => json!(n.as_f64().map(|f| f != 0.0)),
        Value::String(s) => match s.parse::<f64>() {
            Ok(f) => json!(f),
            Err(_) => json!([s]),
        },
        Value::Array(a) => match a.first() {
            Some(x) => x.clone(),
            None => json!({}),
        },
        Value::Object(o) => Value::Array(o.values().cloned().collect()),
        Value::Null => json!(""),
    }
}

/// One byte-level edit of a frame's text; the result may not be UTF-8.
pub fn mutate_bytes(rng: &mut Rng, b: &mut Vec<u8>, donor: &[u8]) {
    const INTERESTING: &[u8] = b"{}[]\",:0123456789-.eEtrufnalsx\\ \t\n";
    let at = |rng: &mut Rng, b: &Vec<u8>| rng.below(b.len() + 1);
    match rng.below(9) {
        0 if !b.is_empty() => {
            let i = rng.below(b.len());
            b[i] ^= 1 << rng.below(8);
        }
        1 if !b.is_empty() => {
            let i = rng.below(b.len());
            b[i] = *rng.pick(INTERESTING);
        }
        2 => {
            let i = at(rng, b);
            b.insert(i, *rng.pick(INTERESTING));
        }
        3 if !b.is_empty() => {
            let i = rng.below(b.len());
            let n = 1 + rng.below(8);
            b.drain(i..(i + n).min(b.len()));
        }
        4 => {
            let i = at(rng, b);
            b.truncate(i);
        }
        5 if !b.is_empty() => {
            let i = rng.below(b.len());
            let n = 1 + rng.below(16);
            let piece = b[i..(i + n).min(b.len())].to_vec();
            b.splice(i..i, piece);
        }
        6 if !donor.is_empty() => {
            // A piece of another frame.
            let s = rng.below(donor.len());
            let n = 1 + rng.below(32);
            let piece = &donor[s..(s + n).min(donor.len())];
            let i = at(rng, b);
            b.splice(i..i, piece.iter().copied());
        }
        7 => {
            // A duplicate key right after an opening brace (a Value cannot hold one).
            if let Some(i) = b.iter().position(|c| *c == b'{') {
                let key = rng.pick(KEYS);
                let extra = format!("\"{key}\":{},", msmp::jsonrpc::json_text(&any(rng, 1)));
                b.splice(i + 1..i + 1, extra.bytes());
            }
        }
        _ => {
            let i = at(rng, b);
            let n = 1 + rng.below(8);
            let junk: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
            b.splice(i..i, junk);
        }
    }
}

/// Random bytes, or a random JSON text.
pub fn noise(rng: &mut Rng) -> Vec<u8> {
    if rng.bool() {
        let n = rng.below(48);
        (0..n).map(|_| rng.next_u64() as u8).collect()
    } else {
        msmp::jsonrpc::json_text(&any(rng, 4)).into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_a_function_of_the_seed() {
        let a: Vec<Value> = (0..50).map(|i| any(&mut Rng::for_case(7, i), 4)).collect();
        let b: Vec<Value> = (0..50).map(|i| any(&mut Rng::for_case(7, i), 4)).collect();
        assert_eq!(a, b);
        let c: Vec<Value> = (0..50).map(|i| any(&mut Rng::for_case(8, i), 4)).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn shaped_values_pass_their_schema_mostly() {
        let schema = Schema::Ref(Component::Operator);
        let mut rng = Rng::new(1);
        let ok = (0..200)
            .filter(|_| {
                let v = shaped(&mut rng, &schema, ProtocolVersion::LATEST);
                msmp::validate::check_any_version(&schema, &v).is_ok()
            })
            .count();
        assert!(ok > 150, "{ok}");
    }
}
