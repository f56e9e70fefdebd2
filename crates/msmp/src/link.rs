//! The connection policy without I/O: link state, discovery and the initial fetch, the
//! refetch after `server/started`, reconnect backoff with jitter, call deadlines and the
//! detection of a silent dead link.
//!
//! The shell (the browser's WebSocket, or anything else that moves frames) reports what
//! happened through the methods of [`Connection`], passing the current time and the
//! server's [`ServerModel`], and carries out the [`Command`]s they return. Nothing here
//! reads a clock, opens a socket or assumes one exists.

use crate::catalog;
use crate::client::{Backoff, CallError, ClientCore, Received};
use crate::jsonrpc::RpcError;
use crate::model::ServerModel;
use crate::notification::Notification;
use crate::problem::{Kind, Problem};
use serde_json::Value;
use std::fmt;

/// Frames longer than this are dropped unread (the simulator, like the real server,
/// refuses incoming frames above 16 MiB).
pub const MAX_FRAME_LEN: usize = 16 << 20;
/// Frames received but not yet applied, at most; see [`Connection::overloaded`].
pub const MAX_QUEUED_FRAMES: usize = 100_000;
/// With no heartbeat configured, a link silent this long gets a cheap call as a probe;
/// its deadline then tells a quiet server from a dead link.
pub const PROBE_AFTER_MS: u64 = 30_000;
/// With a heartbeat, the link counts as dead after this many missed intervals (plus
/// [`HEARTBEAT_GRACE_MS`]).
pub const MISSED_HEARTBEATS: u64 = 2;
pub const HEARTBEAT_GRACE_MS: u64 = 5_000;
const PROBE_METHOD: &str = "minecraft:server/status";

/// The state of the link to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Not connected, and not trying.
    Idle,
    /// The first attempt for this address is under way.
    Connecting,
    /// Open; discovery and the initial fetch are in flight.
    Syncing,
    /// Open and in sync.
    Ready,
    /// The first attempt failed before the link opened: the browser cannot tell why.
    Failed { code: u16 },
    /// The connection dropped; the next attempt starts at `retry_at_ms`.
    Lost { retry_at_ms: u64, attempt: u32 },
    /// A reconnect attempt is under way.
    Reconnecting { attempt: u32 },
}

impl Link {
    pub fn is_open(&self) -> bool {
        matches!(self, Link::Syncing | Link::Ready)
    }
}

/// Why an action did not produce a result.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Call(CallError),
    /// Refused before sending: there is no open connection.
    NotConnected,
    /// The server answered with something of the wrong type; `raw` is what it sent.
    BadResult {
        error: Problem,
        raw: Value,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Call(e) => write!(f, "{e}"),
            Failure::NotConnected => f.write_str("not connected (nothing was sent)"),
            Failure::BadResult { error, .. } => {
                write!(f, "the server's answer has the wrong shape: {error}")
            }
        }
    }
}

/// What went wrong while getting in sync; the panel words it.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncProblem {
    /// The transport could not even be created (a malformed address, a blocked scheme).
    Refused(String),
    /// `rpc.discover` failed: without the method list nothing can be fetched.
    Discover(Failure),
    /// Some getters of the initial fetch failed: the first few, and how many more.
    Getters {
        first: Vec<(String, Failure)>,
        more: usize,
    },
    /// A 3.0.0+ server refused the getters because it has not started yet.
    NotStarted,
}

/// Who is waiting for a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// The shell's own caller, by the token it chose.
    Token(u64),
    Discover,
    Sync,
    Probe,
}

/// What the shell must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open the transport to the chosen server (replacing any open one).
    Open,
    /// Close the transport; no close is reported back for it.
    Close,
    Send(String),
    /// The outcome of the call made with this token.
    Answer {
        token: u64,
        result: Result<Value, Failure>,
    },
}

pub type Commands = Vec<Command>;

#[derive(Debug, Clone)]
pub struct Connection {
    core: ClientCore<Caller>,
    backoff: Backoff,
    link: Link,
    /// The user wants a link: reconnect after a drop.
    wanted: bool,
    ever_opened: bool,
    discovering: bool,
    /// Getters of the current fetch still outstanding.
    sync_left: usize,
    sync_failures: Vec<(String, Failure)>,
    refused_before_start: bool,
    /// A `server/started` arrived while a fetch from before the start was running: fetch
    /// once more after it.
    refetch: bool,
    /// The fetch in flight was itself caused by a `server/started`.
    fetch_after_start: bool,
    probing: bool,
    last_frame_ms: u64,
    problem: Option<SyncProblem>,
    rng: u64,
}

