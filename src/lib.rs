//! The MSMP admin panel. The UI (`session`, `ui`) exists only on wasm32; natively this crate
//! builds just the pure helpers so `cargo test` covers them.

// Natively the UI that uses most strings and helpers is not compiled.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

pub mod i18n;
pub mod logic;

#[cfg(target_arch = "wasm32")]
pub mod fleet;
#[cfg(target_arch = "wasm32")]
pub mod host;
#[cfg(target_arch = "wasm32")]
pub mod json;
#[cfg(target_arch = "wasm32")]
pub mod session;
#[cfg(target_arch = "wasm32")]
pub mod transport;
#[cfg(target_arch = "wasm32")]
pub mod ui;

/// Reads the host's `panel.json` (if any), fetches the language's strings when they are not
/// English, then mounts the panel on the page's body.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let host = host::Host::load().await;
        let lang = ui::header::first_language(&host);
        // Should the chunk not come, the panel starts in English (the picker can retry).
        if let Ok(table) = ui::lazy::table(lang).await {
            i18n::use_table(table);
        }
        leptos::mount::mount_to_body(move || ui::App(ui::AppProps { host }));
    });
}
