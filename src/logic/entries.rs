//! Parsing what people paste into list forms: player names or UUIDs, IP addresses.

use crate::i18n::{fill, t};
use msmp::types::Player;
use std::net::IpAddr;

/// A UUID with or without hyphens, normalized to the hyphenated lower-case form.
pub fn parse_uuid(s: &str) -> Option<String> {
    // Bytes, not char slices: pasted text may hold multi-byte characters anywhere.
    let bytes = s.as_bytes();
    let hyphens_ok = !s.contains('-')
        || (bytes.len() == 36 && [8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-'));
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hyphens_ok || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let h = hex.to_ascii_lowercase();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    ))
}

/// Minecraft player names: 1–16 of `[A-Za-z0-9_]`.
pub fn is_player_name(s: &str) -> bool {
    (1..=16).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// One player per non-empty line, a name or a UUID. Errors name the line.
pub fn parse_players(text: &str) -> Result<Vec<Player>, String> {
    let mut out: Vec<Player> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let player = if let Some(id) = parse_uuid(line) {
            Player {
                id: Some(id),
                name: None,
            }
        } else if is_player_name(line) {
            Player::named(line)
        } else {
            return Err(fill(t().line_not_a_player, &[&(i + 1), &line]));
        };
        if !out.iter().any(|p| p.same_as(&player)) {
            out.push(player);
        }
    }
    if out.is_empty() {
        return Err(t().players_required.into());
    }
    Ok(out)
}

/// One IPv4 or IPv6 address per non-empty line, normalized.
pub fn parse_ips(text: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let ip: IpAddr = line
            .parse()
            .map_err(|_| fill(t().line_not_an_ip, &[&(i + 1), &line]))?;
        let ip = ip.to_string();
        if !out.contains(&ip) {
            out.push(ip);
        }
    }
    Ok(out)
}

/// What the user asked for that the server's returned list does not hold (bulk actions
/// classify their outcomes with it too).
pub use msmp::fleet::bulk::missing_from;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uuids_one_per_line() {
        let ps = parse_players("jeb_\n\n  853C80EF3C3749FDAA49938B674ADAE6 \nJEB_\nNotch").unwrap();
        assert_eq!(
            ps.len(),
            3,
            "duplicates (case-insensitive) are dropped: {ps:?}"
        );
        assert_eq!(
            ps[1].id.as_deref(),
            Some("853c80ef-3c37-49fd-aa49-938b674adae6")
        );
        assert!(parse_players("jeb_\nnot a name")
            .unwrap_err()
            .starts_with("Line 2"));
        assert!(parse_players("  \n").is_err());
        assert!(parse_players("seventeen_chars__").is_err());
    }

    #[test]
    fn any_pasted_text_is_an_error_not_a_panic() {
        // A multi-byte character where a UUID's hyphen would be.
        let tricky = format!("aaaaaaa\u{e9}-{}", "a".repeat(26));
        assert_eq!(tricky.len(), 36);
        assert_eq!(parse_uuid(&tricky), None);
        assert!(parse_players(&tricky).is_err());
        assert!(parse_players("\u{1F600}\n\u{0}").is_err());
    }

    #[test]
    fn ips_v4_and_v6_validated_and_normalized() {
        assert_eq!(
            parse_ips("203.0.113.7\n2001:DB8::1\n").unwrap(),
            ["203.0.113.7", "2001:db8::1"]
        );
        assert!(parse_ips("203.0.113.300").unwrap_err().contains("Line 1"));
        assert!(parse_ips("jeb_").is_err());
    }

    #[test]
    fn skipped_names_are_reported() {
        let asked = parse_players("jeb_\nfoo\nNotch").unwrap();
        let got = vec![Player::with_id("x", "jeb_"), Player::with_id("y", "notch")];
        assert_eq!(missing_from(&asked, &got), ["foo"]);
    }
}