impl Connection {
    /// `seed` drives the reconnect jitter (any value; the time will do).
    pub fn new(seed: u64) -> Connection {
        Connection {
            core: ClientCore::with_timeout(crate::client::DEFAULT_TIMEOUT_MS),
            backoff: Backoff::new(),
            link: Link::Idle,
            wanted: false,
            ever_opened: false,
            discovering: false,
            sync_left: 0,
            sync_failures: Vec::new(),
            refused_before_start: false,
            refetch: false,
            fetch_after_start: false,
            probing: false,
            last_frame_ms: 0,
            problem: None,
            rng: seed | 1,
        }
    }

    pub fn link(&self) -> &Link {
        &self.link
    }

    pub fn problem(&self) -> Option<&SyncProblem> {
        self.problem.as_ref()
    }

    /// Calls waiting for an answer, the shell's and the panel's own.
    pub fn pending(&self) -> usize {
        self.core.pending_count()
    }

    /// The user chose a server: start over with it.
    pub fn connect(&mut self) -> Commands {
        let mut out = self.fail_pending();
        self.backoff.reset();
        self.wanted = true;
        self.ever_opened = false;
        self.problem = None;
        self.link = Link::Connecting;
        out.push(Command::Open);
        out
    }

    /// The user closed the connection: no reconnect.
    pub fn disconnect(&mut self) -> Commands {
        let mut out = self.fail_pending();
        out.push(Command::Close);
        self.wanted = false;
        self.link = Link::Idle;
        out
    }

    /// Skip the rest of the backoff delay.
    pub fn retry_now(&mut self) -> Commands {
        match self.link {
            Link::Lost { attempt, .. } => {
                self.link = Link::Reconnecting { attempt };
                vec![Command::Open]
            }
            _ => Vec::new(),
        }
    }

    /// The transport could not be created at all.
    pub fn open_refused(&mut self, reason: String) {
        self.problem = Some(SyncProblem::Refused(reason));
        self.link = Link::Failed { code: 0 };
    }

    /// The transport opened: nothing from before may survive, so rediscover and refetch.
    pub fn opened(&mut self, now_ms: u64, model: &mut ServerModel) -> Commands {
        self.ever_opened = true;
        self.backoff.on_open(now_ms);
        self.last_frame_ms = now_ms;
        self.problem = None;
        model.reset_server_state();
        self.link = Link::Syncing;
        self.discovering = true;
        let (_, frame) = self
            .core
            .call_tagged("rpc.discover", None, now_ms, Caller::Discover);
        vec![Command::Send(frame)]
    }

    /// The transport closed (or failed to open).
    pub fn closed(&mut self, code: u16, now_ms: u64) -> Commands {
        let out = self.fail_pending();
        self.backoff.on_close(now_ms);
        if !self.wanted {
            self.link = Link::Idle;
        } else if !self.ever_opened {
            self.link = Link::Failed { code };
        } else {
            let delay = self.backoff.next_delay_ms();
            let delay = self.jitter(delay);
            self.link = Link::Lost {
                retry_at_ms: now_ms + delay,
                attempt: self.backoff.attempts(),
            };
        }
        out
    }

    /// Makes a call for the shell's `token`. Refused at once when the link is not open:
    /// nothing is ever queued silently.
    pub fn call(
        &mut self,
        token: u64,
        method: &str,
        param: Option<&Value>,
        now_ms: u64,
    ) -> Result<Command, Failure> {
        if !self.link.is_open() {
            return Err(Failure::NotConnected);
        }
        let (_, frame) = self
            .core
            .call_tagged(method, param, now_ms, Caller::Token(token));
        Ok(Command::Send(frame))
    }

    /// A frame arrived, already parsed (or the reader's problem with it).
    pub fn frame(
        &mut self,
        parsed: Result<Value, Problem>,
        now_ms: u64,
        model: &mut ServerModel,
    ) -> Commands {
        // A frame of a link that is no longer (or not yet) open belongs to no session.
        if !self.link.is_open() {
            return Vec::new();
        }
        self.last_frame_ms = now_ms;
        let received = self.core.receive_parsed(parsed);
        self.settle(received, now_ms, model)
    }

    /// A frame arrived that is too long to read; it is dropped and logged, unparsed.
    pub fn oversized(&mut self, len: usize, now_ms: u64, model: &mut ServerModel) {
        self.last_frame_ms = now_ms;
        let kind = Kind::TooLong {
            mib: len.div_ceil(1 << 20),
            limit_mib: MAX_FRAME_LEN >> 20,
        };
        model.log_malformed(kind.into(), now_ms);
    }

