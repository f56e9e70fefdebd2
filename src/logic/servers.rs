//! The panel's list of servers: a name and an address each, and a secret only where the
//! user opted in for that entry. Saved in this browser, exported and imported as JSON
//! (`{"version":1,"servers":[{"name","address","secret"?}]}`).
//!
//! Secrets are not stored with the list: a remembered secret lives in [`SavedSecrets`],
//! bound to its exact address like one remembered by the connection form (it is the same
//! map, so each offers what the other saved). An entry's `secret` mirrors that map, and
//! every change to it here goes to the map too.

use crate::i18n::{fill, problem_text, t};
use crate::logic::connect::{check_secret, parse_address, LinkedServer};
use crate::logic::secrets::SavedSecrets;
use msmp::jsonrpc::{json_pretty, json_text};
use serde_json::{json, Map, Value};

/// The longest name, in characters.
pub const NAME_MAX: usize = 64;
/// The version of the stored and exported form.
pub const FORMAT: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerEntry {
    /// Stable within the tab; never reused.
    pub id: u32,
    pub name: String,
    /// The endpoint URL as [`parse_address`] normalizes it (`wss://host:port/`).
    pub address: String,
    /// Only when the user chose to remember this server's secret on this device.
    pub secret: Option<String>,
    /// Kept in this browser; `false` for a server a link added to this tab only.
    pub saved: bool,
}

impl ServerEntry {
    /// What opening it in the tab takes: its address, name and saved secret (if any).
    pub fn linked(&self) -> LinkedServer {
        LinkedServer {
            server: self.address.clone(),
            secret: self.secret.clone(),
            name: Some(self.name.clone()),
        }
    }
}

/// What an import did, by server name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportOutcome {
    pub added: Vec<String>,
    /// Already listed; the file gave it another name or secret.
    pub updated: Vec<String>,
    /// Already listed as the file has it.
    pub unchanged: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServerList {
    entries: Vec<ServerEntry>,
    next_id: u32,
}

/// One entry of a file, checked.
struct Imported {
    name: Option<String>,
    url: String,
    authority: String,
    secret: Option<String>,
}

fn check_name(name: &str) -> Result<(), String> {
    let len = name.chars().count();
    if len == 0 {
        return Err(t().server_name_empty.into());
    }
    if len > NAME_MAX {
        return Err(fill(t().server_name_long, &[&NAME_MAX, &len]));
    }
    Ok(())
}

/// An optional text field; `null` counts as absent.
fn text_field<'a>(o: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(fill(t().import_not_text, &[&key])),
    }
}

fn read_entry(v: &Value) -> Result<Imported, String> {
    let o = v.as_object().ok_or(t().import_not_object)?;
    let address = text_field(o, "address")?.ok_or(t().import_not_object)?;
    let endpoint = parse_address(address, false)?;
    let name = text_field(o, "name")?
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if let Some(n) = name {
        check_name(n)?;
    }
    let secret = text_field(o, "secret")?.filter(|s| !s.is_empty());
    if let Some(s) = secret {
        check_secret(s)?;
    }
    Ok(Imported {
        name: name.map(String::from),
        url: endpoint.url,
        authority: endpoint.authority,
        secret: secret.map(String::from),
    })
}

/// Every entry of a parsed file, or every mistake in it, each with its server's number.
fn read_file(doc: &Value) -> Result<Vec<Imported>, Vec<String>> {
    let servers = match doc.get("version").and_then(Value::as_u64) {
        Some(FORMAT) => doc.get("servers").and_then(Value::as_array),
        Some(v) => return Err(vec![fill(t().import_version, &[&v])]),
        None => None,
    }
    .ok_or_else(|| vec![t().import_shape.to_string()])?;
    // Each good entry with its number in the file.
    let mut out: Vec<(usize, Imported)> = Vec::new();
    let mut errors = Vec::new();
    for (i, v) in servers.iter().enumerate() {
        let problem = match read_entry(v) {
            Ok(e) => match out.iter().find(|(_, o)| o.url == e.url) {
                Some((j, _)) => fill(t().import_same_address, &[&(j + 1)]),
                None => {
                    out.push((i, e));
                    continue;
                }
            },
            Err(e) => e,
        };
        errors.push(fill(t().import_entry, &[&(i + 1), &problem]));
    }
    if errors.is_empty() {
        Ok(out.into_iter().map(|(_, e)| e).collect())
    } else {
        Err(errors)
    }
}

