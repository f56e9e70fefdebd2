//! Structural checks of JSON values against the catalog's schemas.
//!
//! Payloads are checked here before they are decoded: the reducers must refuse what the
//! schema does not allow instead of storing nonsense, with the path to the problem. An
//! object's properties are the ones its type declares in `types.rs` (`schema_types!`),
//! checked in that order. The check is as lenient as the types: unknown properties pass,
//! `null` counts as absent, unknown enum values pass.

use crate::catalog::{Component, ProtocolVersion, Schema, Shape};
use crate::problem::{Problem, Step, Wanted};
use serde_json::Value;

/// Whether `v` has the shape `schema` describes in protocol `version`.
pub fn check(schema: &Schema, v: &Value, version: ProtocolVersion) -> Result<(), Problem> {
    let (ok, wanted) = match schema {
        Schema::Bool => (v.is_boolean(), Wanted::Boolean),
        Schema::Int => (is_int(v), Wanted::Integer),
        Schema::Number => (v.is_number(), Wanted::Number),
        Schema::Str | Schema::StrEnum(_) => (v.is_string(), Wanted::String),
        Schema::BoolOrInt => (v.is_boolean() || is_int(v), Wanted::BooleanOrInteger),
        Schema::Ref(c) => return check_component(*c, v, version),
        Schema::Array(items) => {
            let Some(a) = v.as_array() else {
                return Err(Problem::wrong(Wanted::Array, v));
            };
            for (i, x) in a.iter().enumerate() {
                check(items, x, version).map_err(|e| e.within(Step::Index(i)))?;
            }
            return Ok(());
        }
    };
    if ok {
        Ok(())
    } else {
        Err(Problem::wrong(wanted, v))
    }
}

/// Like [`check`], accepting either game rule generation (1.x strings, 2.0.0+ booleans
/// and integers): a model may see frames before it knows the server's version.
pub fn check_any_version(schema: &Schema, v: &Value) -> Result<(), Problem> {
    check(schema, v, ProtocolVersion::LATEST)
        .or_else(|e| check(schema, v, ProtocolVersion::V1_0_0).map_err(|_| e))
}

fn is_int(v: &Value) -> bool {
    v.is_i64() || v.is_u64()
}

fn check_component(c: Component, v: &Value, version: ProtocolVersion) -> Result<(), Problem> {
    match c.shape(version) {
        Shape::Enum(_) if v.is_string() => Ok(()),
        Shape::Enum(_) => Err(Problem::wrong(Wanted::EnumName(c.name()), v)),
        Shape::Object(props) => {
            let Some(o) = v.as_object() else {
                return Err(Problem::wrong(Wanted::ComponentObject(c.name()), v));
            };
            for (name, schema) in &props {
                if let Some(x) = o.get(*name).filter(|x| !x.is_null()) {
                    check(schema, x, version).map_err(|e| e.within(Step::Key(name)))?;
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PLAYERS: Schema = Schema::Array(&Schema::Ref(Component::Player));

    #[test]
    fn arrays_do_not_pass_for_objects_and_paths_point_at_the_problem() {
        assert!(check_any_version(&PLAYERS, &json!([{"name": "jeb_", "x": 1}])).is_ok());
        assert!(check_any_version(&PLAYERS, &json!([["a", "b"]])).is_err());
        let e = check_any_version(&PLAYERS, &json!([{"name": "a"}, {"id": 5}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "at [1].id: expected a string, got an integer"
        );
        assert_eq!(
            e,
            Problem::wrong(Wanted::String, &json!(5))
                .within(Step::Key("id"))
                .within(Step::Index(1))
        );
        let e = check_any_version(&PLAYERS, &json!([["a"]])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "at [0]: expected a player object, got an array"
        );
    }

    #[test]
    fn game_rule_values_of_either_generation_pass_but_not_objects() {
        let rule = Schema::Ref(Component::TypedGameRule);
        let v1 = json!({"key": "doDaylightCycle", "type": "boolean", "value": "true"});
        let v2 = json!({"key": "minecraft:advance_time", "type": "boolean", "value": true});
        assert!(check_any_version(&rule, &v1).is_ok());
        assert!(check_any_version(&rule, &v2).is_ok());
        assert!(check(&rule, &v1, ProtocolVersion::V2_0_0).is_err());
        let bad = json!({"key": "k", "type": "integer", "value": {"n": 1}});
        assert!(check_any_version(&rule, &bad).is_err());
    }

    #[test]
    fn nulls_are_absent_and_unknown_enum_values_pass() {
        let ban = Schema::Ref(Component::UserBan);
        let v = json!({"player": {"name": "Notch"}, "reason": null, "expires": null});
        assert!(check_any_version(&ban, &v).is_ok());
        let d = Schema::Ref(Component::Difficulty);
        assert!(check_any_version(&d, &json!("nightmare")).is_ok());
        let e = check_any_version(&d, &json!(3)).unwrap_err();
        assert_eq!(e, Problem::wrong(Wanted::EnumName("difficulty"), &json!(3)));
        assert_eq!(e.to_string(), "expected a difficulty name, got an integer");
    }
}
