//! Connection form logic: server address, secret, and the URL fragment that pre-fills the
//! form (`#server=<ws url>&secret=<secret>`; a fragment never reaches a server or its logs,
//! unlike a query string).

use crate::i18n::{fill, t};

/// The real server's secret is exactly 40 characters of `[A-Za-z0-9]`.
pub fn check_secret(secret: &str) -> Result<(), String> {
    let len = secret.chars().count();
    if len != 40 {
        return Err(fill(t().secret_length, &[&len]));
    }
    if let Some(c) = secret.chars().find(|c| !c.is_ascii_alphanumeric()) {
        // Anything else (a pasted tab, a zero-width space) is named by code point.
        let shown = if c.is_ascii_graphic() {
            format!("'{c}'")
        } else {
            format!("U+{:04X}", u32::from(c))
        };
        return Err(fill(t().secret_characters, &[&shown]));
    }
    Ok(())
}

/// A server address the browser can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `ws://host:port/` or `wss://host:port/`.
    pub url: String,
    pub secure: bool,
    /// `host:port`, for messages and the "trust the certificate" link.
    pub authority: String,
}

impl Endpoint {
    /// The page to open once so the browser trusts a self-signed certificate.
    pub fn https_url(&self) -> String {
        format!("https://{}/", self.authority)
    }
}

/// Accepts `ws://…`, `wss://…`, or a bare `host:port` (then `wss` unless `prefer_plain`:
/// the real server has TLS on by default).
pub fn parse_address(input: &str, prefer_plain: bool) -> Result<Endpoint, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err(t().address_missing.into());
    }
    let (secure, rest) = if let Some(r) = input.strip_prefix("wss://") {
        (true, r)
    } else if let Some(r) = input.strip_prefix("ws://") {
        (false, r)
    } else if input.contains("://") {
        return Err(t().address_scheme.into());
    } else {
        (!prefer_plain, input)
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if rest.len() > authority.len() && rest[authority.len()..] != *"/" {
        return Err(t().address_path.into());
    }
    let (host, port) = split_host_port(authority)?;
    if host.is_empty() {
        return Err(t().address_no_host.into());
    }
    if host.chars().any(|c| c.is_whitespace() || c == '@') {
        return Err(fill(t().address_bad_host, &[&host]));
    }
    let port: u16 = match port {
        Some(p) => p
            .parse()
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| fill(t().address_bad_port, &[&p]))?,
        None => return Err(t().address_no_port.into()),
    };
    let authority = format!("{host}:{port}");
    let scheme = if secure { "wss" } else { "ws" };
    Ok(Endpoint {
        url: format!("{scheme}://{authority}/"),
        secure,
        authority,
    })
}

fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(rest) = authority.strip_prefix('[') {
        let end = rest.find(']').ok_or(t().address_ipv6_brackets)?;
        let host = &authority[..end + 2];
        let port = rest[end + 1..].strip_prefix(':');
        return Ok((host, port));
    }
    match authority.rsplit_once(':') {
        Some((h, _)) if h.contains(':') => Err(t().address_ipv6_brackets.into()),
        Some((h, p)) => Ok((h, Some(p))),
        None => Ok((authority, None)),
    }
}

/// What a `#server=…&secret=…` fragment carried: the form is pre-filled with the first
/// server it names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    pub server: Option<String>,
    pub secret: Option<String>,
    /// Every server the link names, in order (several servers in one tab).
    pub servers: Vec<LinkedServer>,
}

/// One server of a link `#server=A&secret=X&name=Lobby&server=B&secret=Y`: each `secret`
/// and `name` belongs to the `server` before it (one given before any `server`, to the
/// first, as in `#secret=X&server=A`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkedServer {
    pub server: String,
    pub secret: Option<String>,
    pub name: Option<String>,
}

/// Reads the fragment (with or without the leading `#`).
pub fn parse_fragment(fragment: &str) -> Prefill {
    let mut servers: Vec<LinkedServer> = Vec::new();
    let mut early = LinkedServer::default();
    for pair in fragment.trim_start_matches('#').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_decode(v);
        if v.is_empty() {
            continue;
        }
        let current = servers.last_mut().unwrap_or(&mut early);
        match k {
            "server" => servers.push(LinkedServer {
                server: v,
                ..LinkedServer::default()
            }),
            "secret" => current.secret = Some(v),
            "name" => current.name = Some(v),
            _ => {}
        }
    }
    let Some(first) = servers.first_mut() else {
        // A secret with no server to go with it still pre-fills the field, as before.
        return Prefill {
            secret: early.secret,
            ..Prefill::default()
        };
    };
    first.secret = first.secret.take().or(early.secret);
    first.name = first.name.take().or(early.name);
    Prefill {
        server: Some(first.server.clone()),
        secret: first.secret.clone(),
        servers,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    // Not UTF-8 once decoded: treated as absent rather than shown mangled.
    String::from_utf8(out).unwrap_or_default()
}

