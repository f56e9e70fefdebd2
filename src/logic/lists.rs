//! The four editable lists (allowlist, bans, IP bans, operators) seen through one shape, so
//! a single list editor driven by `msmp::catalog::LISTS` serves them all.

use msmp::catalog::Group;
use msmp::from_json::FromJson;
use msmp::model::{Edit, ServerModel};
use msmp::to_json::ToJson;
use msmp::types::{IncomingIpBan, Operator, Player, UserBan};
use serde_json::Value;

/// One row of a list, whatever the list holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// Stable identity: lower-cased name, id or IP (all ASCII, so ASCII folding is exact).
    pub key: String,
    /// What people see, column by column (see [`columns`]).
    pub cells: Vec<String>,
    /// The entry as the server sent it (for export, and to keep details on replace).
    pub raw: Value,
    /// How `remove` names this entry.
    pub remove_arg: Value,
}

/// Whether `needle` occurs in `hay`. A filter tests one needle against every row, and
/// `str::contains` sets up a two-way searcher for each call, the largest share of a
/// keystroke's wasm time on 10,000 rows; rows are short, so comparing at each position is
/// cheaper.
pub fn has_part(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    match n.first() {
        None => true,
        Some(first) => h.windows(n.len()).any(|w| w[0] == *first && w == n),
    }
}

/// Column header keys per list (looked up in the UI strings).
pub fn columns(group: Group) -> &'static [&'static str] {
    match group {
        Group::Bans => &["player", "reason", "source", "expires"],
        Group::IpBans => &["ip", "reason", "source", "expires"],
        Group::Operators => &["player", "level", "bypass"],
        _ => &["player", "uuid"],
    }
}

fn player_key(p: &Player) -> String {
    p.key()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// How many entries `group`'s list holds.
pub fn len(group: Group, m: &ServerModel) -> usize {
    match group {
        Group::Bans => m.bans.len(),
        Group::IpBans => m.ip_bans.len(),
        Group::Operators => m.operators.len(),
        _ => m.allowlist.len(),
    }
}

/// Each entry's row key ([`Row::key`]), in the server's order.
pub fn keys(group: Group, m: &ServerModel) -> Vec<String> {
    match group {
        Group::Bans => m.bans.iter().map(|b| player_key(&b.player)).collect(),
        Group::IpBans => m
            .ip_bans
            .iter()
            .map(|b| b.ip.to_ascii_lowercase())
            .collect(),
        Group::Operators => m.operators.iter().map(|o| player_key(&o.player)).collect(),
        _ => m.allowlist.iter().map(player_key).collect(),
    }
}

/// The rows of `group`'s list in the model, in the server's order, with everything an
/// action needs (`raw`, `remove_arg`).
pub fn rows(group: Group, m: &ServerModel) -> Vec<Row> {
    build(group, m, true)
}

/// The rows as the table shows them: key and cells only (`raw` and `remove_arg` are
/// null), about half the work for a long list that changes often.
pub fn shown_rows(group: Group, m: &ServerModel) -> Vec<Row> {
    build(group, m, false)
}

/// The table of one list as drawn, with each row's searchable text; kept current by
/// replaying the model's [`Edit`]s, so one change to 10,000 entries redraws one row.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Row>,
    /// Each row's cells, folded for the filter.
    pub folded: Vec<String>,
}

impl Table {
    pub fn build(group: Group, m: &ServerModel, fold: &dyn Fn(&str) -> String) -> Table {
        let rows = shown_rows(group, m);
        let folded = rows.iter().map(|r| fold(&r.cells.join("\u{0}"))).collect();
        Table { rows, folded }
    }

    /// Replays `edits` by position, then draws the touched rows from the model as it is
    /// now; a reset (or edits that do not fit the table) redraws it whole.
    pub fn apply(
        &mut self,
        edits: &[Edit],
        group: Group,
        m: &ServerModel,
        fold: &dyn Fn(&str) -> String,
    ) {
        // Positions whose row must be drawn again, kept valid as later edits shift them.
        let mut touched: Vec<usize> = Vec::new();
        let mut fits = true;
        for e in edits {
            let n = self.rows.len();
            match *e {
                Edit::Set(i) if i < n => touched.push(i),
                Edit::Insert(i) if i <= n => {
                    for t in &mut touched {
                        *t += (*t >= i) as usize;
                    }
                    self.rows.insert(i, Row::default());
                    self.folded.insert(i, String::new());
                    touched.push(i);
                }
                Edit::Remove(i) if i < n => {
                    touched.retain(|t| *t != i);
                    for t in &mut touched {
                        *t -= (*t > i) as usize;
                    }
                    self.rows.remove(i);
                    self.folded.remove(i);
                }
                _ => {
                    fits = false;
                    break;
                }
            }
        }
        if !fits || self.rows.len() != len(group, m) {
            *self = Table::build(group, m, fold);
            return;
        }
        for i in touched {
            let row = build_range(group, m, false, i..i + 1).remove(0);
            self.folded[i] = fold(&row.cells.join("\u{0}"));
            self.rows[i] = row;
        }
    }
}

