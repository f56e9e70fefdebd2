//! What a hosting control panel may set: `panel.json` beside `index.html`, and the messages
//! a parent page may post to the panel in its frame. A config with any error is not used
//! at all (its errors are shown): half of a host's settings, say its servers without its
//! `lockServer`, would be a panel the host did not ask for.

use crate::i18n::{fill, t};
use crate::logic::connect::{check_secret, parse_address, Endpoint};
use serde_json::Value;

const FIELDS: [&str; 5] = ["servers", "parentOrigins", "lockServer", "theme", "lang"];
/// Languages the panel knows (English for now; the Chinese UI is another issue's).
pub const LANGS: [&str; 2] = ["en", "zh-CN"];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostConfig {
    /// Servers offered in the connection form.
    pub servers: Vec<Preset>,
    /// Exact origins whose pages may configure the panel by postMessage.
    pub parent_origins: Vec<String>,
    /// No connection form: the host page connects the panel.
    pub lock_server: bool,
    pub theme: Option<Theme>,
    pub lang: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    pub name: String,
    pub endpoint: Endpoint,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    System,
}

impl Theme {
    /// The root's `data-theme` (none: follow the system).
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
            Theme::System => None,
        }
    }
}

impl HostConfig {
    /// Reads `panel.json`'s parsed text; every problem is listed, each naming its field.
    pub fn from_value(value: &Value) -> Result<HostConfig, Vec<String>> {
        let s = t();
        let Some(object) = value.as_object() else {
            return Err(vec![s.host_not_object.into()]);
        };
        let mut errors = Vec::new();
        let mut config = HostConfig::default();
        for (key, v) in object {
            // What is wrong with the field as a whole; a list's entries are judged one by one.
            let wrong = match key.as_str() {
                "servers" | "parentOrigins" => match v.as_array() {
                    Some(list) => {
                        for (i, entry) in list.iter().enumerate() {
                            let read = if key == "servers" {
                                preset(entry).map(|p| config.servers.push(p))
                            } else {
                                entry
                                    .as_str()
                                    .ok_or_else(|| s.host_origin_text.to_string())
                                    .and_then(exact_origin)
                                    .map(|o| config.parent_origins.push(o))
                            };
                            if let Err(e) = read {
                                errors.push(fill(s.host_entry, &[key, &i, &e]));
                            }
                        }
                        None
                    }
                    None if key == "servers" => Some(s.host_servers_list),
                    None => Some(s.host_origins_list),
                },
                "lockServer" => match v.as_bool() {
                    Some(b) => {
                        config.lock_server = b;
                        None
                    }
                    None => Some(s.host_bool),
                },
                "theme" => {
                    config.theme = match v.as_str() {
                        Some("light") => Some(Theme::Light),
                        Some("dark") => Some(Theme::Dark),
                        Some("system") => Some(Theme::System),
                        _ => None,
                    };
                    config.theme.is_none().then_some(s.host_theme)
                }
                "lang" => {
                    config.lang = v.as_str().and_then(|l| LANGS.into_iter().find(|k| *k == l));
                    config.lang.is_none().then_some(s.host_lang)
                }
                _ => {
                    errors.push(fill(s.host_unknown_field, &[key, &FIELDS.join(", ")]));
                    None
                }
            };
            if let Some(wrong) = wrong {
                errors.push(fill(s.host_field, &[key, &wrong]));
            }
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }
}

fn preset(entry: &Value) -> Result<Preset, String> {
    let Some(o) = entry.as_object() else {
        return Err(t().host_server_object.into());
    };
    if o.contains_key("secret") {
        return Err(t().host_no_secrets.into());
    }
    if let Some(k) = o.keys().find(|k| !["name", "url"].contains(&k.as_str())) {
        return Err(fill(t().host_unknown_field, &[k, &"name, url"]));
    }
    let url = o
        .get("url")
        .and_then(Value::as_str)
        .ok_or(t().host_server_url)?;
    let endpoint = parse_address(url, false)?;
    let name = match o.get("name") {
        None => endpoint.authority.clone(),
        Some(Value::String(n)) if !n.trim().is_empty() => n.trim().to_string(),
        Some(_) => return Err(t().host_server_name.into()),
    };
    Ok(Preset { name, endpoint })
}

/// An origin as browsers write `MessageEvent.origin`: `http(s)://host[:port]`, lower case,
/// without the scheme's default port. No wildcards, paths or `null`.
pub fn exact_origin(text: &str) -> Result<String, String> {
    let bad = || fill(t().host_origin, &[&text]);
    let lower = text.trim().to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://").ok_or_else(bad)?;
    let default_port = match scheme {
        "https" => ":443",
        "http" => ":80",
        _ => return Err(bad()),
    };
    let host_ok = |h: &str| {
        !h.is_empty()
            && h.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.[]:".contains(c))
    };
    let (host, port) = match rest.rsplit_once(':').filter(|(h, _)| !h.ends_with(':')) {
        Some((h, p)) if !h.starts_with('[') || h.ends_with(']') => (h, Some(p)),
        _ => (rest, None),
    };
    if !host_ok(host) || port.is_some_and(|p| p.parse::<u16>().map_or(true, |n| n == 0)) {
        return Err(bad());
    }
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    let port = if port == default_port { "" } else { &port };
    Ok(format!("{scheme}://{host}{port}"))
}

/// The fields of a posted message the panel reads (each `None` when absent or not text).
#[derive(Debug, Clone, Default)]
pub struct Posted {
    pub kind: Option<String>,
    pub url: Option<String>,
    pub secret: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostCommand {
    Connect {
        endpoint: Endpoint,
        secret: String,
        name: Option<String>,
    },
    Disconnect,
}

/// Why a posted message was not acted on (shown and logged; never with its content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// From an origin not in `parentOrigins`.
    Origin(String),
    /// An allowed origin, but not a message the panel takes: the reason.
    Message(String),
}

impl Ignored {
    pub fn describe(&self) -> String {
        match self {
            Ignored::Origin(o) => fill(t().host_ignored_origin, &[o]),
            Ignored::Message(why) => fill(t().host_ignored_message, &[why]),
        }
    }
}

/// What a message posted to the panel asks, if it may ask anything.
pub fn read_message(origin: &str, allowed: &[String], m: Posted) -> Result<HostCommand, Ignored> {
    if !allowed.iter().any(|a| a == origin) {
        return Err(Ignored::Origin(origin.to_string()));
    }
    let refuse = |why: String| Err(Ignored::Message(why));
    match m.kind.as_deref() {
        Some("msmp-panel:connect") => {
            let (Some(url), Some(secret)) = (m.url, m.secret) else {
                return refuse(t().host_connect_fields.into());
            };
            let endpoint = parse_address(&url, false).map_err(Ignored::Message)?;
            check_secret(&secret).map_err(Ignored::Message)?;
            Ok(HostCommand::Connect {
                endpoint,
                secret,
                name: m.name.filter(|n| !n.trim().is_empty()),
            })
        }
        Some("msmp-panel:disconnect") => Ok(HostCommand::Disconnect),
        _ => refuse(t().host_unknown_type.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<HostConfig, Vec<String>> {
        let value: Value = serde_json::from_str(text).unwrap();
        HostConfig::from_value(&value)
    }

    #[test]
    fn a_full_config_is_read() {
        let c = config(
            r#"{"servers":[{"name":"Lobby","url":"wss://mc.example:25585"},{"url":"ws://127.0.0.1:1"}],
                "parentOrigins":["https://Host.example:443","http://localhost:8080"],
                "lockServer":true,"theme":"dark","lang":"zh-CN"}"#,
        )
        .unwrap();
        assert_eq!(c.servers[0].name, "Lobby");
        assert_eq!(c.servers[0].endpoint.url, "wss://mc.example:25585/");
        assert_eq!(
            c.servers[1].name, "127.0.0.1:1",
            "an unnamed server is named by address"
        );
        assert_eq!(
            c.parent_origins,
            ["https://host.example", "http://localhost:8080"],
            "written as MessageEvent.origin is"
        );
        assert!(c.lock_server);
        assert_eq!(c.theme, Some(Theme::Dark));
        assert_eq!(c.lang, Some("zh-CN"));
        assert_eq!(config("{}").unwrap(), HostConfig::default());
    }

    #[test]
    fn every_mistake_is_named_and_nothing_is_half_applied() {
        let errors = config(
            r#"{"servers":[{"url":"http://x:1"},{"url":"ws://a:1","secret":"s"},{"name":"n"}],
                "parentOrigins":["*","https://a.example/path","null",5,"https://ok.example"],
                "lockServer":"yes","theme":"blue","lang":"fr","parentOrigin":[]}"#,
        )
        .unwrap_err();
        let all = errors.join("\n");
        assert_eq!(errors.len(), 11, "{all}");
        for needle in [
            "servers[0]",
            "servers[1]: secrets do not belong",
            "servers[2]",
            "parentOrigins[0]: \"*\"",
            "parentOrigins[1]",
            "parentOrigins[2]",
            "parentOrigins[3]",
            "lockServer",
            "theme",
            "lang",
            "\"parentOrigin\"",
        ] {
            assert!(all.contains(needle), "{needle} in {all}");
        }
        assert!(!all.contains("parentOrigins[4]"), "{all}");
        assert!(config("[]").is_err());
    }

    #[test]
    fn origins_are_exact() {
        for (input, out) in [
            ("https://a.example", Some("https://a.example")),
            ("http://a.example:80", Some("http://a.example")),
            ("http://a.example:8080", Some("http://a.example:8080")),
            ("http://[::1]:8080", Some("http://[::1]:8080")),
            ("http://[::1]", Some("http://[::1]")),
            ("https://*.example", None),
            ("https://a.example/", None),
            ("a.example", None),
            ("ftp://a.example", None),
            ("https://a.example:0", None),
            ("https://", None),
        ] {
            assert_eq!(exact_origin(input).ok().as_deref(), out, "{input}");
        }
    }

    #[test]
    fn messages_act_only_from_allowed_origins_and_with_every_field() {
        let allowed = vec!["https://host.example".to_string()];
        let secret = "a".repeat(40);
        let connect = |origin: &str, url: Option<&str>, secret: Option<&str>| {
            let m = Posted {
                kind: Some("msmp-panel:connect".into()),
                url: url.map(Into::into),
                secret: secret.map(Into::into),
                name: Some("Lobby".into()),
            };
            read_message(origin, &allowed, m)
        };
        match connect("https://host.example", Some("ws://mc:25585"), Some(&secret)) {
            Ok(HostCommand::Connect {
                endpoint,
                secret: s,
                name,
            }) => {
                assert_eq!(endpoint.url, "ws://mc:25585/");
                assert_eq!(s, secret);
                assert_eq!(name.as_deref(), Some("Lobby"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            connect("https://evil.example", Some("ws://mc:25585"), Some(&secret)),
            Err(Ignored::Origin("https://evil.example".into()))
        );
        // A page on the host's domain but another port is another origin.
        assert!(matches!(
            connect(
                "https://host.example:8443",
                Some("ws://mc:1"),
                Some(&secret)
            ),
            Err(Ignored::Origin(_))
        ));
        for (url, s) in [(None, Some(secret.as_str())), (Some("ws://mc:1"), None)] {
            assert!(matches!(
                connect("https://host.example", url, s),
                Err(Ignored::Message(_))
            ));
        }
        assert!(matches!(
            connect("https://host.example", Some("ws://mc:1"), Some("short")),
            Err(Ignored::Message(_))
        ));
        let kind = |k: &str| Posted {
            kind: Some(k.into()),
            ..Posted::default()
        };
        assert_eq!(
            read_message(
                "https://host.example",
                &allowed,
                kind("msmp-panel:disconnect")
            ),
            Ok(HostCommand::Disconnect)
        );
        assert!(read_message("https://host.example", &allowed, kind("hello")).is_err());
        assert!(read_message("https://host.example", &[], kind("msmp-panel:disconnect")).is_err());
        let shown = Ignored::Origin("https://evil.example".into()).describe();
        assert!(shown.contains("https://evil.example"), "{shown}");
    }
}
