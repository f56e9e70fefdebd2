//! The invariants, each returning `Err(description)` instead of panicking so the fuzzer
//! can report (and minimize) the case that broke it.

use crate::browser;
use crate::panel::Panel;
use msmp::catalog::{self, Kind};
use msmp::client::Backoff;
use msmp::from_json::FromJson;
use msmp::jsonrpc::json_text;
use msmp::link::Link;
use msmp::model::{
    ServerModel, Slice, Upgrade, EVENT_LOG_CAPACITY, EVENT_LOG_MAX_BYTES, EVENT_PARAMS_MAX,
};
use msmp::notification::Notification;
use msmp::problem::Problem;
use msmp::to_json::ToJson;
use msmp::types::Player;
use msmp::validate;
use serde_json::Value;
use std::fmt::Debug;

pub type Check = Result<(), String>;

/// What the panel writes it must read back unchanged, and the hand-written writer must
/// match serde_json's byte for byte (`to_text.rs` promises both).
pub fn text_round_trips(v: &Value) -> Check {
    let ours = json_text(v);
    let theirs = serde_json::to_string(v).map_err(|e| e.to_string())?;
    if ours != theirs {
        return Err(format!(
            "json_text wrote {ours} where serde_json writes {theirs}"
        ));
    }
    match browser::parse(&ours) {
        Ok(back) if json_eq(&back, v) => Ok(()),
        Ok(back) => Err(format!("{ours} read back as {back}")),
        Err(e) => Err(format!("{ours} does not read back: {e}")),
    }
}

/// The panel's hand-written parser reads what serde_json reads and refuses what it
/// refuses, but for the two differences `from_text.rs` names: numbers as JavaScript reads
/// them, and lone surrogate escapes read as U+FFFD.
pub fn parser_agrees(text: &str, ours: &Result<Value, Problem>) -> Check {
    match (serde_json::from_str::<Value>(text), ours) {
        (Ok(theirs), Ok(ours)) if same_reading(&theirs, ours) => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        (Err(e), Ok(_))
            if e.to_string().contains("surrogate")
                || e.to_string().contains("unicode code point") =>
        {
            Ok(())
        }
        (theirs, ours) => Err(format!(
            "the panel's parser read {text:?} as {ours:?}, serde_json as {theirs:?}"
        )),
    }
}

/// Integers exactly; where serde_json read a float, the same value within two ulps
/// (see [`json_eq`]), whichever way the panel stores it (`2.0` as the integer 2).
fn same_reading(theirs: &Value, ours: &Value) -> bool {
    same_tree(theirs, ours, &|t, o| t.is_f64().then(|| close(t, o)))
}

/// Equal, except that floats may differ in their last bit or two: serde_json (built
/// without `float_roundtrip`, as here) reads some shortest float texts one ulp off. The
/// panel's reader (floats through the browser's `parseFloat`) is exact, so this slack is
/// the checker's, not the panel's.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    same_tree(a, b, &|x, y| {
        (x.is_f64() || y.is_f64()).then(|| close(x, y))
    })
}

fn close(x: &serde_json::Number, y: &serde_json::Number) -> bool {
    match (x.as_f64(), y.as_f64()) {
        (Some(x), Some(y)) => {
            x == y || (x.signum() == y.signum() && x.to_bits().abs_diff(y.to_bits()) <= 2)
        }
        _ => false,
    }
}

/// Equal trees, numbers compared by `numbers` where it has a say (else exactly).
fn same_tree(
    a: &Value,
    b: &Value,
    numbers: &dyn Fn(&serde_json::Number, &serde_json::Number) -> Option<bool>,
) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => numbers(x, y).unwrap_or(x == y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_tree(a, b, numbers))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && same_tree(a, b, numbers))
        }
        _ => a == b,
    }
}

/// A call frame a form's call produced is exactly that call (some id).
pub fn call_frame_sent(frame: &str, method: &str, param: Option<&Value>) -> Check {
    let v: Value = serde_json::from_str(frame).map_err(|e| format!("call frame {frame}: {e}"))?;
    let ok = v["jsonrpc"] == "2.0"
        && v["id"].is_u64()
        && v["method"].as_str() == Some(method)
        && match param {
            Some(p) => v["params"]
                .as_array()
                .is_some_and(|a| a.len() == 1 && json_eq(&a[0], p)),
            None => v.get("params").is_none(),
        };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "call frame {frame} is not the call {method} {param:?}"
        ))
    }
}

