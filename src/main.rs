//! Entry point of the panel's WebAssembly bundle (built by Trunk).

#[cfg(target_arch = "wasm32")]
fn main() {
    msmp_panel::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The panel runs in a browser: start it with `cargo xtask dev` (see README.md).");
}
