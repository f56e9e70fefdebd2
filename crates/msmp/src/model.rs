//! The state of one server as the panel knows it, and the reducers that keep it current.
//!
//! Reducers are idempotent and tolerate any order: the response to our own `allowlist/add`
//! and the `allowlist/added` notification it triggers may both be applied without
//! duplicating a row; removing something absent does nothing. A result or notification
//! with the wrong shape is refused with an error and leaves the model as it was.

use crate::catalog::{self, qualify, Group, Kind, ProtocolVersion, NOTIFICATION_PREFIX};
use crate::from_json::FromJson;
use crate::jsonrpc::{codes, RpcError};
use crate::key_index::{KeyIndex, Keyed};
use crate::notification::Notification;
use crate::problem::{self, Path, Problem, Step, Wanted};
use crate::types::{IpBan, Operator, Player, ServerState, TypedGameRule, UserBan, Version};
use crate::validate;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, VecDeque};

/// How many events the log keeps; older ones are dropped first.
pub const EVENT_LOG_CAPACITY: usize = 1000;
/// Samples of players online kept for the chart (a day of one a minute).
pub const ONLINE_HISTORY_MAX: usize = 1440;
/// Params larger than this (as JSON text) are kept only as the start of their text.
pub const EVENT_PARAMS_MAX: usize = 4096;
/// The most the log holds, in bytes of text (methods, params, the text errors hold, see
/// [`Problem::text_len`]); older events go.
pub const EVENT_LOG_MAX_BYTES: usize = 1 << 20;

/// One method or notification as the server's `rpc.discover` document describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscoveredMethod {
    pub name: String,
    pub description: String,
    pub notification: bool,
    /// `(name, schema)` of the single parameter, if any.
    pub param: Option<(String, Value)>,
    pub result: Option<Value>,
}

/// What `rpc.discover` said.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DiscoverInfo {
    /// `info.version` verbatim.
    pub protocol: String,
    /// The newest version this build knows that the server speaks at least.
    pub version: Option<ProtocolVersion>,
    pub methods: Vec<DiscoveredMethod>,
    /// `components.schemas`, for resolving `$ref`s in custom methods' schemas.
    pub schemas: Map<String, Value>,
}

impl DiscoverInfo {
    pub fn from_document(doc: &Value) -> Result<DiscoverInfo, Problem> {
        let version = doc.get("info").and_then(|i| i.get("version"));
        let protocol = version
            .and_then(Value::as_str)
            .ok_or_else(|| absent_or_wrong(&["info", "version"], Wanted::String, version))?
            .to_string();
        let methods = doc.get("methods");
        let methods = methods
            .and_then(Value::as_array)
            .ok_or_else(|| absent_or_wrong(&["methods"], Wanted::Array, methods))?
            .iter()
            .filter_map(|m| {
                let name = m.get("name")?.as_str()?.to_string();
                let param = m
                    .get("params")
                    .and_then(Value::as_array)
                    .and_then(|ps| ps.first())
                    .map(|p| {
                        let pname = p.get("name").and_then(Value::as_str).unwrap_or("params");
                        (
                            pname.to_string(),
                            p.get("schema").cloned().unwrap_or(Value::Null),
                        )
                    });
                let result = m
                    .get("result")
                    .map(|r| r.get("schema").cloned().unwrap_or(Value::Null));
                Some(DiscoveredMethod {
                    notification: name.contains(":notification/") || result.is_none(),
                    description: m
                        .get("description")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    name,
                    param,
                    result,
                })
            })
            .collect();
        Ok(DiscoverInfo {
            version: ProtocolVersion::closest(&protocol),
            protocol,
            methods,
            schemas: doc
                .get("components")
                .and_then(|c| c.get("schemas"))
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
        })
    }

    pub fn has(&self, name: &str) -> bool {
        let name = qualify(name);
        self.methods.iter().any(|m| m.name == name)
    }
}

/// A call the user made that the server refused with a JSON-RPC error: the fleet overview
/// shows it as an alert on that server's row until it is dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub method: String,
    pub error: RpcError,
    pub at_ms: u64,
}

