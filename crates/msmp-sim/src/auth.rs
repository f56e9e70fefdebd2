//! The handshake check, as the real server's authentication handler does it: a Bearer
//! header first (no Origin check), else `Sec-WebSocket-Protocol: minecraft-v1,<secret>`
//! with an exact Origin match; anything else is a 401 with a JSON body.

use msmp::catalog::ProtocolVersion;

/// The subprotocol a browser offers first and the server echoes.
pub const SUBPROTOCOL: &str = "minecraft-v1";
const SUBPROTOCOL_PREFIX: &str = "minecraft-v1,";
const BEARER_PREFIX: &str = "Bearer ";

/// The handshake headers that matter (first value of each).
#[derive(Debug, Clone, Copy, Default)]
pub struct Handshake<'a> {
    pub authorization: Option<&'a str>,
    pub protocol: Option<&'a str>,
    pub origin: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Accept; `echo` says whether the 101 must carry `Sec-WebSocket-Protocol: minecraft-v1`.
    Allowed { echo: bool },
    /// Refuse with 401 and this `message`.
    Denied(&'static str),
}

pub const MISSING: &str = "Missing API key";
pub const INVALID: &str = "Invalid API key";
pub const ORIGIN: &str = "Origin Not Allowed";

/// Whether `s` is a valid secret: exactly 40 of `[A-Za-z0-9]`.
pub fn valid_secret(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn same_key(supplied: &str, secret: &str) -> bool {
    if supplied.is_empty() || supplied.len() != secret.len() {
        return false;
    }
    // Constant time over the key's length.
    supplied
        .bytes()
        .zip(secret.bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// `allowed_origins` is the raw comma-separated setting: split on `,`, never trimmed.
pub fn check(secret: &str, allowed_origins: &str, h: Handshake<'_>) -> Outcome {
    if let Some(token) = h.authorization.and_then(|a| a.strip_prefix(BEARER_PREFIX)) {
        return if same_key(token.trim(), secret) {
            Outcome::Allowed { echo: false }
        } else {
            Outcome::Denied(INVALID)
        };
    }
    if let Some(token) = h.protocol.and_then(|p| p.strip_prefix(SUBPROTOCOL_PREFIX)) {
        let origin_ok = h
            .origin
            .is_some_and(|o| !o.is_empty() && allowed_origins.split(',').any(|a| a == o));
        if !origin_ok {
            return Outcome::Denied(ORIGIN);
        }
        return if same_key(token.trim(), secret) {
            Outcome::Allowed { echo: true }
        } else {
            Outcome::Denied(INVALID)
        };
    }
    Outcome::Denied(MISSING)
}

/// [`check`] for a server of protocol `v`. Browser authentication (the subprotocol, and
/// with it the origin list) came with snapshot 25w42a (protocol 1.1.0): a 1.0.0 server
/// (Minecraft 1.21.9, 1.21.10) reads only the Bearer header, so a browser gets the same
/// 401 as a request with no key at all.
pub fn check_for(
    v: ProtocolVersion,
    secret: &str,
    allowed_origins: &str,
    h: Handshake<'_>,
) -> Outcome {
    let h = if v < ProtocolVersion::V1_1_0 {
        Handshake {
            protocol: None,
            ..h
        }
    } else {
        h
    };
    check(secret, allowed_origins, h)
}

/// The 401 body for a refusal.
pub fn unauthorized_body(message: &str) -> String {
    serde_json::json!({"error": "Unauthorized", "message": message}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = "abcdefghijABCDEFGHIJ0123456789abcdefghij";

    fn h<'a>(a: Option<&'a str>, p: Option<&'a str>, o: Option<&'a str>) -> Handshake<'a> {
        Handshake {
            authorization: a,
            protocol: p,
            origin: o,
        }
    }

    #[test]
    fn protocol_1_0_0_accepts_no_browser() {
        let origin = "http://127.0.0.1:8080";
        let proto = format!("minecraft-v1,{S}");
        let browser = h(None, Some(&proto), Some(origin));
        assert_eq!(
            check_for(ProtocolVersion::V1_0_0, S, origin, browser),
            Outcome::Denied(MISSING)
        );
        let bearer = format!("Bearer {S}");
        assert_eq!(
            check_for(ProtocolVersion::V1_0_0, S, "", h(Some(&bearer), None, None)),
            Outcome::Allowed { echo: false }
        );
        assert_eq!(
            check_for(ProtocolVersion::V1_1_0, S, origin, browser),
            Outcome::Allowed { echo: true }
        );
    }

    #[test]
    fn bearer_then_subprotocol_with_exact_origin() {
        let origins = "http://localhost:8080,http://127.0.0.1:8080";
        let bearer = format!("Bearer {S}");
        assert_eq!(
            check(S, "", h(Some(&bearer), None, None)),
            Outcome::Allowed { echo: false }
        );
        assert_eq!(
            check(S, "", h(Some("Bearer nope"), None, None)),
            Outcome::Denied(INVALID)
        );
        let proto = format!("minecraft-v1, {S}");
        assert_eq!(
            check(
                S,
                origins,
                h(None, Some(&proto), Some("http://127.0.0.1:8080"))
            ),
            Outcome::Allowed { echo: true }
        );
        assert_eq!(
            check(
                S,
                origins,
                h(None, Some(&proto), Some("http://127.0.0.1:9999"))
            ),
            Outcome::Denied(ORIGIN)
        );
        // No trimming of the allowed list.
        assert_eq!(
            check(
                S,
                "http://a, http://b",
                h(None, Some(&proto), Some("http://b"))
            ),
            Outcome::Denied(ORIGIN)
        );
        assert_eq!(
            check(
                S,
                origins,
                h(
                    None,
                    Some("minecraft-v1,wrong"),
                    Some("http://localhost:8080")
                )
            ),
            Outcome::Denied(INVALID)
        );
        assert_eq!(
            check(S, origins, h(None, None, None)),
            Outcome::Denied(MISSING)
        );
        assert_eq!(
            check(S, origins, h(Some("Basic x"), None, None)),
            Outcome::Denied(MISSING)
        );
        assert!(valid_secret(S));
        assert!(!valid_secret("short"));
    }
}
