//! What the panel keeps in this browser: the last address, and the secret only when the
//! user ticked "remember on this device".

use leptos::prelude::window;

const ADDRESS: &str = "msmp-panel.address";
const SECRET: &str = "msmp-panel.secret";

#[derive(Default)]
pub struct Saved {
    pub address: Option<String>,
    pub secret: Option<String>,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn load() -> Saved {
    let Some(s) = storage() else {
        return Saved::default();
    };
    Saved {
        address: s.get_item(ADDRESS).ok().flatten(),
        secret: s.get_item(SECRET).ok().flatten(),
    }
}

/// Saves the address; saves the secret when given, else forgets any saved one.
pub fn save(address: &str, secret: Option<&str>) {
    let Some(s) = storage() else { return };
    let _ = s.set_item(ADDRESS, address);
    let _ = match secret {
        Some(secret) => s.set_item(SECRET, secret),
        None => s.remove_item(SECRET),
    };
}