/// A world upgrade (3.1.0).
#[derive(Debug, Clone, PartialEq)]
pub enum Upgrade {
    Running { progress: Option<f64> },
    Finished,
    Failed { reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// A notification of the protocol, applied to the model.
    Notification,
    /// A notification this build does not know (other namespaces included).
    Unknown,
    /// A known notification whose payload had the wrong type.
    Invalid,
    /// A frame that could not be decoded at all, or a response nobody waited for.
    Malformed,
    /// Something sent to the panel itself that it did not act on (a message posted by a
    /// page it may not take orders from).
    Ignored,
}

/// A part of the model that views depend on as a whole. Reducers record which ones they
/// changed, so a view of the allowlist is not recomputed for a player joining.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slice {
    /// Discovery, started/stopping/saving, version, heartbeat, activity, world upgrade.
    Status,
    Players,
    Allowlist,
    Bans,
    IpBans,
    Operators,
    Settings,
    GameRules,
    Events,
}

impl Slice {
    pub const ALL: [Slice; 9] = [
        Slice::Status,
        Slice::Players,
        Slice::Allowlist,
        Slice::Bans,
        Slice::IpBans,
        Slice::Operators,
        Slice::Settings,
        Slice::GameRules,
        Slice::Events,
    ];

    fn bit(self) -> u16 {
        1 << self as u16
    }

    /// The slice holding a list group's entries.
    pub fn of_group(g: Group) -> Slice {
        match g {
            Group::Allowlist => Slice::Allowlist,
            Group::Bans => Slice::Bans,
            Group::IpBans => Slice::IpBans,
            Group::Operators => Slice::Operators,
            Group::Players => Slice::Players,
            Group::Settings => Slice::Settings,
            Group::GameRules => Slice::GameRules,
            Group::Server | Group::World => Slice::Status,
        }
    }
}

/// One change to a list slice, by position, so a view of 10,000 entries can redraw one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The whole list was replaced.
    Reset,
    /// The entry at this index was replaced.
    Set(usize),
    /// An entry was inserted at this index.
    Insert(usize),
    /// The entry at this index was removed.
    Remove(usize),
}

/// Edits to the list slices since they were last taken. Bookkeeping, like [`Changes`].
#[derive(Debug, Clone, Default)]
struct Edits([Vec<Edit>; Slice::ALL.len()]);

impl PartialEq for Edits {
    fn eq(&self, _: &Edits) -> bool {
        true
    }
}

/// The slices changed since they were last taken.
#[derive(Debug, Clone, Copy, Default)]
pub struct Changes(u16);

impl Changes {
    pub fn contains(self, s: Slice) -> bool {
        self.0 & s.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Slice> {
        Slice::ALL.into_iter().filter(move |s| self.contains(*s))
    }
}

/// Bookkeeping, not state: two models with the same data are equal whatever they changed.
impl PartialEq for Changes {
    fn eq(&self, _: &Changes) -> bool {
        true
    }
}

/// One entry of the event log.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Increases by one per event, for stable keys in views.
    pub seq: u64,
    pub at_ms: u64,
    pub kind: EventKind,
    pub method: String,
    pub params: Option<Value>,
    /// Why it was not applied (invalid and malformed events), or why it was ignored.
    pub error: Option<Problem>,
    /// Params were over [`EVENT_PARAMS_MAX`]: their full size in bytes of JSON text, and
    /// `params` holds the start of that text as a string.
    pub truncated: Option<usize>,
    /// Bytes of text this event holds, for the log's size bound.
    bytes: usize,
}

