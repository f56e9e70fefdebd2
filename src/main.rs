//! The MSMP admin panel. The UI exists only on wasm32; natively this crate builds just
//! the pure helpers so `cargo test` covers them.

// Natively the UI that uses most strings and helpers is not compiled.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod i18n;
mod logic;

#[cfg(target_arch = "wasm32")]
mod session;
#[cfg(target_arch = "wasm32")]
mod ui;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The panel runs in a browser: start it with `cargo xtask dev` (see README.md).");
}
