//! Remembered secrets, each bound to the exact server it was saved for.
//!
//! A secret saved for one address is never offered for another: a link can choose the
//! address the form shows (`#server=…`), so pairing that address with a secret saved for a
//! different server would hand the secret to whoever wrote the link.

use crate::logic::connect::parse_address;
use serde_json::{Map, Value};

/// Endpoint URL (as [`parse_address`] normalizes it) → secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedSecrets(Map<String, Value>);

impl SavedSecrets {
    /// Reads what was stored (parsed by the caller); anything else counts as nothing saved.
    pub fn from_stored(stored: Result<Value, String>) -> SavedSecrets {
        match stored {
            Ok(Value::Object(map)) => SavedSecrets(
                map.into_iter()
                    .filter(|(_, v)| v.as_str().is_some_and(|s| !s.is_empty()))
                    .collect(),
            ),
            _ => SavedSecrets::default(),
        }
    }

    pub fn to_text(&self) -> String {
        msmp::jsonrpc::json_text(&Value::Object(self.0.clone()))
    }

    /// The secret saved for exactly this endpoint URL.
    pub fn get(&self, url: &str) -> Option<&str> {
        self.0.get(url).and_then(Value::as_str)
    }

    pub fn set(&mut self, url: &str, secret: &str) {
        self.0.insert(url.into(), secret.into());
    }

    pub fn remove(&mut self, url: &str) -> bool {
        self.0.remove(url).is_some()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The secret saved for what the address field holds, with the endpoint URL it is
    /// bound to; `None` when the field is not a valid address or nothing is saved for it.
    pub fn offer(&self, address_input: &str) -> Option<(String, String)> {
        let url = parse_address(address_input, false).ok()?.url;
        let secret = self.get(&url)?.to_string();
        Some((url, secret))
    }

    /// Earlier versions kept one secret next to the last address; it belongs to that
    /// address only.
    pub fn adopt_legacy(&mut self, address: Option<&str>, secret: Option<&str>) {
        if let (Some((url, _)), Some(secret)) = (
            address.and_then(|a| parse_address(a, false).ok().map(|e| (e.url, ()))),
            secret.filter(|s| !s.is_empty()),
        ) {
            if self.get(&url).is_none() {
                self.set(&url, secret);
            }
        }
    }
}

/// What the secret field holds and where it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretField {
    pub value: String,
    /// The endpoint URL this value was saved for, when it came from storage; `None` when
    /// the user typed it or a link carried it together with its address.
    pub saved_for: Option<String>,
}

impl SecretField {
    pub fn typed(value: String) -> SecretField {
        SecretField {
            value,
            saved_for: None,
        }
    }

    /// The field after the address changed to `address_input`: a saved secret follows its
    /// own server only, so it is replaced by the one saved for the new address, or cleared.
    /// What the user typed is theirs and stays.
    pub fn after_address_change(&self, address_input: &str, saved: &SavedSecrets) -> SecretField {
        if self.saved_for.is_none() && !self.value.is_empty() {
            return self.clone();
        }
        match saved.offer(address_input) {
            Some((url, value)) => SecretField {
                value,
                saved_for: Some(url),
            },
            None => SecretField::default(),
        }
    }

    /// Whether this value may be sent to `url`: never a secret saved for another server.
    pub fn may_send_to(&self, url: &str) -> bool {
        self.saved_for.as_deref().is_none_or(|u| u == url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: &str = "ws://127.0.0.1:25585/";

    fn saved() -> SavedSecrets {
        let mut s = SavedSecrets::default();
        s.set(HOME, "homesecret");
        s
    }

    #[test]
    fn a_saved_secret_is_offered_only_for_its_exact_address() {
        let s = saved();
        assert_eq!(
            s.offer("ws://127.0.0.1:25585"),
            Some((HOME.into(), "homesecret".into()))
        );
        assert_eq!(s.offer("ws://127.0.0.1:25586"), None);
        assert_eq!(s.offer("ws://localhost:25585"), None);
        // Same host and port, but TLS: another endpoint.
        assert_eq!(s.offer("wss://127.0.0.1:25585"), None);
        assert_eq!(s.offer("wss://evil.example:25585"), None);
        assert_eq!(s.offer("not an address"), None);
    }

    #[test]
    fn changing_the_address_never_carries_a_saved_secret_along() {
        let s = saved();
        let field = SecretField::default().after_address_change(HOME, &s);
        assert_eq!(field.value, "homesecret");
        let moved = field.after_address_change("wss://evil.example:25585", &s);
        assert_eq!(moved, SecretField::default());
        assert!(!field.may_send_to("wss://evil.example:25585/"));
        assert!(field.may_send_to(HOME));
        // Back to the saved server: offered again.
        assert_eq!(moved.after_address_change(HOME, &s).value, "homesecret");
    }

    #[test]
    fn a_typed_secret_stays_with_the_form() {
        let s = saved();
        let typed = SecretField::typed("mine".into());
        assert_eq!(typed.after_address_change("ws://other:1", &s), typed);
        assert!(typed.may_send_to("ws://other:1/"));
    }

    #[test]
    fn storage_round_trips_and_ignores_garbage() {
        let s = saved();
        let read = |text: &str| {
            SavedSecrets::from_stored(serde_json::from_str(text).map_err(|e| e.to_string()))
        };
        assert_eq!(read(&s.to_text()), s);
        assert!(read("not json").is_empty());
        assert!(read("[1,2]").is_empty());
        let mixed = read(r#"{"ws://a:1/":"x","ws://b:1/":3,"ws://c:1/":""}"#);
        assert_eq!(mixed.len(), 1);
        assert_eq!(mixed.get("ws://a:1/"), Some("x"));
    }

    #[test]
    fn the_old_single_secret_stays_with_its_address() {
        let mut s = SavedSecrets::default();
        s.adopt_legacy(Some("127.0.0.1:25585"), Some("old"));
        assert_eq!(s.get("wss://127.0.0.1:25585/"), Some("old"));
        let mut none = SavedSecrets::default();
        none.adopt_legacy(None, Some("orphan"));
        assert!(none.is_empty(), "a secret without its address is dropped");
    }
}
