//! The Minecraft Server Management Protocol (MSMP) without any I/O.
//!
//! Everything here is plain Rust over `serde_json` so it compiles for native targets and
//! `wasm32-unknown-unknown` alike; the panel (browser) and the simulator (tokio) each add
//! their own transport on top.
//!
//! - [`types`]: the schema components as Rust types, each object type declared once
//!   (`schema_macro`: its struct, JSON codec and catalog schema are generated).
//! - [`from_json`]: decoding them from parsed JSON (what the model and notifications use).
//! - [`to_json`]: encoding them as JSON values (what calls send).
//! - [`from_text`]: JSON text read by hand, the panel's frame parser.
//! - [`catalog`]: every method and notification of protocol 1.0.0–3.1.0.
//! - [`jsonrpc`]: encoding calls and decoding any incoming frame.
//! - `to_text`: JSON text written by hand, smaller in the panel than serde_json's.
//! - [`notification`]: typed notifications decoded from frames.
//! - [`by_id`]: the small id-keyed table the client core and the panel keep calls in.
//! - [`client`]: the sans-IO client core (ids, pending calls, deadlines, backoff).
//! - [`link`]: the sans-IO connection policy (link state, sync, backoff, dead links).
//! - [`model`]: the state of one server and the reducers that keep it current.
//! - [`validate`]: structural checks of payloads against the catalog's schemas.
//! - [`problem`]: what was wrong with what a server sent, as data (English by `Display`;
//!   the panel words it in its user's language).
//! - [`fleet`]: several servers at once (overview rows, player lookup, bulk actions, list
//!   comparison).

pub mod by_id;
pub mod catalog;
pub mod client;
pub mod fleet;
pub mod from_json;
pub mod from_text;
pub mod jsonrpc;
mod key_index;
pub mod link;
pub mod model;
pub mod notification;
pub mod problem;
mod schema_macro;
pub mod to_json;
mod to_text;
pub mod types;
pub mod validate;

pub use catalog::ProtocolVersion;
