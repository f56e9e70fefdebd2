//! Lists in and out of the panel: export as CSV or JSON, and import from either (or a plain
//! list of names, UUIDs or addresses, one per line) with a preview of what is new, already
//! there and invalid before anything is sent.

use crate::i18n::{fill, t};
use crate::logic::entries::{is_player_name, parse_uuid};
use msmp::catalog::Group;
use msmp::from_json::FromJson;
use msmp::model::ServerModel;
use msmp::to_json::ToJson;
use msmp::types::{IncomingIpBan, IpBan, Operator, Player, UserBan};
use serde_json::Value;
use std::net::IpAddr;

/// The CSV columns of each list, as exported and as read back.
pub fn csv_columns(group: Group) -> &'static [&'static str] {
    match group {
        Group::Bans => &["name", "id", "reason", "source", "expires"],
        Group::IpBans => &["ip", "reason", "source", "expires"],
        Group::Operators => &["name", "id", "level", "bypass"],
        _ => &["name", "id"],
    }
}

/// One entry to import: what the `add` call sends for it, and who or what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// 1-based line (CSV, plain text) or element (JSON) it came from.
    pub line: usize,
    pub label: String,
    pub value: Value,
    pub player: Option<Player>,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bad {
    pub line: usize,
    pub why: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preview {
    pub new: Vec<Item>,
    pub present: Vec<Item>,
    pub invalid: Vec<Bad>,
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn player_of(name: &str, id: &str) -> Result<Player, String> {
    let (name, id) = (name.trim(), id.trim());
    let id = match id {
        "" => None,
        id => Some(parse_uuid(id).ok_or_else(|| fill(t().import_bad_uuid, &[&id]))?),
    };
    // A lone UUID in the name column (a plain list) is an id.
    let (name, id) = match (parse_uuid(name), id) {
        (Some(uuid), None) => (None, Some(uuid)),
        (_, id) => (opt(name), id),
    };
    if let Some(n) = &name {
        if !is_player_name(n) {
            return Err(fill(t().import_bad_name, &[n]));
        }
    }
    if name.is_none() && id.is_none() {
        return Err(t().import_no_player.into());
    }
    Ok(Player { id, name })
}

fn expires_of(s: &str) -> Result<Option<String>, String> {
    let s = s.trim();
    let b = s.as_bytes();
    match s {
        "" => Ok(None),
        _ if b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' => {
            Ok(Some(s.to_string()))
        }
        _ => Err(fill(t().import_bad_expiry, &[&s])),
    }
}

/// An entry from its CSV fields, by column name (absent columns are empty).
fn item_of(
    group: Group,
    field: &dyn Fn(&str) -> String,
) -> Result<(String, Value, Option<Player>, Option<String>), String> {
    if group == Group::IpBans {
        let raw = field("ip");
        let ip: IpAddr = raw
            .trim()
            .parse()
            .map_err(|_| fill(t().import_bad_ip, &[&raw.trim()]))?;
        let ip = ip.to_string();
        let ban = IncomingIpBan {
            ip: Some(ip.clone()),
            reason: opt(&field("reason")),
            source: opt(&field("source")),
            expires: expires_of(&field("expires"))?,
            ..IncomingIpBan::default()
        };
        return Ok((ip.clone(), ban.to_json(), None, Some(ip)));
    }
    let player = player_of(&field("name"), &field("id"))?;
    let value = match group {
        Group::Bans => UserBan {
            player: player.clone(),
            reason: opt(&field("reason")),
            source: opt(&field("source")),
            expires: expires_of(&field("expires"))?,
        }
        .to_json(),
        Group::Operators => {
            let level = match field("level").trim() {
                "" => 4,
                l => l
                    .parse::<i64>()
                    .ok()
                    .filter(|l| (0..=4).contains(l))
                    .ok_or_else(|| fill(t().import_bad_level, &[&l]))?,
            };
            let bypass = matches!(
                field("bypass").trim().to_ascii_lowercase().as_str(),
                "true" | "yes" | "1"
            );
            Operator {
                player: player.clone(),
                permission_level: Some(level),
                bypasses_player_limit: Some(bypass),
            }
            .to_json()
        }
        _ => player.to_json(),
    };
    Ok((player.label().to_string(), value, Some(player), None))
}

/// CSV records (RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes),
/// each with its 1-based starting line.
fn csv_records(text: &str) -> Vec<(usize, Vec<String>)> {
    let (mut out, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut line, mut start) = (false, 1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => record.push(std::mem::take(&mut field)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                record.push(std::mem::take(&mut field));
                out.push((start, std::mem::take(&mut record)));
                line += 1;
                start = line;
            }
            c => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        out.push((start, record));
    }
    out.retain(|(_, r)| r.iter().any(|f| !f.trim().is_empty()));
    out
}

/// A JSON element as CSV-like fields: a string is the first column; an object is read as
/// the server writes the list's entries.
fn json_fields(group: Group, v: &Value) -> Result<Vec<(&'static str, String)>, String> {
    let first = csv_columns(group)[0];
    if let Some(s) = v.as_str() {
        return Ok(vec![(first, s.to_string())]);
    }
    let text = |s: Option<String>| s.unwrap_or_default();
    let bad = |e: msmp::problem::Problem| crate::i18n::problem_text(&e);
    let player = |p: &Player| vec![("name", text(p.name.clone())), ("id", text(p.id.clone()))];
    Ok(match group {
        Group::Bans => {
            let b = UserBan::from_json(v).map_err(bad)?;
            let mut f = player(&b.player);
            f.extend([
                ("reason", text(b.reason)),
                ("source", text(b.source)),
                ("expires", text(b.expires)),
            ]);
            f
        }
        Group::IpBans => {
            let b = IpBan::from_json(v).map_err(bad)?;
            vec![
                ("ip", b.ip),
                ("reason", text(b.reason)),
                ("source", text(b.source)),
                ("expires", text(b.expires)),
            ]
        }
        Group::Operators => {
            let o = Operator::from_json(v).map_err(bad)?;
            let mut f = player(&o.player);
            f.push((
                "level",
                o.permission_level
                    .map(|l| l.to_string())
                    .unwrap_or_default(),
            ));
            f.push((
                "bypass",
                o.bypasses_player_limit.unwrap_or(false).to_string(),
            ));
            f
        }
        _ => player(&Player::from_json(v).map_err(bad)?),
    })
}

/// Reads pasted or loaded text: a JSON array, CSV with a header naming the columns, or
/// one entry per line.
pub fn read(
    group: Group,
    text: &str,
    parse_json: &dyn Fn(&str) -> Result<Value, String>,
) -> (Vec<Item>, Vec<Bad>) {
    let (mut items, mut bad) = (Vec::new(), Vec::new());
    let mut take =
        |line: usize, r: Result<(String, Value, Option<Player>, Option<String>), String>| match r {
            Ok((label, value, player, ip)) => items.push(Item {
                line,
                label,
                value,
                player,
                ip,
            }),
            Err(why) => bad.push(Bad { line, why }),
        };
    if text.trim_start().starts_with('[') {
        match parse_json(text) {
            Ok(Value::Array(all)) => {
                for (i, v) in all.iter().enumerate() {
                    let r = json_fields(group, v).and_then(|f| {
                        let get = |k: &str| {
                            f.iter()
                                .find(|(n, _)| *n == k)
                                .map(|(_, v)| v.clone())
                                .unwrap_or_default()
                        };
                        item_of(group, &get)
                    });
                    take(i + 1, r);
                }
            }
            Ok(_) => bad.push(Bad {
                line: 1,
                why: t().import_not_array.into(),
            }),
            Err(e) => bad.push(Bad { line: 1, why: e }),
        }
        return (items, bad);
    }
    let records = csv_records(text);
    let columns = csv_columns(group);
    // A header row names the columns (any order, any case); otherwise they come in order.
    let header: Option<Vec<String>> = records.first().and_then(|(_, r)| {
        let names: Vec<String> = r.iter().map(|f| f.trim().to_ascii_lowercase()).collect();
        names
            .iter()
            .any(|n| columns.contains(&n.as_str()))
            .then_some(names)
    });
    let order: Vec<String> = header
        .clone()
        .unwrap_or_else(|| columns.iter().map(|c| c.to_string()).collect());
    for (line, record) in records.iter().skip(header.is_some() as usize) {
        let get = |k: &str| {
            order
                .iter()
                .position(|n| n == k)
                .and_then(|i| record.get(i).cloned())
                .unwrap_or_default()
        };
        take(*line, item_of(group, &get));
    }
    (items, bad)
}

/// Whether the list already holds the item.
fn present(group: Group, m: &ServerModel, item: &Item) -> bool {
    match (&item.player, &item.ip) {
        (_, Some(ip)) => m.ip_bans.iter().any(|b| b.ip.eq_ignore_ascii_case(ip)),
        (Some(p), _) => match group {
            Group::Bans => m.bans.iter().any(|b| b.player.same_as(p)),
            Group::Operators => m.operators.iter().any(|o| o.player.same_as(p)),
            _ => m.allowlist.iter().any(|x| x.same_as(p)),
        },
        _ => false,
    }
}

/// What importing `text` would do: new entries (each once), those already in the list,
/// and what does not read.
pub fn preview(
    group: Group,
    text: &str,
    m: &ServerModel,
    parse_json: &dyn Fn(&str) -> Result<Value, String>,
) -> Preview {
    let (items, invalid) = read(group, text, parse_json);
    let mut p = Preview {
        invalid,
        ..Preview::default()
    };
    for item in items {
        let twice = p
            .new
            .iter()
            .any(|n: &Item| match (&n.player, &item.player) {
                (Some(a), Some(b)) => a.same_as(b),
                _ => n.ip.is_some() && n.ip == item.ip,
            });
        if present(group, m, &item) {
            p.present.push(item);
        } else if !twice {
            p.new.push(item);
        }
    }
    p
}

/// The list as the server gave it, as JSON.
pub fn export_json(group: Group, m: &ServerModel) -> Value {
    Value::Array(match group {
        Group::Bans => m.bans.iter().map(ToJson::to_json).collect(),
        Group::IpBans => m.ip_bans.iter().map(ToJson::to_json).collect(),
        Group::Operators => m.operators.iter().map(ToJson::to_json).collect(),
        _ => m.allowlist.iter().map(ToJson::to_json).collect(),
    })
}

/// The list as CSV (the columns of [`csv_columns`]); fields that a spreadsheet would run
/// as a formula are defused.
pub fn export_csv(group: Group, m: &ServerModel) -> String {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let rows: Vec<Vec<String>> = match group {
        Group::Bans => m
            .bans
            .iter()
            .map(|b| {
                vec![
                    text(&b.player.name),
                    text(&b.player.id),
                    text(&b.reason),
                    text(&b.source),
                    text(&b.expires),
                ]
            })
            .collect(),
        Group::IpBans => m
            .ip_bans
            .iter()
            .map(|b| {
                vec![
                    b.ip.clone(),
                    text(&b.reason),
                    text(&b.source),
                    text(&b.expires),
                ]
            })
            .collect(),
        Group::Operators => m
            .operators
            .iter()
            .map(|o| {
                vec![
                    text(&o.player.name),
                    text(&o.player.id),
                    o.permission_level
                        .map(|l| l.to_string())
                        .unwrap_or_default(),
                    o.bypasses_player_limit.unwrap_or(false).to_string(),
                ]
            })
            .collect(),
        _ => m
            .allowlist
            .iter()
            .map(|p| vec![text(&p.name), text(&p.id)])
            .collect(),
    };
    let mut out = csv_columns(group).join(",") + "\r\n";
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|f| crate::logic::audit::csv_field(f))
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOTCH: &str = "069a79f4-44e9-4726-a5be-fca90e38aaf5";

    fn parse(s: &str) -> Result<Value, String> {
        serde_json::from_str(s).map_err(|e| e.to_string())
    }

    fn model() -> ServerModel {
        let mut m = ServerModel::new();
        m.apply_result("allowlist", &json!([{"name": "Notch", "id": NOTCH}]))
            .unwrap();
        m.apply_result("bans", &json!([{"player": {"name": "Griefer"}, "reason": "tnt, \"boom\"", "expires": "2030-01-01T00:00:00Z"}]))
            .unwrap();
        m.apply_result("ip_bans", &json!([{"ip": "10.0.0.1", "reason": "=cmd"}]))
            .unwrap();
        m.apply_result(
            "operators",
            &json!([{"player": {"name": "Op"}, "permissionLevel": 2, "bypassesPlayerLimit": true}]),
        )
        .unwrap();
        m
    }

    #[test]
    fn a_plain_list_previews_new_present_and_invalid() {
        let p = preview(
            Group::Allowlist,
            "Steve\nnotch\nnot a name!\nSteve\n\n853c80ef3c3749fdaa49938b674adae6",
            &model(),
            &parse,
        );
        let labels: Vec<&str> = p.new.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(
            labels,
            vec!["Steve", "853c80ef-3c37-49fd-aa49-938b674adae6"]
        );
        assert_eq!(p.present.len(), 1);
        assert_eq!(p.invalid.len(), 1);
        assert_eq!(p.invalid[0].line, 3);
        assert_eq!(p.new[0].value, json!({"name": "Steve"}));
    }

    #[test]
    fn every_export_reads_back_as_already_present() {
        let m = model();
        for group in [
            Group::Allowlist,
            Group::Bans,
            Group::IpBans,
            Group::Operators,
        ] {
            for text in [export_csv(group, &m), export_json(group, &m).to_string()] {
                let p = preview(group, &text, &m, &parse);
                assert_eq!(
                    (p.new.len(), p.present.len(), p.invalid.len()),
                    (0, 1, 0),
                    "{group:?}: {text}"
                );
            }
        }
        let csv = export_csv(Group::Bans, &m);
        assert_eq!(csv.lines().next(), Some("name,id,reason,source,expires"));
        assert!(
            csv.contains("Griefer,,\"tnt, \"\"boom\"\"\",,2030-01-01T00:00:00Z"),
            "{csv}"
        );
        assert!(
            export_csv(Group::IpBans, &m).contains(",'=cmd,"),
            "a formula is defused"
        );
    }

    #[test]
    fn csv_with_a_header_in_any_order_carries_the_details() {
        let text = "Level,Name\r\n3,Steve\r\n9,Alex\r\n";
        let p = preview(Group::Operators, text, &ServerModel::new(), &parse);
        assert_eq!(p.new.len(), 1);
        assert_eq!(
            p.new[0].value,
            json!({"player": {"name": "Steve"}, "permissionLevel": 3, "bypassesPlayerLimit": false})
        );
        assert_eq!(
            (p.invalid[0].line, p.invalid[0].why.contains('9')),
            (3, true)
        );
        let bans =
            "name,reason,expires\nSteve,\"spam,\nand more\",2031-05-05T00:00:00Z\nAlex,,tomorrow";
        let p = preview(Group::Bans, bans, &ServerModel::new(), &parse);
        assert_eq!(p.new[0].value["reason"], json!("spam,\nand more"));
        assert_eq!(p.invalid.len(), 1);
        assert_eq!(p.invalid[0].line, 4);
    }

    #[test]
    fn json_that_is_not_an_array_or_has_bad_elements_says_so() {
        let p = preview(
            Group::IpBans,
            r#"["10.0.0.2", {"ip": "nope"}, 7]"#,
            &model(),
            &parse,
        );
        assert_eq!(p.new.len(), 1);
        assert_eq!(
            p.invalid.iter().map(|b| b.line).collect::<Vec<_>>(),
            vec![2, 3]
        );
        assert_eq!(
            preview(Group::IpBans, "[1,", &model(), &parse)
                .invalid
                .len(),
            1
        );
    }
}
