//! The panel's pure logic: no web-sys, so native `cargo test` covers it.

pub mod audit;
pub mod chart;
pub mod connect;
pub mod entries;
pub mod host;
pub mod lists;
pub mod motd;
pub mod paging;
pub mod players;
pub mod rules;
pub mod schema;
pub mod secrets;
pub mod servers;
pub mod settings;
pub mod transfer;