fn build(group: Group, m: &ServerModel, full: bool) -> Vec<Row> {
    build_range(group, m, full, 0..len(group, m))
}

fn build_range(
    group: Group,
    m: &ServerModel,
    full: bool,
    range: std::ops::Range<usize>,
) -> Vec<Row> {
    // One erased call site for the four entry types instead of one per type.
    let json = |v: &dyn ToJson| if full { v.to_json() } else { Value::Null };
    let row = |key: String, cells: Vec<String>, raw: &dyn ToJson, remove: &dyn ToJson| Row {
        key,
        cells,
        raw: json(raw),
        remove_arg: json(remove),
    };
    match group {
        Group::Bans => m.bans[range]
            .iter()
            .map(|b| {
                let cells = vec![
                    b.player.label().to_string(),
                    opt(&b.reason),
                    opt(&b.source),
                    expires(&b.expires),
                ];
                row(player_key(&b.player), cells, b, &b.player)
            })
            .collect(),
        Group::IpBans => m.ip_bans[range]
            .iter()
            .map(|b| {
                let cells = vec![
                    b.ip.clone(),
                    opt(&b.reason),
                    opt(&b.source),
                    expires(&b.expires),
                ];
                row(b.ip.to_ascii_lowercase(), cells, b, &b.ip)
            })
            .collect(),
        Group::Operators => m.operators[range]
            .iter()
            .map(|o| {
                let cells = vec![
                    o.player.label().to_string(),
                    o.permission_level
                        .map(|l| l.to_string())
                        .unwrap_or_default(),
                    o.bypasses_player_limit
                        .map(|b| if b { "✓" } else { "–" }.to_string())
                        .unwrap_or_default(),
                ];
                row(player_key(&o.player), cells, o, &o.player)
            })
            .collect(),
        _ => m.allowlist[range]
            .iter()
            .map(|p| row(player_key(p), vec![p.label().to_string(), opt(&p.id)], p, p))
            .collect(),
    }
}

fn expires(e: &Option<String>) -> String {
    e.as_deref()
        .map(crate::i18n::instant)
        .unwrap_or_else(|| crate::i18n::t().never_expires.into())
}

/// The details an add form collects besides the entries themselves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Details {
    pub reason: String,
    pub source: String,
    /// ISO-8601 instant, or `None` for never.
    pub expires: Option<String>,
    pub level: i64,
    pub bypass: bool,
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The `add`/`set` items for players (allowlist, bans, operators).
pub fn player_items(group: Group, players: &[Player], d: &Details) -> Vec<Value> {
    players
        .iter()
        .map(|p| match group {
            Group::Bans => UserBan {
                player: p.clone(),
                reason: non_empty(&d.reason),
                source: non_empty(&d.source),
                expires: d.expires.clone(),
            }
            .to_json(),
            Group::Operators => Operator {
                player: p.clone(),
                permission_level: Some(d.level),
                bypasses_player_limit: Some(d.bypass),
            }
            .to_json(),
            _ => p.to_json(),
        })
        .collect()
}

/// The `ip_bans/add` items: addresses, and optionally online players by name.
pub fn ip_ban_items(ips: &[String], players: &[Player], d: &Details) -> Vec<Value> {
    let base = IncomingIpBan {
        reason: non_empty(&d.reason),
        source: non_empty(&d.source),
        expires: d.expires.clone(),
        ..IncomingIpBan::default()
    };
    ips.iter()
        .map(|ip| IncomingIpBan {
            ip: Some(ip.clone()),
            ..base.clone()
        })
        .chain(players.iter().map(|p| IncomingIpBan {
            player: Some(p.clone()),
            ..base.clone()
        }))
        .map(|b| b.to_json())
        .collect()
}

/// What replacing the list with `new_keys` would add and remove, by row key.
pub fn diff(current: &[Row], new_keys: &[String]) -> (Vec<String>, Vec<String>) {
    let added = new_keys
        .iter()
        .filter(|k| !current.iter().any(|r| &r.key == *k))
        .cloned()
        .collect();
    let removed = current
        .iter()
        .filter(|r| !new_keys.contains(&r.key))
        .map(|r| r.cells[0].clone())
        .collect();
    (added, removed)
}