impl ServerList {
    /// Reads the stored list (parsed by the caller), with the secrets remembered for its
    /// addresses; a stored entry that no longer reads is dropped, garbage is an empty list.
    pub fn from_stored(stored: Result<Value, String>, secrets: &SavedSecrets) -> ServerList {
        let mut list = ServerList::default();
        let Ok(doc) = stored else { return list };
        let Some(servers) = doc.get("servers").and_then(Value::as_array) else {
            return list;
        };
        for e in servers.iter().filter_map(|v| read_entry(v).ok()) {
            if list.by_address(&e.url).is_none() {
                let name = list.free_name(e.name.as_deref().unwrap_or(&e.authority));
                list.push(name, e.url, true);
            }
        }
        list.refresh_secrets(secrets);
        list
    }

    /// The saved entries, without secrets, for this browser's storage.
    pub fn to_stored(&self) -> String {
        json_text(&self.document(false, true))
    }

    /// The whole list as a file; secrets only with `include_secrets`, and only those the
    /// user chose to remember.
    pub fn export_json(&self, include_secrets: bool) -> String {
        json_pretty(&self.document(include_secrets, false))
    }

    fn document(&self, secrets: bool, saved_only: bool) -> Value {
        let servers: Vec<Value> = self
            .entries
            .iter()
            .filter(|e| e.saved || !saved_only)
            .map(|e| {
                let mut o = json!({"name": e.name, "address": e.address});
                if let Some(s) = e.secret.as_ref().filter(|_| secrets) {
                    o["secret"] = json!(s);
                }
                o
            })
            .collect();
        json!({"version": FORMAT, "servers": servers})
    }

    pub fn entries(&self) -> &[ServerEntry] {
        &self.entries
    }

    pub fn get(&self, id: u32) -> Option<&ServerEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The entry for what an address field holds, once normalized.
    pub fn find_address(&self, input: &str) -> Option<&ServerEntry> {
        let url = parse_address(input, false).ok()?.url;
        self.by_address(&url)
    }

    fn by_address(&self, url: &str) -> Option<&ServerEntry> {
        self.entries.iter().find(|e| e.address == url)
    }

    fn pos(&self, id: u32) -> Option<usize> {
        self.entries.iter().position(|e| e.id == id)
    }

    fn taken(&self, name: &str, except: Option<u32>) -> bool {
        let name = name.to_lowercase();
        self.entries
            .iter()
            .any(|e| Some(e.id) != except && e.name.to_lowercase() == name)
    }

    /// `base`, or `base (2)`, `base (3)`…: the first no other entry has.
    fn free_name(&self, base: &str) -> String {
        let base: String = base.trim().chars().take(NAME_MAX - 5).collect();
        let mut name = base.clone();
        let mut n = 2;
        while self.taken(&name, None) {
            name = format!("{base} ({n})");
            n += 1;
        }
        name
    }

    fn push(&mut self, name: String, address: String, saved: bool) -> u32 {
        self.next_id += 1;
        let id = self.next_id;
        self.entries.push(ServerEntry {
            id,
            name,
            address,
            secret: None,
            saved,
        });
        id
    }

    /// Adds a server the user entered. An empty name becomes `host:port`; a name or an
    /// address already listed is refused, saying which.
    pub fn add(&mut self, name: &str, address: &str) -> Result<u32, String> {
        let endpoint = parse_address(address, false)?;
        if let Some(e) = self.by_address(&endpoint.url) {
            return Err(fill(t().server_address_taken, &[&endpoint.url, &e.name]));
        }
        let name = match name.trim() {
            "" => self.free_name(&endpoint.authority),
            n => {
                check_name(n)?;
                if self.taken(n, None) {
                    return Err(fill(t().server_name_taken, &[&n]));
                }
                n.to_string()
            }
        };
        Ok(self.push(name, endpoint.url, true))
    }

