//! Reading the JSON schemas of a discover document, for forms generated from them.

use serde_json::{json, Map, Value};

/// Follows `$ref`s into `components.schemas` (a bounded number of times: a schema may be
/// cyclic or broken; then the last one found is returned).
pub fn resolve<'a>(schema: &'a Value, components: &'a Map<String, Value>) -> &'a Value {
    let mut s = schema;
    for _ in 0..16 {
        match s
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .and_then(|name| components.get(name))
        {
            Some(next) => s = next,
            None => break,
        }
    }
    s
}

/// The kind of input that edits a value of this schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Control {
    Bool,
    Integer,
    Number,
    Text,
    Choice(Vec<String>),
    /// Objects, arrays and anything else: edited as JSON.
    Json,
}

pub fn control_for(schema: &Value, components: &Map<String, Value>) -> Control {
    let s = resolve(schema, components);
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        return Control::Choice(
            values
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
        );
    }
    match s.get("type").and_then(Value::as_str) {
        Some("boolean") => Control::Bool,
        Some("integer") => Control::Integer,
        Some("number") => Control::Number,
        Some("string") => Control::Text,
        _ => Control::Json,
    }
}

/// The most values an example may hold: a server's schema (a custom method's, say) may
/// be cyclic and wide, and depth alone would still allow width^depth of them.
pub const TEMPLATE_MAX_VALUES: usize = 500;

/// An example value of the schema's shape, to start editing from; past
/// [`TEMPLATE_MAX_VALUES`] values (or 8 levels) the rest is `null`.
pub fn template(schema: &Value, components: &Map<String, Value>) -> Value {
    let mut budget = TEMPLATE_MAX_VALUES;
    template_at(schema, components, 0, &mut budget)
}

fn template_at(
    schema: &Value,
    components: &Map<String, Value>,
    depth: usize,
    budget: &mut usize,
) -> Value {
    // Every value counts, the `null`s that stand for what is too deep included.
    if *budget == 0 {
        return Value::Null;
    }
    *budget -= 1;
    if depth > 8 {
        return Value::Null;
    }
    let s = resolve(schema, components);
    if let Some(first) = s
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|v| v.first())
    {
        return first.clone();
    }
    let ty = match s.get("type") {
        Some(Value::Array(types)) => types.first().and_then(Value::as_str),
        Some(t) => t.as_str(),
        None => None,
    };
    match ty {
        Some("object") => Value::Object(
            s.get("properties")
                .and_then(Value::as_object)
                .map(|props| {
                    // Inserted one by one: collecting would sort first, and the sort alone
                    // is ~1 KB of gzip in the bundle.
                    let mut out = Map::new();
                    for (k, v) in props {
                        if *budget == 0 {
                            break;
                        }
                        out.insert(k.clone(), template_at(v, components, depth + 1, budget));
                    }
                    out
                })
                .unwrap_or_default(),
        ),
        Some("array") => json!([template_at(
            s.get("items").unwrap_or(&Value::Null),
            components,
            depth + 1,
            budget
        )]),
        Some("boolean") => json!(false),
        Some("integer") | Some("number") => json!(0),
        Some("string") => json!(""),
        _ => Value::Null,
    }
}

/// Whether `text` is a number as Rust's `f64::from_str` reads it: an optional sign, then
/// digits with an optional point (`1`, `1.`, `.5`, `1.5`) and exponent (`e-3`), or `inf`,
/// `infinity` or `nan` in any case. The panel checks the grammar here and lets the
/// browser's `parseFloat` (correctly rounded, like Rust) do the conversion: the standard
/// library's float parser alone weighs ~15 KB gzip in the bundle.
pub fn is_float_literal(text: &str) -> bool {
    let s = text.strip_prefix(['+', '-']).unwrap_or(text);
    if ["inf", "infinity", "nan"]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
    {
        return true;
    }
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    digits(int)
        && digits(frac)
        && !(int.is_empty() && frac.is_empty())
        && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use msmp::catalog::{discover_document, ProtocolVersion};

    #[test]
    fn templates_and_controls_follow_the_real_schemas() {
        let doc = discover_document(ProtocolVersion::V2_0_0);
        let comps = doc["components"]["schemas"].as_object().unwrap();
        let param = |name: &str| {
            doc["methods"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["name"] == name)
                .unwrap()["params"][0]["schema"]
                .clone()
        };
        assert_eq!(
            template(&param("minecraft:allowlist/add"), comps),
            json!([{"id": "", "name": ""}])
        );
        assert_eq!(
            template(&param("minecraft:gamerules/update"), comps),
            json!({"key": "", "value": false})
        );
        assert_eq!(
            control_for(&param("minecraft:server/save"), comps),
            Control::Bool
        );
        assert_eq!(
            control_for(&param("minecraft:serversettings/difficulty/set"), comps),
            Control::Choice(vec![
                "peaceful".into(),
                "easy".into(),
                "normal".into(),
                "hard".into()
            ])
        );
        assert_eq!(
            control_for(&param("minecraft:players/kick"), comps),
            Control::Json
        );
    }

    #[test]
    fn cyclic_references_do_not_hang() {
        let comps: Map<String, Value> = serde_json::from_value(json!({
            "a": {"$ref": "#/components/schemas/a"},
            "node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/node"}}}
        }))
        .unwrap();
        let _ = template(&json!({"$ref": "#/components/schemas/a"}), &comps);
        let t = template(&json!({"$ref": "#/components/schemas/node"}), &comps);
        assert!(t.get("next").is_some());
    }

    #[test]
    fn a_wide_self_referencing_schema_gives_a_bounded_example() {
        // 20 properties that each hold the whole object again: 20^8 values by depth alone.
        let props: Map<String, Value> = (0..20)
            .map(|i| {
                (
                    format!("p{i}"),
                    json!({"$ref": "#/components/schemas/wide"}),
                )
            })
            .collect();
        let comps: Map<String, Value> =
            serde_json::from_value(json!({"wide": {"type": "object", "properties": props}}))
                .unwrap();
        let t = template(&json!({"$ref": "#/components/schemas/wide"}), &comps);
        fn count(v: &Value) -> usize {
            1 + match v {
                Value::Object(m) => m.values().map(count).sum(),
                Value::Array(a) => a.iter().map(count).sum(),
                _ => 0,
            }
        }
        assert!(count(&t) <= TEMPLATE_MAX_VALUES, "{}", count(&t));
        assert!(
            t["p0"]["p0"].is_object(),
            "the example still shows the shape"
        );
        assert!(msmp::jsonrpc::json_pretty(&t).len() < 20_000);
    }

    #[test]
    fn float_literals_are_what_rust_parses() {
        // Separated by `|`; the empty case and ones with spaces included.
        let cases = "0|1|-1|+1|007|1.|.5|-.5|+.5|1.5|1e5|1E5|1e+5|1e-5|1.5e-5|.5e3|1.e3|-0|1e400|\
            inf|-inf|+Infinity|INFINITY|NaN|-nan||.|-|+|e5|.e5|1e|1e+|1e-|1.2.3|1e5e5|1e5.5|\
            --1|+-1|0x10|1_000| 1|1 |1,5|infi|nana|in|١|1e٥|+e|-.|..5|5..|1.5.|∞";
        for c in cases.split('|') {
            assert_eq!(is_float_literal(c), c.parse::<f64>().is_ok(), "{c:?}");
        }
    }
}