/// A whole new list for `set`, from one entry per line.
#[derive(Debug, Clone, PartialEq)]
pub struct Replacement {
    /// Row keys of the new list, for the diff.
    pub keys: Vec<String>,
    /// The `set` items: kept entries keep their details, new ones get `details`.
    pub items: Vec<Value>,
    /// The players asked for (empty for IP bans), to report unknown names.
    pub players: Vec<Player>,
}

pub fn replacement(
    group: Group,
    text: &str,
    current: &[Row],
    details: &Details,
) -> Result<Replacement, String> {
    let kept = |key: &str| current.iter().find(|r| r.key == key).map(|r| r.raw.clone());
    if group == Group::IpBans {
        let ips = crate::logic::entries::parse_ips(text)?;
        let keys: Vec<String> = ips.iter().map(|i| i.to_ascii_lowercase()).collect();
        let items = ips
            .iter()
            .zip(&keys)
            .map(|(ip, k)| {
                kept(k).unwrap_or_else(|| {
                    ip_ban_items(std::slice::from_ref(ip), &[], details).remove(0)
                })
            })
            .collect();
        return Ok(Replacement {
            keys,
            items,
            players: Vec::new(),
        });
    }
    let players = if text.trim().is_empty() {
        Vec::new()
    } else {
        crate::logic::entries::parse_players(text)?
    };
    // A line may name a listed player by UUID while the row shows the name: match the
    // profile, not the text, so the entry counts as kept and keeps its details.
    let listed = |p: &Player| {
        current
            .iter()
            .find(|r| Player::from_json(&r.remove_arg).is_ok_and(|x| x.same_as(p)))
    };
    let keys: Vec<String> = players
        .iter()
        .map(|p| listed(p).map_or_else(|| key_of(p), |r| r.key.clone()))
        .collect();
    let items = players
        .iter()
        .map(|p| match listed(p) {
            Some(r) => r.raw.clone(),
            None => player_items(group, std::slice::from_ref(p), details).remove(0),
        })
        .collect();
    Ok(Replacement {
        keys,
        items,
        players,
    })
}

