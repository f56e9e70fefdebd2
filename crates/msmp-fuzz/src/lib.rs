//! A fuzzer for everything the panel does with what a server sends: raw frames through
//! the browser-equivalent decode (`browser`), the client core, the model's reducers and
//! the session's connection policy (`panel`, a mirror of `src/session.rs`), with
//! invariants checked after every step (`check`). Cases are generated from real frames of
//! `msmp-sim` and the catalog's schemas (`corpus`, `gen`), mutated (`case`), and kept when
//! they reach new code (`coverage`, when the binary is built with SanitizerCoverage
//! counters, as `cargo xtask fuzz` does). A failing case is minimized (`shrink`).

pub mod browser;
pub mod case;
pub mod check;
pub mod corpus;
pub mod coverage;
pub mod frames;
pub mod gen;
pub mod panel;
pub mod rng;
pub mod shrink;