    /// More than [`MAX_QUEUED_FRAMES`] frames wait to be applied: the server sends faster
    /// than they can be applied. Their state would be stale by the time it showed, and
    /// the queue would grow without end: the link is dropped (the frames with it) and made
    /// again after the usual backoff, which fetches everything afresh.
    pub fn overloaded(&mut self, queued: usize, now_ms: u64, model: &mut ServerModel) -> Commands {
        model.log_malformed(Kind::Overloaded { queued }.into(), now_ms);
        let mut out = self.closed(1008, now_ms);
        out.push(Command::Close);
        out
    }

    /// A frame the panel cannot read at all (binary): [`Kind::Binary`] is logged.
    pub fn unreadable(&mut self, now_ms: u64, model: &mut ServerModel) {
        self.last_frame_ms = now_ms;
        model.log_malformed(Kind::Binary.into(), now_ms);
    }

    /// Moves time on: expires calls, retries when due, notices a silent dead link and
    /// probes a quiet one. It only reads the model: a timeout changes nothing there.
    pub fn tick(&mut self, now_ms: u64, model: &ServerModel) -> Commands {
        let mut out = Vec::new();
        if let Link::Lost {
            retry_at_ms,
            attempt,
        } = self.link
        {
            if now_ms >= retry_at_ms {
                self.link = Link::Reconnecting { attempt };
                out.push(Command::Open);
            }
            return out;
        }
        if !self.link.is_open() {
            return out;
        }
        let expired = self.core.expire(now_ms);
        let silent_ms = now_ms.saturating_sub(self.last_frame_ms);
        let dead = match heartbeat_ms(model) {
            Some(h) => silent_ms > h * MISSED_HEARTBEATS + HEARTBEAT_GRACE_MS,
            // A call waited its whole deadline and nothing at all arrived meanwhile.
            None => !expired.is_empty() && silent_ms >= self.core.timeout_ms(),
        };
        for c in expired {
            out.extend(self.route(
                c.tag,
                c.method,
                c.result.map_err(Failure::Call),
                false,
                now_ms,
                model,
            ));
        }
        if dead {
            out.extend(self.closed(1006, now_ms));
            out.push(Command::Close);
            return out;
        }
        let quiet = heartbeat_ms(model).is_none() && silent_ms >= PROBE_AFTER_MS;
        if quiet && !self.probing && self.link == Link::Ready && model.has_method(PROBE_METHOD) {
            self.probing = true;
            let (_, frame) = self
                .core
                .call_tagged(PROBE_METHOD, None, now_ms, Caller::Probe);
            out.push(Command::Send(frame));
        }
        out
    }

    /// When [`Connection::tick`] next has something to do, if it has to be sooner than
    /// the shell's regular clock.
    pub fn next_wake_ms(&self) -> Option<u64> {
        match self.link {
            Link::Lost { retry_at_ms, .. } => Some(retry_at_ms),
            _ => self.core.next_deadline(),
        }
    }

    fn fail_pending(&mut self) -> Commands {
        self.discovering = false;
        self.sync_left = 0;
        self.sync_failures.clear();
        self.refetch = false;
        self.probing = false;
        self.core
            .disconnect()
            .into_iter()
            .filter_map(|c| match c.tag {
                Caller::Token(token) => Some(Command::Answer {
                    token,
                    result: c.result.map_err(Failure::Call),
                }),
                _ => None,
            })
            .collect()
    }

    /// Every getter the server offers: the small ones in one batch frame, then each list in
    /// a frame of its own, so a list of 10,000 entries is applied and shown while the
    /// server is still writing the next one (the first rows come in about half the time).
    fn fetch_all(&mut self, now_ms: u64, model: &ServerModel) -> Commands {
        let (lists, small): (Vec<&str>, Vec<&str>) = catalog::state_getters()
            .filter(|name| model.has_method(name))
            .partition(|name| catalog::LISTS.iter().any(|l| l.get == *name));
        self.sync_failures.clear();
        self.refused_before_start = false;
        self.sync_left = 0;
        let mut out = Vec::new();
        if !small.is_empty() {
            let calls: Vec<(&str, Option<Value>)> = small.iter().map(|n| (*n, None)).collect();
            let (ids, frame) = self.core.batch_tagged(&calls, now_ms, Caller::Sync);
            self.sync_left += ids.len();
            out.push(Command::Send(frame));
        }
        for list in lists {
            let (_, frame) = self.core.call_tagged(list, None, now_ms, Caller::Sync);
            self.sync_left += 1;
            out.push(Command::Send(frame));
        }
        if out.is_empty() {
            // A server with no getters: an empty batch would only earn a -32600.
            self.link = Link::Ready;
        } else {
            self.fetch_after_start = false;
        }
        out
    }

