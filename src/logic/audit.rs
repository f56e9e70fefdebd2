//! The audit log: every action taken from this panel (what, on which server, when, how it
//! ended), kept in this browser unless the user opts out. Stored as JSON; exported as JSON
//! or CSV. Nothing here holds a secret: an action's parameters never carry one.

use serde_json::{json, Value};

/// The newest entries kept.
pub const MAX: usize = 1000;
/// Parameters longer than this (as JSON text) are cut: a log of what was done, not a copy
/// of every list sent.
pub const PARAMS_MAX: usize = 400;

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub at_ms: u64,
    /// The server's address (host:port).
    pub server: String,
    pub method: String,
    /// The parameters as compact JSON, cut at [`PARAMS_MAX`] bytes.
    pub params: String,
    pub ok: bool,
    /// What the panel said about the outcome.
    pub outcome: String,
}

/// `params` as compact JSON text, cut at a character boundary with "…".
pub fn params_text(params: Option<&Value>) -> String {
    let Some(p) = params else {
        return String::new();
    };
    let text = p.to_string();
    if text.len() <= PARAMS_MAX {
        return text;
    }
    let mut end = PARAMS_MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

impl Entry {
    pub fn to_json(&self) -> Value {
        json!({
            "at": self.at_ms,
            "server": self.server,
            "method": self.method,
            "params": self.params,
            "ok": self.ok,
            "outcome": self.outcome,
        })
    }

    pub fn from_json(v: &Value) -> Option<Entry> {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(String::from);
        Some(Entry {
            at_ms: v.get("at")?.as_u64()?,
            server: text("server")?,
            method: text("method")?,
            params: text("params").unwrap_or_default(),
            ok: v.get("ok")?.as_bool()?,
            outcome: text("outcome").unwrap_or_default(),
        })
    }
}

/// What was stored: entries that do not read are skipped, not fatal (another version of
/// the panel, or a hand edit, may have written them).
pub fn load(text: &str) -> Vec<Entry> {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| {
            v.as_array()
                .map(|a| a.iter().filter_map(Entry::from_json).collect())
        })
        .unwrap_or_default()
}

pub fn save(entries: &[Entry]) -> String {
    Value::Array(entries.iter().map(Entry::to_json).collect()).to_string()
}

/// Appends, dropping the oldest beyond [`MAX`].
pub fn push(entries: &mut Vec<Entry>, e: Entry) {
    entries.push(e);
    if entries.len() > MAX {
        let extra = entries.len() - MAX;
        entries.drain(..extra);
    }
}

/// Whether `e` mentions `needle` (any case) in its server, method, parameters or outcome.
pub fn matches(e: &Entry, needle: &str) -> bool {
    let needle = needle.trim().to_lowercase();
    needle.is_empty()
        || [&e.server, &e.method, &e.params, &e.outcome]
            .iter()
            .any(|f| f.to_lowercase().contains(&needle))
}

/// One CSV field: quoted when needed, and a leading `=`, `+`, `-` or `@` defused with `'`
/// so a spreadsheet does not run it as a formula (server-provided text ends up here).
pub fn csv_field(s: &str) -> String {
    let s = match s.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{s}"),
        _ => s.to_string(),
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The entries as CSV with a header; `when` writes a moment (ISO-8601 in the panel).
pub fn csv(entries: &[Entry], when: &dyn Fn(u64) -> String) -> String {
    let mut out = String::from("time,server,method,params,ok,outcome\r\n");
    for e in entries {
        let row = [
            when(e.at_ms),
            e.server.clone(),
            e.method.clone(),
            e.params.clone(),
            e.ok.to_string(),
            e.outcome.clone(),
        ];
        let row: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at: u64, outcome: &str) -> Entry {
        Entry {
            at_ms: at,
            server: "mc.example:25585".into(),
            method: "minecraft:bans/add".into(),
            params: params_text(Some(
                &json!([{"player": {"name": "Steve"}, "reason": "x, \"y\""}]),
            )),
            ok: true,
            outcome: outcome.into(),
        }
    }

    #[test]
    fn entries_round_trip_and_bad_ones_are_skipped() {
        let list = vec![entry(1, "Banned: Steve"), entry(2, "=cmd")];
        let text = save(&list);
        assert_eq!(load(&text), list);
        let mixed = r#"[{"at":1,"server":"a","method":"m","ok":true},{"at":"x"},7]"#;
        assert_eq!(load(mixed).len(), 1);
        assert!(load("not json").is_empty());
    }

    #[test]
    fn the_log_is_bounded_and_long_params_are_cut() {
        let mut log = Vec::new();
        for i in 0..(MAX as u64 + 5) {
            push(&mut log, entry(i, "ok"));
        }
        assert_eq!(log.len(), MAX);
        assert_eq!(log[0].at_ms, 5);
        let long = json!(["é".repeat(PARAMS_MAX)]);
        let cut = params_text(Some(&long));
        assert!(cut.ends_with('…') && cut.len() <= PARAMS_MAX + '…'.len_utf8());
        assert_eq!(params_text(None), "");
    }

    #[test]
    fn filter_looks_at_every_field_in_any_case() {
        let e = entry(1, "Banned: Steve");
        assert!(matches(&e, "STEVE") && matches(&e, "bans/add") && matches(&e, "example"));
        assert!(matches(&e, "  ") && !matches(&e, "alex"));
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let text = csv(&[entry(1, "=HYPERLINK(\"x\")")], &|ms| format!("t{ms}"));
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "time,server,method,params,ok,outcome");
        assert!(lines[1].starts_with("t1,mc.example:25585,minecraft:bans/add,\"[{"));
        assert!(lines[1].contains(r#"""x, \""y\"""""#), "{}", lines[1]);
        assert!(
            lines[1].ends_with(",true,\"'=HYPERLINK(\"\"x\"\")\""),
            "{}",
            lines[1]
        );
    }
}