/// The `(id, method)` of each call in a frame the connection sends (a call or a batch of
/// calls, each well formed).
pub fn ids_in_frame(frame: &str) -> Result<Vec<(u64, String)>, String> {
    let v: Value = serde_json::from_str(frame).map_err(|e| format!("sent {frame}: {e}"))?;
    let one = |c: &Value| -> Option<(u64, String)> {
        let ok = c["jsonrpc"] == "2.0"
            && c.get("params")
                .is_none_or(|p| p.as_array().is_some_and(|a| a.len() == 1));
        ok.then_some(())?;
        Some((c["id"].as_u64()?, c["method"].as_str()?.to_string()))
    };
    let calls = match &v {
        Value::Array(items) if !items.is_empty() => items.iter().map(one).collect(),
        Value::Array(_) => None,
        c => one(c).map(|c| vec![c]),
    };
    calls.ok_or_else(|| format!("sent a frame that is not calls: {frame}"))
}

/// A copy of the model for trying reducers on, without the costly discover document.
pub fn scratch_copy(m: &mut ServerModel) -> ServerModel {
    let d = m.discover.take();
    let copy = m.clone();
    m.discover = d;
    copy
}

/// The event log before a frame, to check what the frame added.
pub struct EventMark {
    len: usize,
    last_seq: Option<u64>,
}

impl EventMark {
    pub fn of(m: &ServerModel) -> EventMark {
        EventMark {
            len: m.events.len(),
            last_seq: m.events.back().map(|e| e.seq),
        }
    }

    /// Exactly `n` events were added, numbered on from the last one; older ones may have
    /// gone to keep the log within its bounds, but not more than needed for the count.
    pub fn check_added(&self, m: &ServerModel, n: usize) -> Check {
        let len = m.events.len();
        if len > EVENT_LOG_CAPACITY || len > self.len + n || len < n.min(1) {
            return Err(format!(
                "event log holds {len} entries after adding {n} to {}",
                self.len
            ));
        }
        if let (Some(before), Some(last)) = (self.last_seq, m.events.back()) {
            if last.seq != before + n as u64 {
                return Err(format!(
                    "event seq went from {before} to {} for {n} events",
                    last.seq
                ));
            }
        }
        Ok(())
    }
}

/// A copy of the model for comparing before and after, without its discover document
/// (by far the costliest part to copy): only `rpc.discover` results replace that, so
/// other methods are checked against a cheap fingerprint of it instead.
struct Snapshot {
    model: ServerModel,
    /// `None` when `model` holds the document itself.
    discover: Option<Option<(String, usize, usize)>>,
}

fn fingerprint(m: &ServerModel) -> Option<(String, usize, usize)> {
    m.discover
        .as_ref()
        .map(|d| (d.protocol.clone(), d.methods.len(), d.schemas.len()))
}

impl Snapshot {
    fn of(m: &mut ServerModel, full: bool) -> Snapshot {
        if full {
            return Snapshot {
                model: m.clone(),
                discover: None,
            };
        }
        let d = m.discover.take();
        let model = m.clone();
        m.discover = d;
        Snapshot {
            model,
            discover: Some(fingerprint(m)),
        }
    }

    /// Whether `m` equals the snapshot (its event log included when `events`).
    fn same(&self, m: &ServerModel, events: bool) -> bool {
        let discover_same = match &self.discover {
            None => self.model.discover == m.discover,
            Some(f) => fingerprint(m) == *f,
        };
        discover_same
            && same_state_but_discover(&self.model, m)
            && (!events || self.model.events == m.events)
    }
}

/// `apply_result`, checked: a refusal changes nothing, an acceptance is idempotent and
/// what was stored re-encodes to something the schema accepts. The outer `Err` is a
/// violation, the inner one the model's refusal.
pub fn apply_result(
    m: &mut ServerModel,
    method: &str,
    v: &Value,
) -> Result<Result<(), Problem>, String> {
    let full = method.ends_with("rpc.discover");
    let before = Snapshot::of(m, full);
    match m.apply_result(method, v) {
        Err(e) => {
            if e.to_string().is_empty() {
                return Err(format!("{method}: refused with an empty reason"));
            }
            if !before.same(m, true) {
                return Err(format!("{method}: refused ({e}) but changed the model"));
            }
            Ok(Err(e))
        }
        Ok(()) => {
            let once = Snapshot::of(m, full);
            if let Err(e) = m.apply_result(method, v) {
                return Err(format!(
                    "{method}: accepted once, refused the second time: {e}"
                ));
            }
            if !once.same(m, true) {
                return Err(format!(
                    "{method}: applying the same result twice changed the model"
                ));
            }
            stored_result_round_trips(m, method)?;
            Ok(Ok(()))
        }
    }
}

