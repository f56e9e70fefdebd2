//! What the panel keeps in this browser: the last address, and secrets only where the user
//! ticked "remember on this device", each bound to its own server address; the saved server
//! list; the theme and language chosen.

use crate::logic::host::Theme;
use crate::logic::secrets::SavedSecrets;
use leptos::prelude::window;

const ADDRESS: &str = "msmp-panel.address";
const SECRETS: &str = "msmp-panel.secrets";
/// The saved server list (names and addresses; secrets live in SECRETS).
const SERVERS: &str = "msmp-panel.servers";
/// Before secrets were bound to their address: one secret next to the last address.
const LEGACY_SECRET: &str = "msmp-panel.secret";

#[derive(Default)]
pub struct Saved {
    pub address: Option<String>,
    pub secrets: SavedSecrets,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn load() -> Saved {
    let Some(s) = storage() else {
        return Saved::default();
    };
    let get = |key| s.get_item(key).ok().flatten();
    let address = get(ADDRESS);
    let mut secrets = SavedSecrets::from_stored(
        get(SECRETS)
            .ok_or_else(String::new)
            .and_then(|t| crate::json::parse(&t)),
    );
    if let Some(legacy) = get(LEGACY_SECRET) {
        secrets.adopt_legacy(address.as_deref(), Some(&legacy));
        store_secrets(&secrets);
        let _ = s.remove_item(LEGACY_SECRET);
    }
    Saved { address, secrets }
}

pub fn save_address(address: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(ADDRESS, address);
    }
}

/// Writes the secrets map; an empty one leaves nothing behind.
pub fn store_secrets(secrets: &SavedSecrets) {
    let Some(s) = storage() else { return };
    let _ = if secrets.is_empty() {
        s.remove_item(SECRETS)
    } else {
        s.set_item(SECRETS, &secrets.to_text())
    };
}

/// The stored server list, parsed (an error when there is none or it does not read).
pub fn load_servers() -> Result<serde_json::Value, String> {
    storage()
        .and_then(|s| s.get_item(SERVERS).ok().flatten())
        .ok_or_else(String::new)
        .and_then(|t| crate::json::parse(&t))
}

pub fn store_servers(text: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(SERVERS, text);
    }
}

const THEME: &str = "msmp-panel.theme";
const LANG: &str = "msmp-panel.lang";

/// The theme chosen in this browser, if any.
pub fn load_theme() -> Option<Theme> {
    match storage()?.get_item(THEME).ok()??.as_str() {
        "light" => Some(Theme::Light),
        "dark" => Some(Theme::Dark),
        "system" => Some(Theme::System),
        _ => None,
    }
}

pub fn store_theme(theme: Theme) {
    if let Some(s) = storage() {
        let _ = s.set_item(THEME, theme.attribute().unwrap_or("system"));
    }
}

/// The language chosen in this browser (its tag), if any.
pub fn load_lang() -> Option<String> {
    storage()?.get_item(LANG).ok()?
}

pub fn store_lang(tag: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(LANG, tag);
    }
}