    fn settle(
        &mut self,
        received: Vec<Received<Caller>>,
        now_ms: u64,
        model: &mut ServerModel,
    ) -> Commands {
        let mut out = Vec::new();
        for r in received {
            match r {
                Received::Completed(c) => {
                    let result = match c.result {
                        Ok(v) => match model.apply_result(&c.method, &v) {
                            Ok(()) => Ok(v),
                            Err(error) => Err(Failure::BadResult { error, raw: v }),
                        },
                        Err(e) => Err(Failure::Call(e)),
                    };
                    let before_start = match &result {
                        Err(Failure::Call(CallError::Rpc(e))) => {
                            if let Caller::Token(_) = c.tag {
                                model.note_refusal(&c.method, e, now_ms);
                            }
                            model.apply_error(e)
                        }
                        _ => false,
                    };
                    out.extend(self.route(c.tag, c.method, result, before_start, now_ms, model));
                }
                Received::Notification { method, params } => {
                    let n = model.receive_notification(&method, params.as_ref(), now_ms);
                    if n == Notification::Started {
                        out.extend(self.started(now_ms, model));
                    }
                }
                Received::Unattributed(e) => log_unattributed(model, &e, now_ms),
                Received::Malformed(reason) => model.log_malformed(reason, now_ms),
            }
        }
        out
    }

    /// Hands a finished call to whoever waits for it.
    fn route(
        &mut self,
        tag: Caller,
        method: String,
        result: Result<Value, Failure>,
        before_start: bool,
        now_ms: u64,
        model: &ServerModel,
    ) -> Commands {
        match tag {
            Caller::Token(token) => vec![Command::Answer { token, result }],
            Caller::Probe => {
                self.probing = false;
                Vec::new()
            }
            Caller::Discover => self.discovered(result, now_ms, model),
            Caller::Sync => {
                if let Err(e) = result {
                    if before_start {
                        self.refused_before_start = true;
                    } else {
                        self.sync_failures.push((method, e));
                    }
                }
                self.sync_left = self.sync_left.saturating_sub(1);
                if self.sync_left == 0 {
                    self.synced(now_ms, model)
                } else {
                    Vec::new()
                }
            }
        }
    }

    fn discovered(
        &mut self,
        result: Result<Value, Failure>,
        now_ms: u64,
        model: &ServerModel,
    ) -> Commands {
        self.discovering = false;
        match result {
            Ok(_) => {
                self.refetch = false;
                self.fetch_all(now_ms, model)
            }
            Err(e) => {
                self.problem = Some(SyncProblem::Discover(e));
                self.link = Link::Ready;
                Vec::new()
            }
        }
    }

    fn synced(&mut self, now_ms: u64, model: &ServerModel) -> Commands {
        if std::mem::take(&mut self.refetch) {
            // The server started while this fetch ran: its answers may predate the start.
            let out = self.fetch_all(now_ms, model);
            self.fetch_after_start = true;
            return out;
        }
        let mut failures = std::mem::take(&mut self.sync_failures);
        self.problem = if !failures.is_empty() {
            let more = failures.len().saturating_sub(2);
            failures.truncate(2);
            Some(SyncProblem::Getters {
                first: failures,
                more,
            })
        } else if self.refused_before_start {
            Some(SyncProblem::NotStarted)
        } else {
            None
        };
        if self.link == Link::Syncing {
            self.link = Link::Ready;
        }
        Vec::new()
    }

    /// A 3.0.0+ server refuses most getters before it has started: fetch again now, but
    /// never start a second fetch while one is in flight (a flood costs one refetch).
    fn started(&mut self, now_ms: u64, model: &ServerModel) -> Commands {
        if self.problem == Some(SyncProblem::NotStarted) {
            self.problem = None;
        }
        if self.discovering || self.sync_left > 0 {
            self.refetch |= self.sync_left > 0 && !self.fetch_after_start;
            return Vec::new();
        }
        if model.discover.is_none() {
            return Vec::new();
        }
        let out = self.fetch_all(now_ms, model);
        self.fetch_after_start = true;
        out
    }

    /// The backoff delay spread over ±20 %, so many panels (or many servers in one
    /// panel) that lost the same server do not all knock at the same instant.
    fn jitter(&mut self, delay_ms: u64) -> u64 {
        // xorshift64: plenty for spreading retries.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let spread = delay_ms / 5;
        delay_ms - spread + self.rng % (2 * spread + 1)
    }
}

fn log_unattributed(model: &mut ServerModel, e: &RpcError, now_ms: u64) {
    let error = e.to_string();
    model.log_malformed(Kind::Unattributed { error }.into(), now_ms);
}

/// The server's status heartbeat interval, when it has one.
fn heartbeat_ms(model: &ServerModel) -> Option<u64> {
    model
        .settings
        .get("status_heartbeat_interval")
        .and_then(Value::as_u64)
        .filter(|s| *s > 0)
        .map(|s| s * 1000)
}