/// The list a result replaced, encoded again, passes the schema and decodes the same.
fn stored_result_round_trips(m: &ServerModel, method: &str) -> Check {
    let Some(spec) = catalog::find(method).filter(|s| s.kind == Kind::Method) else {
        return Ok(());
    };
    let Some(result) = spec.result else {
        return Ok(());
    };
    match spec.short_name() {
        "allowlist" | "allowlist/add" | "allowlist/remove" | "allowlist/set"
        | "allowlist/clear" => round_trip(&result.schema, &m.allowlist),
        "bans" | "bans/add" | "bans/remove" | "bans/set" | "bans/clear" => {
            round_trip(&result.schema, &m.bans)
        }
        "ip_bans" | "ip_bans/add" | "ip_bans/remove" | "ip_bans/set" | "ip_bans/clear" => {
            round_trip(&result.schema, &m.ip_bans)
        }
        "operators" | "operators/add" | "operators/remove" | "operators/set"
        | "operators/clear" => round_trip(&result.schema, &m.operators),
        "players" => round_trip(&result.schema, &m.players),
        "gamerules" => round_trip(&result.schema, &m.game_rules),
        _ => Ok(()),
    }
}

fn round_trip<T: ToJson + FromJson + PartialEq + Debug>(schema: &catalog::Schema, t: &T) -> Check {
    let v = t.to_json();
    validate::check_any_version(schema, &v)
        .map_err(|e| format!("{t:?} encodes as {v}, which its schema refuses: {e}"))?;
    match T::from_json(&v) {
        Ok(back) if back == *t => Ok(()),
        Ok(back) => Err(format!("{t:?} encodes as {v}, which decodes as {back:?}")),
        Err(e) => Err(format!("{t:?} encodes as {v}, which does not decode: {e}")),
    }
}

/// Everything but the discover document and the event log is equal.
fn same_state_but_discover(a: &ServerModel, b: &ServerModel) -> bool {
    a.started == b.started
        && a.stopping == b.stopping
        && a.version == b.version
        && a.saving == b.saving
        && a.last_heartbeat_ms == b.last_heartbeat_ms
        && a.last_activity_ms == b.last_activity_ms
        && a.players == b.players
        && a.allowlist == b.allowlist
        && a.bans == b.bans
        && a.ip_bans == b.ip_bans
        && a.operators == b.operators
        && a.settings == b.settings
        && a.game_rules == b.game_rules
        && a.upgrade == b.upgrade
}

/// `receive_notification`, checked: unknown and invalid ones only add their event; known
/// ones are idempotent and their payload round-trips.
pub fn notification(
    m: &mut ServerModel,
    method: &str,
    params: Option<&Value>,
    now: u64,
) -> Result<Notification, String> {
    let before = Snapshot::of(m, false);
    let mark = EventMark::of(m);
    let n = m.receive_notification(method, params, now);
    mark.check_added(m, 1)?;
    if m.events.back().is_some_and(|e| e.at_ms != now) {
        return Err(format!("{method}: logged at another time than {now}"));
    }
    match &n {
        Notification::Invalid { .. } | Notification::Unknown { .. } => {
            if !before.same(m, false) {
                return Err(format!(
                    "{method}: {n:?} changed the model beyond its event"
                ));
            }
        }
        _ => {
            let once = Snapshot::of(m, false);
            m.apply_notification(&n, now);
            if !once.same(m, true) {
                return Err(format!("{method}: {n:?} applied twice changed the model"));
            }
            let schema = catalog::find(method)
                .and_then(|s| s.param)
                .map(|p| p.schema);
            if let Some(s) = &schema {
                notification_round_trips(s, &n)?;
            }
        }
    }
    Ok(n)
}

fn notification_round_trips(s: &catalog::Schema, n: &Notification) -> Check {
    match n {
        Notification::Status(x) => round_trip(s, x),
        Notification::PlayerJoined(p)
        | Notification::PlayerLeft(p)
        | Notification::AllowlistAdded(p)
        | Notification::AllowlistRemoved(p)
        | Notification::BanRemoved(p) => round_trip(s, p),
        Notification::OperatorAdded(o) | Notification::OperatorRemoved(o) => round_trip(s, o),
        Notification::BanAdded(b) => round_trip(s, b),
        Notification::IpBanAdded(b) => round_trip(s, b),
        Notification::IpBanRemoved(ip) => round_trip(s, ip),
        Notification::GameRuleUpdated(r) => round_trip(s, r),
        _ => Ok(()),
    }
}