    /// Adds a server a link named (`#server=…&name=…`) to this tab only; one already
    /// listed is not added twice. Its secret, if the link had one, stays with the
    /// connection: nothing of it is saved until the user chooses to ([`ServerList::keep`]).
    pub fn add_linked(&mut self, address: &str, name: Option<&str>) -> Result<u32, String> {
        let endpoint = parse_address(address, false)?;
        if let Some(e) = self.by_address(&endpoint.url) {
            return Ok(e.id);
        }
        let base = name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(&endpoint.authority);
        let name = self.free_name(base);
        Ok(self.push(name, endpoint.url, false))
    }

    /// Saves a server a link added.
    pub fn keep(&mut self, id: u32) -> bool {
        let Some(i) = self.pos(id) else { return false };
        self.entries[i].saved = true;
        true
    }

    /// Renames; the name is trimmed, and no two servers share one (ignoring case).
    pub fn rename(&mut self, id: u32, name: &str) -> Result<(), String> {
        let name = name.trim();
        check_name(name)?;
        if self.taken(name, Some(id)) {
            return Err(fill(t().server_name_taken, &[&name]));
        }
        if let Some(i) = self.pos(id) {
            self.entries[i].name = name.to_string();
        }
        Ok(())
    }

    /// Removes the server and forgets the secret remembered for its address.
    pub fn remove(&mut self, id: u32, secrets: &mut SavedSecrets) -> Option<ServerEntry> {
        let gone = self.entries.remove(self.pos(id)?);
        secrets.remove(&gone.address);
        Some(gone)
    }

    /// Moves the server one place up (towards the start); false at the top.
    pub fn move_up(&mut self, id: u32) -> bool {
        match self.pos(id) {
            Some(i) if i > 0 => {
                self.entries.swap(i - 1, i);
                true
            }
            _ => false,
        }
    }

    pub fn move_down(&mut self, id: u32) -> bool {
        match self.pos(id) {
            Some(i) if i + 1 < self.entries.len() => {
                self.entries.swap(i, i + 1);
                true
            }
            _ => false,
        }
    }

    /// Remembers (`Some`) or forgets (`None`) this server's secret on this device.
    pub fn set_secret(
        &mut self,
        id: u32,
        secret: Option<&str>,
        secrets: &mut SavedSecrets,
    ) -> Result<(), String> {
        let Some(i) = self.pos(id) else { return Ok(()) };
        let e = &mut self.entries[i];
        match secret {
            Some(s) => {
                check_secret(s)?;
                secrets.set(&e.address, s);
            }
            None => {
                secrets.remove(&e.address);
            }
        }
        e.secret = secret.map(String::from);
        Ok(())
    }

    /// Forgets every saved secret, the list's and the connection form's alike.
    pub fn forget_all_secrets(&mut self, secrets: &mut SavedSecrets) {
        *secrets = SavedSecrets::default();
        for e in &mut self.entries {
            e.secret = None;
        }
    }

    /// Takes up what the map holds now (the connection form may have changed it).
    pub fn refresh_secrets(&mut self, secrets: &SavedSecrets) {
        for e in &mut self.entries {
            e.secret = secrets.get(&e.address).map(String::from);
        }
    }

