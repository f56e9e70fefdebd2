//! The `minecraft:` methods with the real server's semantics.

use crate::gamerules::GameRules;
use crate::params::{self, each, expires, require};
use crate::profiles::Profile;
use crate::settings;
use crate::world::{Ban, IpBanEntry, Op, World, DEFAULT_SOURCE};
use msmp::catalog::{self, Group, MethodSpec};
use msmp::types::{KickPlayer, Player, SystemMessage};
use serde_json::{json, Value};
use std::net::IpAddr;

/// What a method asks of the transport besides its result.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct After {
    /// `server/stop`: close every connection and exit once the response is out.
    pub stop: bool,
}

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or(Value::Null)
}

fn arg(a: Option<&Value>) -> Result<&Value, String> {
    a.ok_or_else(|| "Expected params as array or named".to_string())
}

/// Resolves players against the directory; unknown ones are skipped silently.
fn resolve_all(w: &World, players: &[Player]) -> Vec<Profile> {
    let mut out: Vec<Profile> = Vec::new();
    for p in players {
        if let Some(found) = w.directory.resolve(p) {
            if !out.contains(found) {
                out.push(found.clone());
            }
        }
    }
    out
}

fn allowlist(w: &World) -> Value {
    Value::Array(w.allowlist.iter().map(|p| to_value(&p.player())).collect())
}

fn bans(w: &World) -> Value {
    Value::Array(w.bans.iter().map(|b| to_value(&b.to_api())).collect())
}

fn ip_bans(w: &World) -> Value {
    Value::Array(w.ip_bans.iter().map(|b| to_value(&b.to_api())).collect())
}

fn operators(w: &World) -> Value {
    Value::Array(w.operators.iter().map(|o| to_value(&o.to_api())).collect())
}

/// The optional fields every ban entry shares, checked like the real codec.
struct BanFields {
    reason: Option<String>,
    source: String,
    expires: Option<String>,
}

fn ban_fields(e: &Value) -> Result<BanFields, String> {
    Ok(BanFields {
        reason: e.get("reason").map(params::string).transpose()?,
        source: e
            .get("source")
            .map(params::string)
            .transpose()?
            .unwrap_or_else(|| DEFAULT_SOURCE.into()),
        expires: expires(e)?,
    })
}

impl BanFields {
    fn ip_ban(self, ip: String) -> IpBanEntry {
        IpBanEntry {
            ip,
            reason: self.reason,
            source: self.source,
            expires: self.expires,
        }
    }
}

fn read_bans(w: &World, v: &Value) -> Result<Vec<Ban>, String> {
    let entries = each(v, |e| {
        require(e, &["player"])?;
        Ok((params::player(&e["player"])?, ban_fields(e)?))
    })?;
    let mut out: Vec<Ban> = Vec::new();
    for (player, f) in entries {
        if let Some(profile) = w.directory.resolve(&player) {
            out.retain(|b| b.profile.id != profile.id);
            out.push(Ban {
                profile: profile.clone(),
                reason: f.reason,
                source: f.source,
                expires: f.expires,
            });
        }
    }
    Ok(out)
}

fn read_ops(w: &World, v: &Value) -> Result<Vec<Op>, String> {
    let default_level = w.settings.int("operator_user_permission_level");
    let entries = each(v, |e| {
        require(e, &["player"])?;
        let player = params::player(&e["player"])?;
        let level = match e.get("permissionLevel") {
            None => None,
            Some(l) => match l.as_i64() {
                Some(n) if (0..=4).contains(&n) => Some(n),
                _ => return Err(format!("Not a valid permission level: {l}")),
            },
        };
        let bypass = e
            .get("bypassesPlayerLimit")
            .map(params::boolean)
            .transpose()?;
        Ok((player, level, bypass))
    })?;
    let mut out: Vec<Op> = Vec::new();
    for (player, level, bypass) in entries {
        if let Some(profile) = w.directory.resolve(&player) {
            out.retain(|o| o.profile.id != profile.id);
            out.push(Op {
                profile: profile.clone(),
                level: level.unwrap_or(default_level),
                bypass: bypass.unwrap_or(false),
            });
        }
    }
    Ok(out)
}

fn valid_ip(s: &str) -> bool {
    s.parse::<IpAddr>().is_ok()
}