/// One row per key, as the panel keys its lists: the name (case-insensitive), else the id.
fn player_key(p: &Player) -> Option<&str> {
    p.name.as_deref().or(p.id.as_deref())
}

fn fold(s: &str) -> impl Iterator<Item = u8> + '_ {
    s.bytes().map(|b| b.to_ascii_lowercase())
}

/// No two entries share a key (compared without case when `fold_case`).
fn no_duplicates<T: Debug>(
    what: &str,
    items: &[T],
    fold_case: bool,
    key: impl Fn(&T) -> Option<&str>,
) -> Check {
    let mut keys: Vec<(&str, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, t)| key(t).map(|k| (k, i)))
        .collect();
    let cmp = |a: &str, b: &str| {
        if fold_case {
            fold(a).cmp(fold(b))
        } else {
            a.cmp(b)
        }
    };
    keys.sort_unstable_by(|a, b| cmp(a.0, b.0));
    for w in keys.windows(2) {
        if cmp(w[0].0, w[1].0).is_eq() {
            return Err(format!(
                "{what} holds {:?} twice: {:?} and {:?}",
                w[0].0, items[w[0].1], items[w[1].1]
            ));
        }
    }
    Ok(())
}

/// What must hold of the model after every step.
pub fn model(m: &ServerModel) -> Check {
    if m.events.len() > EVENT_LOG_CAPACITY {
        return Err(format!("event log holds {} entries", m.events.len()));
    }
    if let (Some(first), Some(last)) = (m.events.front(), m.events.back()) {
        if last.seq - first.seq + 1 != m.events.len() as u64 {
            return Err(format!(
                "event seqs {}..={} for {} entries",
                first.seq,
                last.seq,
                m.events.len()
            ));
        }
    }
    no_duplicates("players", &m.players, true, player_key)?;
    no_duplicates("allowlist", &m.allowlist, true, player_key)?;
    no_duplicates("bans", &m.bans, true, |b| player_key(&b.player))?;
    no_duplicates("operators", &m.operators, true, |o| player_key(&o.player))?;
    no_duplicates("ip bans", &m.ip_bans, true, |b| Some(b.ip.as_str()))?;
    no_duplicates("game rules", &m.game_rules, false, |r| Some(r.key.as_str()))?;
    if let Some(Upgrade::Running { progress: Some(p) }) = &m.upgrade {
        if !(0.0..=1.0).contains(p) {
            return Err(format!("upgrade progress {p}"));
        }
    }
    if let Some(k) = m.settings.keys().find(|k| catalog::setting(k).is_none()) {
        return Err(format!("settings hold unknown key {k}"));
    }
    Ok(())
}

/// What must hold of the connection policy after every step.
pub fn panel(p: &Panel) -> Check {
    model(&p.model)?;
    let link = p.link();
    if link.is_open() != p.socket_open() {
        return Err(format!(
            "link {link:?} but socket open: {}",
            p.socket_open()
        ));
    }
    if p.conn.pending() != p.pending_count() {
        return Err(format!(
            "the connection holds {} calls, {} sent and not yet answered, expired or failed",
            p.conn.pending(),
            p.pending_count()
        ));
    }
    if p.pending_count() > 0 && !link.is_open() {
        return Err(format!(
            "{} calls pending while {link:?}",
            p.pending_count()
        ));
    }
    let wake = p.conn.next_wake_ms();
    match *link {
        Link::Lost {
            retry_at_ms,
            attempt,
        } => {
            if wake != Some(retry_at_ms) {
                return Err(format!(
                    "lost, retry at {retry_at_ms}, but wakes at {wake:?}"
                ));
            }
            // 60 s at most, plus 20 % jitter.
            if attempt == 0 || retry_at_ms > p.now + Backoff::CAP_MS * 6 / 5 {
                return Err(format!(
                    "lost at attempt {attempt}, retry at {retry_at_ms} (now {})",
                    p.now
                ));
            }
        }
        Link::Syncing | Link::Ready => {
            let deadline = p.earliest_deadline();
            if wake != deadline {
                return Err(format!(
                    "wakes at {wake:?}, the earliest deadline is {deadline:?}"
                ));
            }
            if deadline.is_some_and(|d| d <= p.now) {
                return Err(format!(
                    "deadline {deadline:?} passed (now {}) without expiring",
                    p.now
                ));
            }
        }
        Link::Idle if p.socket_exists() => return Err("idle with a socket".into()),
        _ => {}
    }
    Ok(())
}