/// Everything the panel knows about one server.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServerModel {
    pub discover: Option<DiscoverInfo>,
    /// `None` until the first status result or heartbeat.
    pub started: Option<bool>,
    /// Set by `server/stopping`, cleared by `server/started`.
    pub stopping: bool,
    pub version: Option<Version>,
    /// Set by `server/saving`, cleared by `server/saved`.
    pub saving: bool,
    pub last_heartbeat_ms: Option<u64>,
    pub last_activity_ms: Option<u64>,
    pub players: Vec<Player>,
    /// When the panel saw each online player arrive (`players/joined`, or a heartbeat naming
    /// someone new; `None` for those online when it looked), by [`Player::key`], sorted.
    /// A sorted list, not a map: a map type of its own cost 2.7 KiB gzip at start.
    online_since: Vec<(String, Option<u64>)>,
    /// Players online over time while the panel is open, (ms, count): at each join or leave
    /// and at heartbeats at least a minute apart; the newest [`ONLINE_HISTORY_MAX`].
    pub online_history: Vec<(u64, u32)>,
    pub allowlist: Vec<Player>,
    pub bans: Vec<UserBan>,
    pub ip_bans: Vec<IpBan>,
    pub operators: Vec<Operator>,
    /// Setting key (`max_players`) → the server's value.
    pub settings: BTreeMap<String, Value>,
    /// In the order the server listed them; updates replace in place.
    pub game_rules: Vec<TypedGameRule>,
    pub upgrade: Option<Upgrade>,
    /// The user's last call the server refused (see [`ServerModel::note_refusal`]).
    pub refusal: Option<Refusal>,
    pub events: VecDeque<Event>,
    /// Sum of the events' sizes.
    events_bytes: usize,
    next_seq: u64,
    changes: Changes,
    edits: Edits,
    /// Per list slice, the keys its entries may have.
    index: [KeyIndex; Slice::ALL.len()],
}

/// The longest prefix of `s` within `max` bytes, cut at a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn parse<T: FromJson>(v: &Value) -> Result<T, Problem> {
    T::from_json(v)
}

