//! `schema_types!`: one declaration per schema object type, from which the struct, its
//! [`FromJson`](crate::from_json::FromJson) and [`ToJson`](crate::to_json::ToJson) impls,
//! serde's `Serialize`/`Deserialize` (through those two) and the schema's properties for
//! the catalog (`Component::shape`, hence `validate`) are generated.
//!
//! The table is in `types.rs`. To add a type, write it there like the others:
//!
//! ```text
//! /// `my_type`.
//! #[derive(Debug, Clone, Default, PartialEq, Eq)]
//! MyType {
//!     rust_name: Option<String> = optional("jsonName", Str),
//! }
//! ```
//!
//! then give it a `Component` variant and a `shape` arm
//! (`Shape::Object(t::MyType::properties(v))`) in `catalog.rs`. Each field reads
//! `name: Type = mode("jsonName", schema)`; `schema` is a [`Schema`](crate::catalog::Schema)
//! expression (its variants are in scope; the name given after `version` is the protocol
//! version). The mode says how the field is read and written:
//!
//! - `optional`: an `Option`; absent or `null` is `None`; `None` is left out.
//! - `or_default`: absent or `null` is the type's default; always written.
//! - `or_empty`: a `Vec`; absent or `null` is empty; left out when empty.
//! - `required`: absent or `null` is an error naming the field; always written.
//! - `required_or_null`: absent is an error, `null` is decoded as a value; always written.
//!
//! Each mode is a function in `from_json::field` and a method of `to_json::Object`, so
//! the generated code is plain calls: no closures, one instance per field type.

macro_rules! schema_types {
    (
        version $v:ident;
        $(
            $(#[$meta:meta])*
            $name:ident {
                $(
                    $(#[$field_meta:meta])*
                    $field:ident: $ty:ty = $mode:ident($json:literal, $schema:expr)
                ),+ $(,)?
            }
        )+
    ) => {$(
        $(#[$meta])*
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)+
        }

        impl $name {
            /// The schema's properties in protocol `v`, in declaration order.
            pub fn properties(
                $v: $crate::catalog::ProtocolVersion,
            ) -> ::std::vec::Vec<(&'static str, $crate::catalog::Schema)> {
                #[allow(unused_imports)]
                use $crate::catalog::Schema::*;
                let _ = $v;
                ::std::vec![$(($json, $schema)),+]
            }
        }

        impl $crate::from_json::FromJson for $name {
            fn from_json(
                v: &::serde_json::Value,
            ) -> ::std::result::Result<Self, $crate::problem::Problem> {
                let m = $crate::from_json::field::object(v)?;
                Ok($name {
                    $($field: $crate::from_json::field::$mode(m, $json)?,)+
                })
            }
        }

        impl $crate::to_json::ToJson for $name {
            fn to_json(&self) -> ::serde_json::Value {
                $crate::to_json::Object::default()
                    $(.$mode($json, &self.$field))+
                    .done()
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&$crate::to_json::ToJson::to_json(self), s)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                <$name as $crate::from_json::FromJson>::from_json(&v)
                    .map_err(::serde::de::Error::custom)
            }
        }
    )+};
}

pub(crate) use schema_types;

#[cfg(test)]
mod tests {
    use crate::catalog::{Component, ProtocolVersion, Schema, Shape};
    use crate::from_json::FromJson;
    use crate::to_json::ToJson;
    use crate::types::*;
    use crate::validate;
    use std::collections::BTreeSet;
    use std::fmt::Debug;

    const V: ProtocolVersion = ProtocolVersion::LATEST;

    /// A value with every field set: its encoding names exactly the schema's properties,
    /// passes the schema, decodes back to itself, and serde sees the same.
    fn agrees<T>(c: Component, full: T) -> Component
    where
        T: FromJson + ToJson + serde::Serialize + serde::de::DeserializeOwned + PartialEq + Debug,
    {
        let json = full.to_json();
        let keys: BTreeSet<&str> = json.as_object().unwrap().keys().map(|k| &**k).collect();
        let Shape::Object(props) = c.shape(V) else {
            panic!("{} is not an object", c.name());
        };
        let names: BTreeSet<&str> = props.iter().map(|(n, _)| *n).collect();
        assert_eq!(keys, names, "{}", c.name());
        assert_eq!(validate::check(&Schema::Ref(c), &json, V), Ok(()));
        assert_eq!(T::from_json(&json).as_ref(), Ok(&full), "{}", c.name());
        assert_eq!(serde_json::to_value(&full).unwrap(), json);
        assert_eq!(serde_json::from_value::<T>(json).unwrap(), full);
        c
    }

    #[test]
    fn every_object_type_encodes_decodes_and_validates_as_its_schema_says() {
        let alex = || Player::with_id("853c80ef-3c37-49fd-aa49-938b674adae6", "Alex");
        let some = |s: &str| Some(s.to_string());
        let message = || Message {
            literal: some("hi"),
            translatable: some("multiplayer.disconnect.kicked"),
            translatable_params: Some(vec!["a".into()]),
        };
        let checked = [
            agrees(Component::Player, alex()),
            agrees(
                Component::Operator,
                Operator {
                    player: alex(),
                    permission_level: Some(4),
                    bypasses_player_limit: Some(true),
                },
            ),
            agrees(
                Component::UserBan,
                UserBan {
                    player: alex(),
                    reason: some("grief"),
                    source: some("panel"),
                    expires: some("2030-01-01T00:00:00Z"),
                },
            ),
            agrees(
                Component::IpBan,
                IpBan {
                    ip: "10.0.0.1".into(),
                    reason: some("r"),
                    source: some("s"),
                    expires: some("e"),
                },
            ),
            agrees(
                Component::IncomingIpBan,
                IncomingIpBan {
                    ip: some("10.0.0.1"),
                    player: Some(alex()),
                    reason: some("r"),
                    source: some("s"),
                    expires: some("e"),
                },
            ),
            agrees(Component::Message, message()),
            agrees(
                Component::KickPlayer,
                KickPlayer {
                    player: alex(),
                    message: Some(message()),
                },
            ),
            agrees(
                Component::SystemMessage,
                SystemMessage {
                    message: Some(message()),
                    overlay: Some(false),
                    receiving_players: Some(vec![alex()]),
                },
            ),
            agrees(
                Component::Version,
                Version {
                    name: "1.21.9".into(),
                    protocol: 773,
                },
            ),
            agrees(
                Component::ServerState,
                ServerState {
                    started: true,
                    version: Some(Version::default()),
                    players: vec![alex()],
                },
            ),
            agrees(
                Component::TypedGameRule,
                TypedGameRule {
                    key: "minecraft:spawn_radius".into(),
                    kind: GameRuleType::Integer,
                    value: GameRuleValue::Int(10),
                },
            ),
            agrees(
                Component::UntypedGameRule,
                UntypedGameRule {
                    key: "minecraft:advance_time".into(),
                    value: GameRuleValue::Bool(false),
                },
            ),
        ];
        for c in Component::ALL {
            if let Shape::Object(_) = c.shape(V) {
                assert!(checked.contains(&c), "{} is not checked here", c.name());
            }
        }
    }
}
