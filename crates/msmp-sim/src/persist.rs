//! The state file: lists, settings, game rules and added profiles as JSON, the parts a
//! real server keeps on disk across restarts. Writing it is the transport's job.

use crate::profiles::{is_uuid, Profile};
use crate::world::{Ban, IpBanEntry, Op, World, DEFAULT_SOURCE};
use msmp::types::{IpBan, Operator, Player, UserBan};
use serde_json::{json, Value};

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or(Value::Null)
}

pub fn snapshot(w: &World) -> String {
    let doc = json!({
        "format": 1,
        "allowlist": w.allowlist.iter().map(|p| to_value(&p.player())).collect::<Vec<_>>(),
        "bans": w.bans.iter().map(|b| to_value(&b.to_api())).collect::<Vec<_>>(),
        "ip_bans": w.ip_bans.iter().map(|b| to_value(&b.to_api())).collect::<Vec<_>>(),
        "operators": w.operators.iter().map(|o| to_value(&o.to_api())).collect::<Vec<_>>(),
        "settings": w.settings.to_json(),
        "gamerules": w.rules.to_json(w.version),
        "profiles": w.directory.added().iter().map(|p| to_value(&p.player())).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// A stored player is trusted (it was resolved when stored); it also joins the directory.
fn profile(w: &mut World, p: &Player) -> Option<Profile> {
    let (Some(id), Some(name)) = (&p.id, &p.name) else {
        return None;
    };
    if !is_uuid(id) {
        return None;
    }
    Some(w.directory.add(Profile {
        id: id.to_lowercase(),
        name: name.clone(),
    }))
}

/// A stored expiry in the canonical spelling; one that cannot be read means "never", as
/// the real server treats an unreadable date in its ban files.
fn expiry(e: Option<String>) -> Option<String> {
    e.and_then(|e| crate::instant::normalize(&e).ok())
}

fn items<T: serde::de::DeserializeOwned>(doc: &Value, key: &str) -> Vec<T> {
    doc.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| serde_json::from_value(v.clone()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Loads a snapshot into a fresh world. Entries that do not make sense are skipped.
pub fn restore(w: &mut World, text: &str) -> Result<(), String> {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| format!("state file is not JSON: {e}"))?;
    if !doc.is_object() {
        return Err("state file is not a JSON object".into());
    }
    for p in items::<Player>(&doc, "profiles") {
        profile(w, &p);
    }
    for p in items::<Player>(&doc, "allowlist") {
        if let Some(p) = profile(w, &p) {
            if !w.allowlist.contains(&p) {
                w.allowlist.push(p);
            }
        }
    }
    for b in items::<UserBan>(&doc, "bans") {
        if let Some(p) = profile(w, &b.player) {
            w.bans.push(Ban {
                profile: p,
                reason: b.reason,
                source: b.source.unwrap_or_else(|| DEFAULT_SOURCE.into()),
                expires: expiry(b.expires),
            });
        }
    }
    for b in items::<IpBan>(&doc, "ip_bans") {
        if b.ip.parse::<std::net::IpAddr>().is_ok() {
            w.ip_bans.push(IpBanEntry {
                ip: b.ip,
                reason: b.reason,
                source: b.source.unwrap_or_else(|| DEFAULT_SOURCE.into()),
                expires: expiry(b.expires),
            });
        }
    }
    for o in items::<Operator>(&doc, "operators") {
        if let Some(p) = profile(w, &o.player) {
            w.operators.push(Op {
                profile: p,
                level: o.permission_level.unwrap_or(4).clamp(0, 4),
                bypass: o.bypasses_player_limit.unwrap_or(false),
            });
        }
    }
    if let Some(s) = doc.get("settings").and_then(Value::as_object) {
        w.settings.load(s);
    }
    if let Some(r) = doc.get("gamerules").and_then(Value::as_object) {
        w.rules.load(w.version, r);
    }
    Ok(())
}