/// The server.properties lines that let this page connect.
pub fn properties_for(origin: &str, endpoint: Option<&Endpoint>) -> String {
    let port = endpoint
        .and_then(|e| e.authority.rsplit(':').next())
        .unwrap_or("25585");
    let tls = endpoint.is_some_and(|e| e.secure);
    format!(
        "management-server-enabled=true\nmanagement-server-port={port}\nmanagement-server-allowed-origins={origin}\nmanagement-server-tls-enabled={tls}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_must_be_40_alphanumerics() {
        assert!(check_secret(&"a1".repeat(20)).is_ok());
        assert!(check_secret(&"a".repeat(39)).unwrap_err().contains("39"));
        assert!(check_secret(&format!("{}-", "a".repeat(39)))
            .unwrap_err()
            .contains("'-'"));
        assert!(check_secret(&"é".repeat(40)).is_err());
    }

    #[test]
    fn addresses_in_every_accepted_form() {
        let e = parse_address("ws://127.0.0.1:25585", false).unwrap();
        assert_eq!((e.url.as_str(), e.secure), ("ws://127.0.0.1:25585/", false));
        let e = parse_address(" mc.example.org:25585 ", false).unwrap();
        assert_eq!(e.url, "wss://mc.example.org:25585/");
        assert_eq!(e.https_url(), "https://mc.example.org:25585/");
        assert_eq!(
            parse_address("localhost:1", true).unwrap().url,
            "ws://localhost:1/"
        );
        assert_eq!(
            parse_address("wss://[::1]:9000/", false).unwrap().url,
            "wss://[::1]:9000/"
        );
    }

    #[test]
    fn bad_addresses_say_what_is_wrong() {
        assert!(parse_address("", false).unwrap_err().contains("Enter"));
        assert!(parse_address("http://x:1", false)
            .unwrap_err()
            .contains("ws://"));
        assert!(parse_address("ws://x", false).unwrap_err().contains("port"));
        assert!(parse_address("ws://x:0", false)
            .unwrap_err()
            .contains("port"));
        assert!(parse_address("ws://x:1/api?a=b", false)
            .unwrap_err()
            .contains("path"));
        assert!(parse_address("::1:25585", false)
            .unwrap_err()
            .contains("brackets"));
    }

    #[test]
    fn fragment_prefill_decodes_percent_escapes() {
        let p = parse_fragment("#server=ws%3A%2F%2F127.0.0.1%3A4000&secret=abc");
        assert_eq!(p.server.as_deref(), Some("ws://127.0.0.1:4000"));
        assert_eq!(p.secret.as_deref(), Some("abc"));
        assert_eq!(parse_fragment(""), Prefill::default());
        assert_eq!(
            parse_fragment("#secret=%zz%").secret.as_deref(),
            Some("%zz%")
        );
        // Bytes that are not UTF-8 once decoded leave the field empty, not mangled.
        assert_eq!(parse_fragment("#server=%FF&secret=s").server, None);
        assert_eq!(
            parse_fragment("#server=h%C3%A9").server.as_deref(),
            Some("hé")
        );
    }

    #[test]
    fn a_fragment_may_name_several_servers_each_with_its_secret_and_name() {
        let p = parse_fragment(
            "#server=ws%3A%2F%2Fa%3A1&secret=X&name=Lobby&server=ws://b:2&server=ws://c:3&name=C&secret=Z",
        );
        let got: Vec<(&str, Option<&str>, Option<&str>)> = p
            .servers
            .iter()
            .map(|s| (s.server.as_str(), s.secret.as_deref(), s.name.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("ws://a:1", Some("X"), Some("Lobby")),
                ("ws://b:2", None, None),
                ("ws://c:3", Some("Z"), Some("C")),
            ]
        );
        // The form takes the first.
        assert_eq!(p.server.as_deref(), Some("ws://a:1"));
        assert_eq!(p.secret.as_deref(), Some("X"));
        // A secret before its server still goes with it; a lone secret still pre-fills.
        let p = parse_fragment("#secret=S&server=ws://a:1");
        assert_eq!(p.servers[0].secret.as_deref(), Some("S"));
        assert_eq!(parse_fragment("#secret=S").secret.as_deref(), Some("S"));
        assert!(parse_fragment("#secret=S").servers.is_empty());
    }

    #[test]
    fn properties_name_the_exact_origin_and_port() {
        let e = parse_address("ws://localhost:4000", false).unwrap();
        let p = properties_for("http://127.0.0.1:8080", Some(&e));
        assert!(p.contains("management-server-allowed-origins=http://127.0.0.1:8080"));
        assert!(p.contains("management-server-port=4000"));
        assert!(p.contains("management-server-tls-enabled=false"));
    }
}
