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
            fn from_json(v: &::serde_json::Value) -> ::std::result::Result<Self, String> {
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
