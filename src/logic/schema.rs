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

/// An example value of the schema's shape, to start editing from.
pub fn template(schema: &Value, components: &Map<String, Value>) -> Value {
    template_at(schema, components, 0)
}

fn template_at(schema: &Value, components: &Map<String, Value>, depth: usize) -> Value {
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
                    props
                        .iter()
                        .map(|(k, v)| (k.clone(), template_at(v, components, depth + 1)))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        Some("array") => json!([template_at(
            s.get("items").unwrap_or(&Value::Null),
            components,
            depth + 1
        )]),
        Some("boolean") => json!(false),
        Some("integer") | Some("number") => json!(0),
        Some("string") => json!(""),
        _ => Value::Null,
    }
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
}