/// `set` (and `clear`, with nothing wanted): removes what the new list lacks, then adds
/// it all; the world's add/remove notify only on a real change, like the real server.
fn replace<T: Clone + PartialEq>(
    w: &mut World,
    list: fn(&World) -> &Vec<T>,
    wanted: Vec<T>,
    remove: fn(&mut World, &T),
    add: fn(&mut World, T),
) {
    for entry in list(w).clone() {
        if !wanted.contains(&entry) {
            remove(w, &entry);
        }
    }
    for entry in wanted {
        add(w, entry);
    }
}

/// Runs one `minecraft:` method; `Err` is the `data` of a -32602 error.
pub fn call(
    w: &mut World,
    spec: &MethodSpec,
    a: Option<&Value>,
    after: &mut After,
) -> Result<Value, String> {
    if spec.group == Group::Settings {
        return setting(w, spec, a);
    }
    let short = spec.short_name();
    Ok(match short {
        "allowlist" => allowlist(w),
        "allowlist/add" => {
            for p in resolve_all(w, &params::players(arg(a)?)?) {
                w.allowlist_add(p);
            }
            allowlist(w)
        }
        "allowlist/remove" => {
            for p in resolve_all(w, &params::players(arg(a)?)?) {
                w.allowlist_remove(&p);
            }
            w.kick_unlisted();
            allowlist(w)
        }
        "allowlist/set" | "allowlist/clear" => {
            let wanted = match short {
                "allowlist/set" => resolve_all(w, &params::players(arg(a)?)?),
                _ => Vec::new(),
            };
            replace(
                w,
                |w| &w.allowlist,
                wanted,
                |w, p| w.allowlist_remove(p),
                World::allowlist_add,
            );
            w.kick_unlisted();
            allowlist(w)
        }
        "bans" => bans(w),
        "bans/add" => {
            for b in read_bans(w, arg(a)?)? {
                w.ban_add(b);
            }
            bans(w)
        }
        "bans/remove" => {
            for p in resolve_all(w, &params::players(arg(a)?)?) {
                w.ban_remove(&p);
            }
            bans(w)
        }
        "bans/set" | "bans/clear" => {
            let wanted = match short {
                "bans/set" => read_bans(w, arg(a)?)?,
                _ => Vec::new(),
            };
            replace(
                w,
                |w| &w.bans,
                wanted,
                |w, b| w.ban_remove(&b.profile),
                World::ban_add,
            );
            bans(w)
        }
        "ip_bans" => ip_bans(w),
        "ip_bans/add" => {
            // The whole list is decoded before anything changes, like the real server:
            // one bad entry fails the call with nothing applied and nothing notified.
            let entries = each(arg(a)?, |e| {
                params::require(e, &[])?;
                let ip = e.get("ip").map(params::string).transpose()?;
                let player = e.get("player").map(params::player).transpose()?;
                Ok((ip, player, ban_fields(e)?))
            })?;
            for (ip, player, fields) in entries {
                // A valid ip, else the online player's address, else nothing.
                let ip = match ip.filter(|ip| valid_ip(ip)) {
                    Some(ip) => Some(ip),
                    None => player
                        .and_then(|p| w.find_online(&p))
                        .map(|i| w.online[i].address.clone()),
                };
                if let Some(ip) = ip {
                    w.ip_ban_add(fields.ip_ban(ip));
                }
            }
            ip_bans(w)
        }
        "ip_bans/remove" => {
            for ip in each(arg(a)?, params::string)? {
                w.ip_ban_remove(&ip);
            }
            ip_bans(w)
        }
        "ip_bans/set" => {
            // Every entry's fields are checked, even those whose ip is then ignored.
            let wanted: Vec<IpBanEntry> = each(arg(a)?, |e| {
                require(e, &["ip"])?;
                Ok((params::string(&e["ip"])?, ban_fields(e)?))
            })?
            .into_iter()
            .filter(|(ip, _)| valid_ip(ip))
            .map(|(ip, fields)| fields.ip_ban(ip))
            .collect();
            replace(
                w,
                |w| &w.ip_bans,
                wanted,
                |w, b| w.ip_ban_remove(&b.ip),
                World::ip_ban_add,
            );
            ip_bans(w)
        }
        "ip_bans/clear" => {
            replace(
                w,
                |w| &w.ip_bans,
                Vec::new(),
                |w, b| w.ip_ban_remove(&b.ip),
                World::ip_ban_add,
            );
            ip_bans(w)
        }
        "operators" => operators(w),
        "operators/add" => {
            for o in read_ops(w, arg(a)?)? {
                w.op_add(o);
            }
            operators(w)
        }
        "operators/remove" => {
            for p in resolve_all(w, &params::players(arg(a)?)?) {
                w.op_remove(&p);
            }
            operators(w)
        }
        "operators/set" | "operators/clear" => {
            let wanted = match short {
                "operators/set" => read_ops(w, arg(a)?)?,
                _ => Vec::new(),
            };
            replace(
                w,
                |w| &w.operators,
                wanted,
                |w, o| w.op_remove(&o.profile),
                World::op_add,
            );
            operators(w)
        }
        "players" => to_value(&w.online_players()),
        "players/kick" => {
            let kicks: Vec<KickPlayer> = each(arg(a)?, |e| {
                require(e, &["player"])?;
                let player = params::player(&e["player"])?;
                let mut k: KickPlayer = params::typed(e)?;
                k.player = player;
                Ok(k)
            })?;
            let mut kicked = Vec::new();
            for k in kicks {
                if let Some(i) = w.find_online(&k.player) {
                    w.disconnect(i);
                    kicked.push(to_value(&k.player));
                }
            }
            Value::Array(kicked)
        }
        "server/status" => to_value(&w.status()),
        "server/save" => {
            params::boolean(arg(a)?)?;
            w.notify("server/saving", None);
            w.notify("server/saved", None);
            json!(true)
        }
        "server/stop" => {
            after.stop = true;
            w.notify("server/stopping", None);
            json!(true)
        }
        "server/system_message" => {
            let v = params::strip_nulls(arg(a)?);
            require(&v, &["message", "overlay"])?;
            params::boolean(&v["overlay"])?;
            // The players first, so a bad entry gets the server's own error text.
            if let Some(rp) = v.get("receivingPlayers") {
                params::players(rp)?;
            }
            let m: SystemMessage = params::typed(&v)?;
            let has_text = m
                .message
                .as_ref()
                .is_some_and(|m| m.literal.is_some() || m.translatable.is_some());
            let empty_list = m.receiving_players.as_ref().is_some_and(Vec::is_empty);
            json!(has_text && !empty_list)
        }
        "gamerules" => to_value(&w.rules.all_typed(w.version)),
        "gamerules/update" => {
            let v = params::strip_nulls(arg(a)?);
            require(&v, &["key", "value"])?;
            let key = params::string(&v["key"])?;
            let Some(i) = GameRules::index(w.version, &key) else {
                return Err(if w.version.typed_game_rules() {
                    format!(
                        "Unknown registry key in ResourceKey[minecraft:root / minecraft:game_rule]: {}",
                        catalog::qualify(&key)
                    )
                } else {
                    format!("Unknown game rule: {key}")
                });
            };
            // 2.0.0+ decodes an untyped rule: a stated `type` is ignored, and only the
            // value is checked against the rule's real type.
            let stated = if w.version.typed_game_rules() {
                None
            } else {
                v.get("type").and_then(Value::as_str)
            };
            let value = GameRules::parse_update(w.version, i, &v["value"], stated)?;
            if w.rules.set(i, value) {
                w.dirty = true;
                w.active = true;
                let typed = to_value(&w.rules.typed(w.version, i));
                w.notify("gamerules/updated", Some(typed));
            }
            to_value(&w.rules.typed(w.version, i))
        }
        other => return Err(format!("Method not implemented by the simulator: {other}")),
    })
}

fn setting(w: &mut World, spec: &MethodSpec, a: Option<&Value>) -> Result<Value, String> {
    let Some(s) = catalog::SETTINGS
        .iter()
        .find(|s| s.get_method == spec.name || s.set_method == spec.name)
    else {
        return Err(format!("Unknown setting: {}", spec.name));
    };
    if spec.name == s.get_method {
        return Ok(w.settings.get(s.key));
    }
    let value = settings::validate(s, arg(a)?)?;
    if w.settings.set(s.key, value) {
        w.dirty = true;
        if matches!(s.key, "use_allowlist" | "enforce_allowlist") {
            w.kick_unlisted();
        }
    }
    Ok(w.settings.get(s.key))
}