/// The member at `path` is missing (or `null`), or is `found` instead of `wanted`.
fn absent_or_wrong(path: &[&'static str], wanted: Wanted, found: Option<&Value>) -> Problem {
    let kind = match found {
        None | Some(Value::Null) => problem::Kind::Missing,
        Some(v) => Problem::wrong(wanted, v).kind,
    };
    Problem {
        path: Path(path.iter().map(|k| Step::Key(k)).collect()),
        kind,
    }
}

/// Inserts or replaces the entry `same` picks out: the newest data wins, no duplicates.
/// An identical entry always counts as the same, so even an entry without id or name
/// (which `same_as` never matches) is not added twice.
fn upsert<T: PartialEq>(list: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) -> Vec<Edit> {
    match list.iter().position(|x| *x == item || same(x, &item)) {
        Some(i) => {
            list[i] = item;
            let mut edits = vec![Edit::Set(i)];
            // Another entry the new one also matches (by id here, by name there) goes, so the
            // list keeps one entry per key.
            for j in (0..list.len()).rev() {
                if j != i && same(&list[j], &list[i]) {
                    list.remove(j);
                    edits.push(Edit::Remove(j));
                }
            }
            edits
        }
        None => {
            list.push(item);
            vec![Edit::Insert(list.len() - 1)]
        }
    }
}

/// [`upsert`], appending without a scan when `index` knows none of the entry's keys.
fn upsert_keyed<T: PartialEq + Keyed>(
    list: &mut Vec<T>,
    index: &mut KeyIndex,
    item: T,
    same: impl Fn(&T, &T) -> bool,
) -> Vec<Edit> {
    if index.admit(list, &item) {
        list.push(item);
        return vec![Edit::Insert(list.len() - 1)];
    }
    upsert(list, item, same)
}

/// Removes every entry `gone` picks out; the edits name them from the last to the first,
/// so each index is valid when its edit is applied in order.
fn remove_where<T>(list: &mut Vec<T>, gone: impl Fn(&T) -> bool) -> Vec<Edit> {
    let mut edits = Vec::new();
    for i in (0..list.len()).rev() {
        if gone(&list[i]) {
            list.remove(i);
            edits.push(Edit::Remove(i));
        }
    }
    edits
}

/// The slice a notification changes, if any (status heartbeats also replace the players).
fn slice_of(n: &Notification) -> Option<Slice> {
    Some(match n {
        Notification::PlayerJoined(_) | Notification::PlayerLeft(_) => Slice::Players,
        Notification::AllowlistAdded(_) | Notification::AllowlistRemoved(_) => Slice::Allowlist,
        Notification::BanAdded(_) | Notification::BanRemoved(_) => Slice::Bans,
        Notification::IpBanAdded(_) | Notification::IpBanRemoved(_) => Slice::IpBans,
        Notification::OperatorAdded(_) | Notification::OperatorRemoved(_) => Slice::Operators,
        Notification::GameRuleUpdated(_) => Slice::GameRules,
        Notification::Invalid { .. } | Notification::Unknown { .. } => return None,
        _ => Slice::Status,
    })
}

/// Keeps the first entry of each key: a server that lists an entry twice (a bug, or a
/// hostile server) still gives one row, and one key per row.
fn dedup<T>(list: Vec<T>, key: impl Fn(&T) -> String) -> Vec<T> {
    let mut seen = std::collections::BTreeSet::new();
    list.into_iter().filter(|x| seen.insert(key(x))).collect()
}

/// The same profile (by id, so a renamed player is replaced), or the same [`Player::key`]
/// (name first, else id): lists and views hold one entry per key, and a server has one
/// player of a name at a time.
fn same_key(a: &Player, b: &Player) -> bool {
    a.same_as(b) || a.same_key(b)
}

/// [`Player::same_as`], plus identity so a nameless, id-less entry can still be removed.
fn same_player(a: &Player, b: &Player) -> bool {
    a == b || a.same_as(b)
}

fn same_ip(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl ServerModel {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn protocol(&self) -> Option<ProtocolVersion> {
        self.discover.as_ref().and_then(|d| d.version)
    }

    /// Whether the server offers `method` (false before discovery).
    pub fn has_method(&self, method: &str) -> bool {
        self.discover.as_ref().is_some_and(|d| d.has(method))
    }

    /// Applies the successful result of a call to `method`. Methods that change nothing
    /// here (save, stop, custom ones, notification names) are accepted and ignored once
    /// the value has the catalog's result type. A value of the wrong type is refused with
    /// the problem (its path from the result's top) and leaves the model as it was.
    pub fn apply_result(&mut self, method: &str, value: &Value) -> Result<(), Problem> {
        let method = qualify(method);
        if method == "rpc.discover" || method == "minecraft:rpc.discover" {
            self.discover = Some(DiscoverInfo::from_document(value)?);
            self.touch(Slice::Status);
            return Ok(());
        }
        let Some(spec) = catalog::find(&method).filter(|m| m.kind == Kind::Method) else {
            return Ok(());
        };
        let short = spec.short_name();
        if let Some(result) = spec.result {
            validate::check_any_version(&result.schema, value)?;
        }
        match spec.group {
            Group::Allowlist => self.allowlist = dedup(parse(value)?, Player::key),
            Group::Bans => self.bans = dedup(parse(value)?, |b: &UserBan| b.player.key()),
            Group::IpBans => {
                self.ip_bans = dedup(parse(value)?, |b: &IpBan| b.ip.to_ascii_lowercase())
            }
            Group::Operators => {
                self.operators = dedup(parse(value)?, |o: &Operator| o.player.key())
            }
            Group::Players if short == "players" => {
                self.players = dedup(parse(value)?, Player::key);
                self.note_arrivals(None);
            }
            Group::Players => {
                let kicked: Vec<Player> = parse(value)?;
                let e = remove_where(&mut self.players, |p| {
                    kicked.iter().any(|k| same_player(k, p))
                });
                self.edits(Slice::Players, e);
                self.note_arrivals(None);
            }
            Group::Server if short == "server/status" => {
                let state: ServerState = parse(value)?;
                self.apply_status(state);
                self.note_arrivals(None);
            }
            Group::Server | Group::World => {}
            Group::Settings => {
                let key = short.strip_prefix("serversettings/").unwrap_or(short);
                let key = key.strip_suffix("/set").unwrap_or(key);
                catalog::setting(key)
                    .ok_or_else(|| Problem::from(problem::Kind::UnknownSetting(key)))?;
                self.settings.insert(key.to_string(), value.clone());
            }
            Group::GameRules if short == "gamerules" => {
                self.game_rules = dedup(parse(value)?, |r: &TypedGameRule| r.key.clone())
            }
            Group::GameRules => {
                let rule: TypedGameRule = parse(value)?;
                upsert(&mut self.game_rules, rule, |a, b| a.key == b.key);
            }
        }
        self.touch(Slice::of_group(spec.group));
        if matches!(
            spec.group,
            Group::Allowlist | Group::Bans | Group::IpBans | Group::Operators | Group::Players
        ) {
            self.replaced(Slice::of_group(spec.group));
        }
        Ok(())
    }

    /// Learns from a call's error. A 3.0.0+ server refuses most methods until it has
    /// started (-32600, "Method cannot be dispatched pre server initialization: …"), which
    /// tells us it has not started; returns whether this was such a refusal.
    pub fn apply_error(&mut self, error: &RpcError) -> bool {
        let before_start = error.code == codes::INVALID_REQUEST
            && error.data_text().is_some_and(|d| {
                d.starts_with("Method cannot be dispatched pre server initialization")
            });
        if before_start {
            self.started = Some(false);
            self.touch(Slice::Status);
        }
        before_start
    }

    /// Records that the server refused a call the user made (not the panel's own sync or
    /// probe calls, whose failures are the link's problem). Only errors allocate here.
    pub fn note_refusal(&mut self, method: &str, error: &RpcError, now_ms: u64) {
        self.refusal = Some(Refusal {
            method: method.to_string(),
            error: error.clone(),
            at_ms: now_ms,
        });
        self.touch(Slice::Status);
    }

    /// The user has seen the refusal.
    pub fn dismiss_refusal(&mut self) {
        if self.refusal.take().is_some() {
            self.touch(Slice::Status);
        }
    }

    fn apply_status(&mut self, state: ServerState) {
        self.touch(Slice::Status);
        self.touch(Slice::Players);
        self.started = Some(state.started);
        if state.started {
            self.stopping = false;
        }
        if state.version.is_some() {
            self.version = state.version;
        }
        self.players = dedup(state.players, Player::key);
        self.replaced(Slice::Players);
    }

    /// Brings [`ServerModel::online_since`] in line with a replaced player list: those who
    /// left are dropped, those not seen before arrived `now` (`None`: when first looked).
    /// A join or leave edits one entry instead, as this walks every player.
    fn note_arrivals(&mut self, now: Option<u64>) {
        let mut since: Vec<(String, Option<u64>)> = self
            .players
            .iter()
            .map(|p| {
                let key = p.key();
                let at = self.since_at(&key).map_or(now, |i| self.online_since[i].1);
                (key, at)
            })
            .collect();
        since.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.online_since = since;
    }

    fn sample_online(&mut self, now: u64) {
        let count = self.players.len() as u32;
        match self.online_history.last_mut() {
            // A burst within one moment is one sample.
            Some(last) if last.0 == now => return last.1 = count,
            Some(&mut (at, last)) if last == count && now.saturating_sub(at) < 60_000 => return,
            _ => {}
        }
        if self.online_history.len() >= ONLINE_HISTORY_MAX {
            self.online_history.drain(..ONLINE_HISTORY_MAX / 2);
        }
        self.online_history.push((now, count));
    }

    fn since_at(&self, key: &str) -> Result<usize, usize> {
        self.online_since
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// When the panel saw `who` arrive, if they are online and it saw it (see
    /// `online_since`); `None` also for those online before it looked.
    pub fn online_since(&self, who: &Player) -> Option<u64> {
        self.since_at(&who.key())
            .ok()
            .and_then(|i| self.online_since[i].1)
    }

    /// Whether the panel knows when `who` arrived or that they were online when it looked.
    pub fn seen_online(&self, who: &Player) -> bool {
        self.since_at(&who.key()).is_ok()
    }

    /// Records that `slice` changed (reducers do; so must code that edits fields directly).
    pub fn touch(&mut self, slice: Slice) {
        self.changes.0 |= slice.bit();
    }

    /// The slices changed since the last call.
    pub fn take_changes(&mut self) -> Changes {
        std::mem::take(&mut self.changes)
    }

    fn edit(&mut self, slice: Slice, e: Edit) {
        let edits = &mut self.edits.0[slice as usize];
        // Past a few hundred edits, redrawing the list is cheaper than replaying them.
        if e == Edit::Reset || edits.len() >= 256 {
            edits.clear();
            edits.push(Edit::Reset);
        } else if edits.first() != Some(&Edit::Reset) {
            edits.push(e);
        }
    }

    /// Records that `slice`'s list was replaced as a whole.
    fn replaced(&mut self, slice: Slice) {
        self.index[slice as usize].clear();
        self.edit(slice, Edit::Reset);
    }

    fn edits(&mut self, slice: Slice, edits: Vec<Edit>) {
        for e in edits {
            self.edit(slice, e);
        }
    }

    /// The edits to `slice`'s list since the last call, in order (a lone [`Edit::Reset`]
    /// when the list was replaced).
    pub fn take_edits(&mut self, slice: Slice) -> Vec<Edit> {
        std::mem::take(&mut self.edits.0[slice as usize])
    }

    /// Applies a decoded notification to the state (no logging).
    pub fn apply_notification(&mut self, n: &Notification, now_ms: u64) {
        if let Some(slice) = slice_of(n) {
            self.touch(slice);
        }
        match n {
            Notification::Started => {
                self.started = Some(true);
                self.stopping = false;
            }
            Notification::Stopping => self.stopping = true,
            Notification::Saving => self.saving = true,
            Notification::Saved => self.saving = false,
            Notification::Activity => self.last_activity_ms = Some(now_ms),
            Notification::Status(state) => {
                self.last_heartbeat_ms = Some(now_ms);
                self.apply_status(state.clone());
                self.note_arrivals(Some(now_ms));
                self.sample_online(now_ms);
            }
            Notification::PlayerJoined(p) => {
                let index = &mut self.index[Slice::Players as usize];
                let e = upsert_keyed(&mut self.players, index, p.clone(), same_key);
                self.edits(Slice::Players, e);
                let key = p.key();
                if let Err(i) = self.since_at(&key) {
                    self.online_since.insert(i, (key, Some(now_ms)));
                }
                self.sample_online(now_ms);
            }
            Notification::PlayerLeft(p) => {
                let e = remove_where(&mut self.players, |x| same_player(x, p));
                self.edits(Slice::Players, e);
                if let Ok(i) = self.since_at(&p.key()) {
                    self.online_since.remove(i);
                }
                self.sample_online(now_ms);
            }
            Notification::AllowlistAdded(p) => {
                let index = &mut self.index[Slice::Allowlist as usize];
                let e = upsert_keyed(&mut self.allowlist, index, p.clone(), same_key);
                self.edits(Slice::Allowlist, e)
            }
            Notification::AllowlistRemoved(p) => {
                let e = remove_where(&mut self.allowlist, |x| same_player(x, p));
                self.edits(Slice::Allowlist, e)
            }
            Notification::BanAdded(b) => {
                let index = &mut self.index[Slice::Bans as usize];
                let e = upsert_keyed(&mut self.bans, index, b.clone(), |a, b| {
                    same_key(&a.player, &b.player)
                });
                self.edits(Slice::Bans, e)
            }
            Notification::BanRemoved(p) => {
                let e = remove_where(&mut self.bans, |b| same_player(&b.player, p));
                self.edits(Slice::Bans, e)
            }
            Notification::IpBanAdded(b) => {
                let index = &mut self.index[Slice::IpBans as usize];
                let e = upsert_keyed(&mut self.ip_bans, index, b.clone(), |a, b| {
                    same_ip(&a.ip, &b.ip)
                });
                self.edits(Slice::IpBans, e)
            }
            Notification::IpBanRemoved(ip) => {
                let e = remove_where(&mut self.ip_bans, |b| same_ip(&b.ip, ip));
                self.edits(Slice::IpBans, e)
            }
            Notification::OperatorAdded(o) => {
                let index = &mut self.index[Slice::Operators as usize];
                let e = upsert_keyed(&mut self.operators, index, o.clone(), |a, b| {
                    same_key(&a.player, &b.player)
                });
                self.edits(Slice::Operators, e)
            }
            Notification::OperatorRemoved(o) => {
                let e = remove_where(&mut self.operators, |x| same_player(&x.player, &o.player));
                self.edits(Slice::Operators, e)
            }
            Notification::GameRuleUpdated(r) => {
                upsert(&mut self.game_rules, r.clone(), |a, b| a.key == b.key);
            }
            Notification::UpgradeStarted => {
                self.upgrade = Some(Upgrade::Running { progress: None })
            }
            Notification::UpgradeProgress(p) => {
                self.upgrade = Some(Upgrade::Running {
                    progress: Some(p.clamp(0.0, 1.0)),
                })
            }
            Notification::UpgradeFinished => self.upgrade = Some(Upgrade::Finished),
            Notification::UpgradeFailed(reason) => {
                self.upgrade = Some(Upgrade::Failed {
                    reason: reason.clone(),
                })
            }
            Notification::Invalid { .. } | Notification::Unknown { .. } => {}
        }
    }

    /// Decodes, applies and logs a notification frame; returns what it decoded to.
    pub fn receive_notification(
        &mut self,
        method: &str,
        params: Option<&Value>,
        now_ms: u64,
    ) -> Notification {
        let n = Notification::decode(method, params);
        self.apply_notification(&n, now_ms);
        let (kind, error) = match &n {
            Notification::Unknown { .. } => (EventKind::Unknown, None),
            Notification::Invalid { error, .. } => (EventKind::Invalid, Some(error.clone())),
            _ => (EventKind::Notification, None),
        };
        let method = if method.starts_with(NOTIFICATION_PREFIX) || method.contains(':') {
            method.to_string()
        } else {
            qualify(method).into_owned()
        };
        self.log(Event {
            seq: 0,
            at_ms: now_ms,
            kind,
            method,
            params: params.cloned(),
            error,
            truncated: None,
            bytes: 0,
        });
        n
    }

    /// Records a frame that could not be used (malformed, or a response to no call).
    pub fn log_malformed(&mut self, reason: Problem, now_ms: u64) {
        self.log_other(EventKind::Malformed, "", reason, now_ms);
    }

    /// Logs what the panel was asked by someone other than the server, and ignored, with
    /// the panel's own words for why.
    pub fn log_ignored(&mut self, what: &str, reason: &str, now_ms: u64) {
        self.log_other(EventKind::Ignored, what, Problem::text(reason), now_ms);
    }

    fn log_other(&mut self, kind: EventKind, what: &str, mut reason: Problem, now_ms: u64) {
        // What a server sent in it (a method name, an error) is cut like params.
        reason.cut(EVENT_PARAMS_MAX);
        self.log(Event {
            seq: 0,
            at_ms: now_ms,
            kind,
            method: what.to_string(),
            params: None,
            error: Some(reason),
            truncated: None,
            bytes: 0,
        });
    }

    fn log(&mut self, mut e: Event) {
        e.seq = self.next_seq;
        self.next_seq += 1;
        let mut params_len = 0;
        if let Some(p) = &e.params {
            let text = crate::jsonrpc::json_text(p);
            params_len = text.len();
            if text.len() > EVENT_PARAMS_MAX {
                e.truncated = Some(text.len());
                let start = cut(&text, EVENT_PARAMS_MAX).to_string();
                params_len = start.len();
                e.params = Some(Value::String(start));
            }
        }
        let size = e.method.len() + params_len + e.error.as_ref().map_or(0, Problem::text_len);
        e.bytes = size;
        self.touch(Slice::Events);
        while !self.events.is_empty()
            && (self.events.len() >= EVENT_LOG_CAPACITY
                || self.events_bytes + size > EVENT_LOG_MAX_BYTES)
        {
            if let Some(old) = self.events.pop_front() {
                self.events_bytes -= old.bytes;
            }
        }
        self.events_bytes += size;
        self.events.push_back(e);
    }

    /// Forgets the event log: it belongs to one server, and the panel moves to another.
    pub fn clear_events(&mut self) {
        self.events.clear();
        self.events_bytes = 0;
        self.touch(Slice::Events);
    }

    /// Forgets everything the server told us but keeps the event log and the last
    /// refusal (what the user did, not the server's state): used on reconnect, before
    /// rediscovery and the full refetch, so nothing stale survives.
    pub fn reset_server_state(&mut self) {
        let events = std::mem::take(&mut self.events);
        let (events_bytes, next_seq) = (self.events_bytes, self.next_seq);
        *self = ServerModel {
            events,
            // Kept for the players still online when the lists are fetched again.
            online_since: std::mem::take(&mut self.online_since),
            online_history: std::mem::take(&mut self.online_history),
            events_bytes,
            next_seq,
            refusal: self.refusal.take(),
            // Everything may have changed.
            changes: Changes(u16::MAX),
            ..ServerModel::default()
        };
        for slice in Slice::ALL {
            self.edit(slice, Edit::Reset);
        }
    }
}