    /// Reads a file made by [`ServerList::export_json`] and merges it: new addresses are
    /// appended, listed ones take the file's name (when free) and secret; a file without
    /// secrets forgets none. Every mistake is listed with its server's number, and then
    /// nothing changes. Imported secrets are remembered: the file has them only where the
    /// user had opted in.
    pub fn import_json(
        &mut self,
        text: &str,
        secrets: &mut SavedSecrets,
    ) -> Result<ImportOutcome, Vec<String>> {
        // Only integers are expected: without a float parser, any other number is refused.
        let doc = msmp::from_text::parse(text, &|_| None)
            .map_err(|e| vec![fill(t().import_not_json, &[&problem_text(&e)])])?;
        let mut out = ImportOutcome::default();
        for e in read_file(&doc)? {
            let id = match self.by_address(&e.url) {
                Some(existing) => existing.id,
                None => {
                    let name = self.free_name(e.name.as_deref().unwrap_or(&e.authority));
                    let id = self.push(name.clone(), e.url, true);
                    if let Some(s) = &e.secret {
                        let _ = self.set_secret(id, Some(s), secrets);
                    }
                    out.added.push(name);
                    continue;
                }
            };
            let i = self.pos(id).unwrap_or_default();
            let mut changed = false;
            if let Some(n) = e
                .name
                .filter(|n| *n != self.entries[i].name && !self.taken(n, Some(id)))
            {
                self.entries[i].name = n;
                changed = true;
            }
            if e.secret.is_some() && e.secret != self.entries[i].secret {
                let _ = self.set_secret(id, e.secret.as_deref(), secrets);
                changed = true;
            }
            // A server a link added to this tab is saved now.
            changed |= !std::mem::replace(&mut self.entries[i].saved, true);
            let name = self.entries[i].name.clone();
            if changed {
                out.updated.push(name);
            } else {
                out.unchanged.push(name);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S1: &str = "abcdefghijABCDEFGHIJ0123456789abcdefghij";
    const S2: &str = "0123456789012345678901234567890123456789";

    fn parse(text: &str) -> Result<Value, String> {
        msmp::from_text::parse_native(text).map_err(|e| e.to_string())
    }

    fn names(l: &ServerList) -> Vec<&str> {
        l.entries().iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn adding_normalizes_the_address_names_it_and_refuses_duplicates() {
        let mut l = ServerList::default();
        let a = l.add("", "lobby.example:25585").unwrap();
        let e = l.get(a).unwrap();
        assert_eq!(e.address, "wss://lobby.example:25585/");
        assert_eq!(e.name, "lobby.example:25585");
        let err = l.add("Other", "wss://lobby.example:25585/").unwrap_err();
        assert!(err.contains("lobby.example:25585"), "{err}");
        assert!(
            err.contains("\"lobby.example:25585\""),
            "names the entry: {err}"
        );
        // Plain ws on the same host and port is another endpoint; its default name differs.
        let b = l.add(" ", "ws://lobby.example:25585").unwrap();
        assert_eq!(l.get(b).unwrap().name, "lobby.example:25585 (2)");
        assert!(l.add("x", "http://nope:1").is_err());
        assert!(
            l.add("LOBBY.EXAMPLE:25585", "ws://c:1").is_err(),
            "name taken"
        );
        assert_ne!(a, b);
    }

    #[test]
    fn rename_trims_and_refuses_empty_long_and_taken_names() {
        let mut l = ServerList::default();
        let a = l.add("Lobby", "ws://a:1").unwrap();
        let b = l.add("Survival", "ws://b:1").unwrap();
        assert!(l.rename(a, "   ").is_err());
        assert!(l
            .rename(a, &"x".repeat(NAME_MAX + 1))
            .unwrap_err()
            .contains("65"));
        assert!(l.rename(a, "survival").is_err());
        l.rename(b, " SURVIVAL ").unwrap();
        assert_eq!(
            l.get(b).unwrap().name,
            "SURVIVAL",
            "its own name in other case"
        );
        l.rename(a, "  Hub ").unwrap();
        assert_eq!(names(&l), ["Hub", "SURVIVAL"]);
    }

    #[test]
    fn reorder_and_remove() {
        let mut l = ServerList::default();
        let mut secrets = SavedSecrets::default();
        let a = l.add("a", "ws://a:1").unwrap();
        let b = l.add("b", "ws://b:1").unwrap();
        let c = l.add("c", "ws://c:1").unwrap();
        assert!(!l.move_up(a));
        assert!(l.move_down(a));
        assert!(l.move_up(c));
        assert_eq!(names(&l), ["b", "c", "a"]);
        assert!(!l.move_down(a));
        l.set_secret(c, Some(S1), &mut secrets).unwrap();
        assert_eq!(l.remove(c, &mut secrets).unwrap().name, "c");
        assert!(
            secrets.is_empty(),
            "a removed server leaves no secret behind"
        );
        assert_eq!(names(&l), ["b", "a"]);
        assert!(l.remove(c, &mut secrets).is_none());
        let d = l.add("d", "ws://d:1").unwrap();
        assert!(d > c, "ids are not reused: {d} {c}");
        let _ = b;
    }

    #[test]
    fn secrets_are_remembered_per_address_and_forgotten_all_at_once() {
        let mut l = ServerList::default();
        let mut secrets = SavedSecrets::default();
        secrets.set("ws://form:1/", S2);
        let a = l.add("a", "ws://a:1").unwrap();
        assert!(l.set_secret(a, Some("short"), &mut secrets).is_err());
        l.set_secret(a, Some(S1), &mut secrets).unwrap();
        assert_eq!(
            secrets.get("ws://a:1/"),
            Some(S1),
            "the connect form offers it too"
        );
        assert_eq!(l.get(a).unwrap().secret.as_deref(), Some(S1));
        l.forget_all_secrets(&mut secrets);
        assert!(secrets.is_empty(), "the form's secrets too");
        assert_eq!(l.get(a).unwrap().secret, None);
    }

    #[test]
    fn storage_keeps_saved_servers_without_secrets_and_rereads_them() {
        let mut l = ServerList::default();
        let mut secrets = SavedSecrets::default();
        let a = l.add("Lobby", "ws://a:1").unwrap();
        l.set_secret(a, Some(S1), &mut secrets).unwrap();
        l.add_linked("ws://linked:1", Some("From a link")).unwrap();
        let text = l.to_stored();
        assert!(!text.contains(S1), "{text}");
        assert!(
            !text.contains("linked"),
            "tab-only servers are not stored: {text}"
        );
        let back = ServerList::from_stored(parse(&text), &secrets);
        assert_eq!(back.entries().len(), 1);
        let e = &back.entries()[0];
        assert_eq!(
            (e.name.as_str(), e.address.as_str()),
            ("Lobby", "ws://a:1/")
        );
        assert_eq!(e.secret.as_deref(), Some(S1));
        assert!(ServerList::from_stored(parse("[1]"), &secrets)
            .entries()
            .is_empty());
        assert!(ServerList::from_stored(Err("x".into()), &secrets)
            .entries()
            .is_empty());
        let mixed =
            r#"{"version":1,"servers":[{"address":"bad"},{"name":"B","address":"ws://b:2"}]}"#;
        assert_eq!(
            names(&ServerList::from_stored(parse(mixed), &secrets)),
            ["B"]
        );
    }

    #[test]
    fn linked_servers_join_the_tab_once_and_are_saved_on_request() {
        let mut l = ServerList::default();
        let a = l.add("Lobby", "ws://a:1").unwrap();
        assert_eq!(l.add_linked("ws://a:1/", Some("Other")).unwrap(), a);
        assert_eq!(l.get(a).unwrap().name, "Lobby");
        let b = l.add_linked("ws://b:1", Some("lobby")).unwrap();
        assert_eq!(l.get(b).unwrap().name, "lobby (2)");
        assert!(!l.get(b).unwrap().saved);
        assert!(l.keep(b));
        assert!(l.to_stored().contains("ws://b:1/"));
    }

    #[test]
    fn export_leaves_secrets_out_unless_asked() {
        let mut l = ServerList::default();
        let mut secrets = SavedSecrets::default();
        let a = l.add("Lobby", "ws://a:1").unwrap();
        l.add("Survival", "ws://b:1").unwrap();
        l.set_secret(a, Some(S1), &mut secrets).unwrap();
        let without = l.export_json(false);
        assert!(!without.contains(S1));
        assert!(without.contains('\n'), "pretty: {without}");
        let with = parse(&l.export_json(true)).unwrap();
        assert_eq!(with["version"], 1);
        assert_eq!(
            with["servers"],
            json!([
                {"name": "Lobby", "address": "ws://a:1/", "secret": S1},
                {"name": "Survival", "address": "ws://b:1/"},
            ])
        );
    }

    #[test]
    fn import_round_trips_an_export_into_another_browser() {
        let mut l = ServerList::default();
        let mut secrets = SavedSecrets::default();
        let a = l.add("Lobby", "ws://a:1").unwrap();
        l.add("Survival", "wss://b:2").unwrap();
        l.set_secret(a, Some(S1), &mut secrets).unwrap();
        let file = l.export_json(true);
        let mut other = ServerList::default();
        let mut other_secrets = SavedSecrets::default();
        let got = other.import_json(&file, &mut other_secrets).unwrap();
        assert_eq!(got.added, ["Lobby", "Survival"]);
        assert_eq!(other_secrets.get("ws://a:1/"), Some(S1));
        assert_eq!(other.export_json(true), file);
        // Again: everything is already there.
        let again = other.import_json(&file, &mut other_secrets).unwrap();
        assert_eq!(again.unchanged, ["Lobby", "Survival"]);
        assert!(again.added.is_empty() && again.updated.is_empty());
    }

    #[test]
    fn import_merges_by_address_and_keeps_secrets_a_file_lacks() {
        let mut l = ServerList::default();
        let mut secrets = SavedSecrets::default();
        let a = l.add("Lobby", "ws://a:1").unwrap();
        l.set_secret(a, Some(S1), &mut secrets).unwrap();
        l.add("Creative", "ws://c:1").unwrap();
        let file = json!({"version": 1, "servers": [
            {"name": "Hub", "address": "ws://a:1"},
            {"name": "Creative", "address": "ws://new:1", "secret": S2},
            {"address": "ws://c:1/", "secret": S2},
        ]});
        let got = l.import_json(&file.to_string(), &mut secrets).unwrap();
        assert_eq!(got.updated, ["Hub", "Creative"]);
        assert_eq!(got.added, ["Creative (2)"], "names stay unique");
        assert_eq!(l.get(a).unwrap().secret.as_deref(), Some(S1), "kept");
        assert_eq!(secrets.get("ws://c:1/"), Some(S2));
        assert_eq!(secrets.get("ws://new:1/"), Some(S2));
        assert_eq!(names(&l), ["Hub", "Creative", "Creative (2)"]);
        let linked = l.add_linked("ws://tab:1", None).unwrap();
        let file = json!({"version": 1, "servers": [{"address": "ws://tab:1"}]});
        let got = l.import_json(&file.to_string(), &mut secrets).unwrap();
        assert_eq!(got.updated, ["tab:1"]);
        assert!(l.get(linked).unwrap().saved, "imported means saved");
    }

    #[test]
    fn import_lists_every_mistake_with_its_number_and_changes_nothing() {
        let mut l = ServerList::default();
        let mut secrets = SavedSecrets::default();
        l.add("Lobby", "ws://a:1").unwrap();
        let before = l.clone();
        let file = json!({"version": 1, "servers": [
            {"name": "x", "address": "ws://nope"},
            {"name": "ok", "address": "ws://ok:1"},
            {"name": "x", "address": "ws://s:1", "secret": "short"},
            "just text",
            {"name": "x".repeat(NAME_MAX + 1), "address": "ws://long:1"},
            {"name": 5, "address": "ws://n:1"},
            {"address": "ws://OK:1/"},
            {"address": "ws://ok:1/"},
        ]});
        let errors = l.import_json(&file.to_string(), &mut secrets).unwrap_err();
        assert_eq!(errors.len(), 6, "{errors:#?}");
        let starts: Vec<&str> = errors.iter().map(|e| &e[..8]).collect();
        assert_eq!(
            starts,
            ["Server 1", "Server 3", "Server 4", "Server 5", "Server 6", "Server 8"]
        );
        assert!(errors[0].contains("port"));
        assert!(errors[1].contains("40"));
        assert!(errors[5].ends_with("server 2."), "{}", errors[5]);
        assert_eq!(l, before);
        assert!(secrets.is_empty());
        for bad in [
            "",
            "{",
            r#"{"servers": []}"#,
            r#"{"version": 2, "servers": []}"#,
            "[]",
        ] {
            assert_eq!(
                l.import_json(bad, &mut secrets).unwrap_err().len(),
                1,
                "{bad}"
            );
        }
        assert!(l
            .import_json(r#"{"version": 2, "servers": []}"#, &mut secrets)
            .unwrap_err()[0]
            .contains("version 2"));
    }

    #[test]
    fn find_address_normalizes_what_is_typed() {
        let mut l = ServerList::default();
        let a = l.add("Lobby", "ws://a:1").unwrap();
        assert_eq!(l.find_address(" ws://a:1/ ").map(|e| e.id), Some(a));
        assert_eq!(l.find_address("a:1"), None, "wss: another endpoint");
    }
}