/// The key a new player entry will have once listed.
pub fn key_of(p: &Player) -> String {
    player_key(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_part_agrees_with_contains() {
        for hay in ["", "steve", "kiara_builds", "ünïcode ß", "aaab"] {
            for needle in ["", "s", "steve", "stevee", "ilds", "ß", "nïc", "aab", "x"] {
                assert_eq!(
                    has_part(hay, needle),
                    hay.contains(needle),
                    "{hay:?} {needle:?}"
                );
            }
        }
    }

    #[test]
    fn a_table_kept_by_edits_equals_one_drawn_anew() {
        let fold = |s: &str| s.to_lowercase();
        let mut m = ServerModel::default();
        let names: Vec<Value> = (0..1000)
            .map(|i| json!({"name": format!("P{i}")}))
            .collect();
        m.apply_result("minecraft:allowlist", &Value::Array(names))
            .unwrap();
        m.take_edits(msmp::model::Slice::Allowlist);
        let mut table = Table::build(Group::Allowlist, &m, &fold);
        let note = |m: &mut ServerModel, what: &str, name: &str| {
            m.receive_notification(
                &format!("minecraft:notification/allowlist/{what}"),
                Some(&json!([{"name": name}])),
                0,
            );
        };
        note(&mut m, "removed", "P500");
        note(&mut m, "added", "new");
        note(&mut m, "added", "p7");
        note(&mut m, "removed", "P0");
        // An id-only entry, then a profile matching it by id and P30 by name: P30's row is
        // set and the id-only one removed, in one notification.
        let add = |m: &mut ServerModel, p: Value| {
            m.receive_notification(
                "minecraft:notification/allowlist/added",
                Some(&json!([p])),
                0,
            );
        };
        add(&mut m, json!({"id": "zz"}));
        add(&mut m, json!({"id": "zz", "name": "P30"}));
        let edits = m.take_edits(msmp::model::Slice::Allowlist);
        assert_eq!(edits.len(), 7, "edits, not a reset: {edits:?}");
        table.apply(&edits, Group::Allowlist, &m, &fold);
        let fresh = Table::build(Group::Allowlist, &m, &fold);
        assert_eq!(table.rows, fresh.rows);
        assert_eq!(table.folded, fresh.folded);
        let row_keys: Vec<String> = fresh.rows.iter().map(|r| r.key.clone()).collect();
        assert_eq!(keys(Group::Allowlist, &m), row_keys);
        // Edits that do not fit (the table is out of step) redraw it whole.
        let mut stale = Table::default();
        stale.apply(&[msmp::model::Edit::Remove(5)], Group::Allowlist, &m, &fold);
        assert_eq!(stale.rows, fresh.rows);
    }
    use msmp::types::IpBan;
    use serde_json::json;

    fn model() -> ServerModel {
        let mut m = ServerModel::default();
        m.allowlist = vec![Player::with_id("id-1", "jeb_"), Player::named("Notch")];
        m.ip_bans = vec![IpBan {
            ip: "203.0.113.7".into(),
            ..IpBan::default()
        }];
        m
    }

    #[test]
    fn rows_have_cells_per_column_and_remove_args() {
        let m = model();
        let allow = rows(Group::Allowlist, &m);
        assert_eq!(allow.len(), 2);
        assert_eq!(allow[0].cells.len(), columns(Group::Allowlist).len());
        assert_eq!(allow[0].remove_arg, json!({"id": "id-1", "name": "jeb_"}));
        let ip = rows(Group::IpBans, &m);
        assert_eq!(ip[0].remove_arg, json!("203.0.113.7"));
        assert_eq!(ip[0].cells[3], crate::i18n::t().never_expires);
    }

    #[test]
    fn add_items_carry_the_details_each_list_needs() {
        let d = Details {
            reason: " griefing ".into(),
            level: 3,
            bypass: true,
            ..Details::default()
        };
        let ps = [Player::named("jeb_")];
        assert_eq!(
            player_items(Group::Bans, &ps, &d),
            [json!({"player": {"name": "jeb_"}, "reason": "griefing"})]
        );
        assert_eq!(
            player_items(Group::Operators, &ps, &d),
            [
                json!({"player": {"name": "jeb_"}, "permissionLevel": 3, "bypassesPlayerLimit": true})
            ]
        );
        assert_eq!(
            player_items(Group::Allowlist, &ps, &d),
            [json!({"name": "jeb_"})]
        );
        let items = ip_ban_items(&["203.0.113.7".into()], &ps, &d);
        assert_eq!(items[0], json!({"ip": "203.0.113.7", "reason": "griefing"}));
        assert_eq!(
            items[1],
            json!({"player": {"name": "jeb_"}, "reason": "griefing"})
        );
    }

    #[test]
    fn replacement_keeps_details_of_kept_entries_and_empties_on_blank() {
        let mut m = model();
        m.bans = vec![UserBan {
            player: Player::named("griefer"),
            reason: Some("tnt".into()),
            ..UserBan::default()
        }];
        let current = rows(Group::Bans, &m);
        let d = Details {
            reason: "new".into(),
            ..Details::default()
        };
        let r = replacement(Group::Bans, "Griefer\nalex", &current, &d).unwrap();
        assert_eq!(r.keys, ["griefer", "alex"]);
        assert_eq!(r.items[0]["reason"], "tnt", "kept entry keeps its reason");
        assert_eq!(
            r.items[1],
            json!({"player": {"name": "alex"}, "reason": "new"})
        );
        let by_uuid = {
            let mut m = model();
            m.bans = vec![UserBan {
                player: Player::with_id("853c80ef-3c37-49fd-aa49-938b674adae6", "jeb_"),
                reason: Some("kept".into()),
                ..UserBan::default()
            }];
            let rows = rows(Group::Bans, &m);
            replacement(Group::Bans, "853C80EF3C3749FDAA49938B674ADAE6", &rows, &d).unwrap()
        };
        assert_eq!(by_uuid.keys, ["jeb_"], "the same profile, named by UUID");
        assert_eq!(by_uuid.items[0]["reason"], "kept");
        assert!(replacement(Group::Allowlist, " \n", &current, &d)
            .unwrap()
            .items
            .is_empty());
        let ips = replacement(
            Group::IpBans,
            "203.0.113.7\n198.51.100.1",
            &rows(Group::IpBans, &m),
            &d,
        )
        .unwrap();
        assert_eq!(
            ips.items[0],
            json!({"ip": "203.0.113.7"}),
            "kept as the server had it"
        );
        assert_eq!(ips.items[1], json!({"ip": "198.51.100.1", "reason": "new"}));
        assert!(replacement(Group::IpBans, "not-an-ip", &current, &d).is_err());
    }

    #[test]
    fn diff_shows_what_a_replace_changes() {
        let current = rows(Group::Allowlist, &model());
        let (added, removed) = diff(&current, &["jeb_".into(), "alex".into()]);
        assert_eq!(added, ["alex"]);
        assert_eq!(removed, ["Notch"]);
    }
}