/// The model before a step, to check afterwards that every slice whose data changed was
/// recorded as changed (`ServerModel::take_changes`): a view of a slice that changed
/// without being recorded would go stale.
pub struct SliceMark {
    model: ServerModel,
    discover: Option<(String, usize, usize)>,
    events: (usize, Option<u64>, Option<u64>),
}

fn events_mark(m: &ServerModel) -> (usize, Option<u64>, Option<u64>) {
    (
        m.events.len(),
        m.events.front().map(|e| e.seq),
        m.events.back().map(|e| e.seq),
    )
}

impl SliceMark {
    /// Takes the changes recorded so far (as a render would) and copies the rest, without
    /// the costly discover document and event log (they are fingerprinted).
    pub fn of(m: &mut ServerModel) -> SliceMark {
        m.take_changes();
        let d = m.discover.take();
        let e = std::mem::take(&mut m.events);
        let model = m.clone();
        m.discover = d;
        m.events = e;
        SliceMark {
            model,
            discover: fingerprint(m),
            events: events_mark(m),
        }
    }

    pub fn check(&self, m: &mut ServerModel) -> Check {
        let changes = m.take_changes();
        let a = &self.model;
        let status = fingerprint(m) != self.discover
            || a.started != m.started
            || a.stopping != m.stopping
            || a.version != m.version
            || a.saving != m.saving
            || a.last_heartbeat_ms != m.last_heartbeat_ms
            || a.last_activity_ms != m.last_activity_ms
            || a.upgrade != m.upgrade;
        let changed = [
            (Slice::Status, status),
            (Slice::Players, a.players != m.players),
            (Slice::Allowlist, a.allowlist != m.allowlist),
            (Slice::Bans, a.bans != m.bans),
            (Slice::IpBans, a.ip_bans != m.ip_bans),
            (Slice::Operators, a.operators != m.operators),
            (Slice::Settings, a.settings != m.settings),
            (Slice::GameRules, a.game_rules != m.game_rules),
            (Slice::Events, events_mark(m) != self.events),
        ];
        match changed.iter().find(|(s, c)| *c && !changes.contains(*s)) {
            Some((s, _)) => Err(format!("{s:?} changed but was not recorded as changed")),
            None => Ok(()),
        }
    }
}

/// The size the event log counts for an event: method, params text (or its cut start),
/// error.
fn event_size(e: &msmp::model::Event) -> usize {
    let params = match (&e.params, e.truncated) {
        (Some(Value::String(start)), Some(_)) => start.len(),
        (Some(p), _) => json_text(p).len(),
        (None, _) => 0,
    };
    e.method.len() + params + e.error.as_ref().map_or(0, Problem::text_len)
}

/// The event log's size in bytes, kept up to date from the events added and dropped, so
/// a long log is not measured again at every step.
#[derive(Debug, Clone, Default)]
pub struct LogBytes {
    sizes: std::collections::VecDeque<(u64, usize)>,
    total: usize,
}

impl LogBytes {
    pub fn update(&mut self, m: &ServerModel) -> Check {
        let front = m.events.front().map(|e| e.seq);
        while let Some(&(seq, size)) = self.sizes.front() {
            if front.is_some_and(|f| seq >= f) {
                break;
            }
            self.sizes.pop_front();
            self.total -= size;
        }
        let last = self.sizes.back().map(|(seq, _)| *seq);
        for e in m
            .events
            .iter()
            .rev()
            .take_while(|e| last.is_none_or(|l| e.seq > l))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            let size = event_size(e);
            if let Some(full) = e.truncated {
                let cut =
                    matches!(&e.params, Some(Value::String(s)) if s.len() <= EVENT_PARAMS_MAX);
                if !cut || full <= EVENT_PARAMS_MAX {
                    return Err(format!(
                        "event {} cut wrongly: {full} bytes, kept {size}",
                        e.seq
                    ));
                }
            } else if e.params.is_some()
                && size - e.method.len() - e.error.as_ref().map_or(0, Problem::text_len)
                    > EVENT_PARAMS_MAX
            {
                return Err(format!(
                    "event {} keeps {size} bytes of params uncut",
                    e.seq
                ));
            }
            self.sizes.push_back((e.seq, size));
            self.total += size;
        }
        if self.sizes.len() != m.events.len() {
            return Err(format!(
                "event log of {} entries, {} accounted for",
                m.events.len(),
                self.sizes.len()
            ));
        }
        if self.total > EVENT_LOG_MAX_BYTES {
            return Err(format!(
                "event log holds {} bytes, over {EVENT_LOG_MAX_BYTES}",
                self.total
            ));
        }
        Ok(())
    }
}
