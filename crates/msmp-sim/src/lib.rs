//! A faithful Minecraft Server Management Protocol (MSMP) server simulator.
//!
//! The core ([`Sim`]) is a pure state machine: `handle(frame, now_ms)` and
//! `tick(now_ms)` return [`Effect`]s (a reply, notifications for every connection, a state
//! file to write, stop). It has no I/O and no clock, so it also runs in the browser
//! (wasm32) as a server-less demo. The `server` feature adds the native WebSocket server
//! (tokio, tungstenite, rustls) used by the `msmp-sim` binary.
//!
//! The protocol itself (types, method catalog, framing) comes from the `msmp` crate.

pub mod auth;
pub mod control;
pub mod gamerules;
pub mod instant;
mod methods;
pub mod params;
pub mod persist;
pub mod profiles;
pub mod rng;
pub mod rpc;
pub mod settings;
pub mod sim;
pub mod variant;
pub mod world;

#[cfg(feature = "server")]
pub mod server;

pub use sim::{Effect, Sim, SimConfig};
