//! The panel's session (`src/session.rs`) without the browser: the real connection policy
//! (`msmp::link::Connection`) and model, a fake transport with the browser socket's rules
//! (`src/transport.rs`: one socket at a time, events of a replaced or closed one ignored),
//! frames queued until the next animation frame and applied together, a clock the fuzzer
//! moves, and the commands carried out as the session does.
//!
//! Around that it keeps an independent account of what must be true (which calls are
//! pending and until when, which tokens were answered) and checks it after every step
//! (`check`). The results and notifications of a case's first frame and of every fourth
//! after it are also put through the reducer properties (`check::apply_result`,
//! `check::notification`) on a scratch copy of the model.

use crate::browser;
use crate::check;
use msmp::by_id::ById;
use msmp::client::DEFAULT_TIMEOUT_MS;
use msmp::jsonrpc::{self, Id, Incoming};
use msmp::link::{Command, Commands, Connection, Failure, Link};
use msmp::model::{DiscoverInfo, ServerModel};
use msmp::problem::Problem;
use serde_json::Value;
use std::collections::BTreeMap;

pub type Step = Result<(), String>;

/// The current socket; events of earlier ones never reach the session.
#[derive(Debug, Clone)]
struct Socket {
    open: bool,
}

/// A call the connection has sent and not yet seen completed, by our own account.
#[derive(Debug, Clone)]
struct Sent {
    method: String,
    deadline_ms: u64,
}

#[derive(Debug, Clone)]
pub struct Panel {
    pub conn: Connection,
    pub model: ServerModel,
    pub now: u64,
    socket: Option<Socket>,
    /// The user chose a server (the session's `target`).
    target: bool,
    /// Frames received since the last animation frame.
    queue: Vec<Result<Value, Problem>>,
    /// Forms waiting, by token.
    waiters: ById<String>,
    next_token: u64,
    /// Our account of the calls in flight, by id, from the frames the connection sent.
    pending: BTreeMap<u64, Sent>,
    /// Every method ever sent, by id (to name the method of a late answer).
    methods: BTreeMap<u64, String>,
    /// Frames sent, oldest first, when `record` is on (the corpus feeds them to msmp-sim).
    pub outbox: Vec<String>,
    pub record: bool,
    /// The discover document may have been replaced (the fuzzer reuses it otherwise).
    pub discover_touched: bool,
    /// The discover document from before the first open forgot it, for reuse.
    pub stash: Option<DiscoverInfo>,
    /// Text frames received.
    pub frames: u64,
    /// The event log's size, by our account.
    pub log_bytes: check::LogBytes,
    /// Frames applied.
    pub applied: u64,
}

impl Panel {
    pub fn new(seed: u64) -> Panel {
        Panel {
            conn: Connection::new(seed),
            model: ServerModel::new(),
            now: 0,
            socket: None,
            target: false,
            queue: Vec::new(),
            waiters: ById::new(),
            next_token: 1,
            pending: BTreeMap::new(),
            methods: BTreeMap::new(),
            outbox: Vec::new(),
            record: false,
            discover_touched: false,
            stash: None,
            frames: 0,
            log_bytes: check::LogBytes::default(),
            applied: 0,
        }
    }

    pub fn socket_exists(&self) -> bool {
        self.socket.is_some()
    }

    pub fn socket_open(&self) -> bool {
        self.socket.as_ref().is_some_and(|s| s.open)
    }

    pub fn link(&self) -> &Link {
        self.conn.link()
    }

    /// Ids of the calls in flight, by our account.
    pub fn pending_ids(&self) -> Vec<u64> {
        self.pending.keys().copied().collect()
    }

    pub fn pending_count(&self) -> usize {
        self.pending.len()
    }

    pub fn earliest_deadline(&self) -> Option<u64> {
        self.pending.values().map(|s| s.deadline_ms).min()
    }

    pub fn method_of(&self, id: u64) -> Option<&str> {
        self.methods.get(&id).map(String::as_str)
    }

    /// Forgets completed calls (a starting state needs only the pending ones).
    pub fn forget_completed(&mut self) {
        let pending = &self.pending;
        self.methods.retain(|id, _| pending.contains_key(id));
    }

    // ---- the user ----------------------------------------------------------------------

    /// `Session::connect` (to the same server again: the event log stays).
    pub fn connect(&mut self) -> Step {
        self.target = true;
        self.queue.clear();
        let commands = self.conn.connect();
        self.pending.clear();
        self.run(commands)
    }

    /// `Session::disconnect`.
    pub fn disconnect(&mut self) -> Step {
        self.target = false;
        self.queue.clear();
        let commands = self.conn.disconnect();
        self.pending.clear();
        self.run(commands)
    }

    /// `Session::retry_now` (the button exists only while the link is lost).
    pub fn retry_now(&mut self) -> Step {
        let commands = self.conn.retry_now();
        self.run(commands)
    }

    /// `Session::call` from a form; `Ok(false)` when refused (not connected).
    pub fn call(&mut self, method: &str, param: Option<&Value>) -> Result<bool, String> {
        let token = self.next_token;
        match self.conn.call(token, method, param, self.now) {
            Ok(command) => {
                self.next_token += 1;
                self.waiters.insert(token, method.to_string());
                if let Command::Send(frame) = &command {
                    check::call_frame_sent(frame, method, param)?;
                } else {
                    return Err(format!("a call made {command:?} instead of sending"));
                }
                self.run(vec![command])?;
                Ok(true)
            }
            Err(Failure::NotConnected) if !self.link().is_open() => Ok(false),
            Err(e) => Err(format!("call refused with {e:?} while {:?}", self.link())),
        }
    }

    // ---- the transport -----------------------------------------------------------------

    /// The socket's `open` event.
    pub fn on_open(&mut self) -> Step {
        match &mut self.socket {
            Some(s) if !s.open => s.open = true,
            _ => return Ok(()),
        }
        self.flush()?;
        if !self.discover_touched {
            self.stash = self.model.discover.take();
        }
        self.discover_touched = true;
        let mark = check::EventMark::of(&self.model);
        let commands = self.conn.opened(self.now, &mut self.model);
        mark.check_added(&self.model, 0)?;
        self.run(commands)
    }

    /// A text frame: the browser fails the connection (1007) when it is not UTF-8, drops
    /// one over the limit unread, and otherwise parses it and queues it for the next
    /// animation frame.
    pub fn on_bytes(&mut self, bytes: &[u8]) -> Step {
        if !self.socket_open() {
            return Ok(());
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            return self.on_close(1007);
        };
        if text.len() > msmp::link::MAX_FRAME_LEN {
            return self.on_oversized(text.len());
        }
        let parsed = browser::parse(text);
        if text.len() <= 8192 {
            check::parser_agrees(text, &parsed)?;
        }
        // The writer's round trip on the first frame of a case and every fourth after it,
        // not on big ones (discover documents): it would take a third of the time.
        self.frames += 1;
        match &parsed {
            Ok(v) if self.frames % 4 == 1 && text.len() <= 8192 => check::text_round_trips(v)?,
            _ => {}
        }
        self.queue.push(parsed);
        Ok(())
    }

    /// A frame over the limit, reported by its length only.
    pub fn on_oversized(&mut self, len: usize) -> Step {
        if !self.socket_open() {
            return Ok(());
        }
        self.flush()?;
        let mark = check::EventMark::of(&self.model);
        self.conn.oversized(len, self.now, &mut self.model);
        mark.check_added(&self.model, 1)
    }

    /// A binary frame.
    pub fn on_binary(&mut self) -> Step {
        if !self.socket_open() {
            return Ok(());
        }
        self.flush()?;
        let mark = check::EventMark::of(&self.model);
        self.conn.unreadable(self.now, &mut self.model);
        mark.check_added(&self.model, 1)
    }

    /// The socket's `close` event; the socket is gone after it.
    pub fn on_close(&mut self, code: u16) -> Step {
        if self.socket.take().is_none() {
            return Ok(());
        }
        // The session applies what arrived before the close first.
        self.flush()?;
        let commands = self.conn.closed(code, self.now);
        self.pending.clear();
        self.run(commands)
    }

    /// The next animation frame: the queued frames applied together.
    pub fn flush(&mut self) -> Step {
        for parsed in std::mem::take(&mut self.queue) {
            self.apply_frame(parsed)?;
        }
        Ok(())
    }

    /// Moves the clock and runs the session's once-a-second tick.
    pub fn advance(&mut self, ms: u64) -> Step {
        self.flush()?;
        self.now = self.now.saturating_add(ms);
        let open_before = self.link().is_open();
        let commands = self.conn.tick(self.now, &self.model);
        if open_before {
            // Expired by now, by our account; answers to forms among them come as commands.
            let now = self.now;
            self.pending.retain(|_, s| s.deadline_ms > now);
        }
        self.run(commands)
    }

    fn apply_frame(&mut self, parsed: Result<Value, Problem>) -> Step {
        let decoded = match &parsed {
            Ok(v) => jsonrpc::decode_value(v),
            Err(e) => jsonrpc::decode_parsed(Err(e.clone())),
        };
        let items = match decoded {
            Incoming::Batch(items) => items,
            other => vec![other],
        };
        // Which elements answer a call in flight, in order (an id answers once).
        let mut answered = Vec::new();
        let mut scratch: Option<ServerModel> = None;
        // The reducer properties on a scratch copy (three copies of the model per element)
        // for the first frame of a case and every fourth after it; everything else is
        // checked on every frame.
        let deep = self.applied.is_multiple_of(4);
        self.applied += 1;
        for item in &items {
            match item {
                Incoming::Response {
                    id: Some(Id::Num(n)),
                    result,
                } if *n >= 0 => {
                    let id = *n as u64;
                    let Some(sent) = self.pending.remove(&id) else {
                        continue;
                    };
                    self.discover_touched |=
                        result.is_ok() && sent.method.ends_with("rpc.discover");
                    if let (Ok(v), true) = (result, deep) {
                        let m = scratch.get_or_insert_with(|| check::scratch_copy(&mut self.model));
                        // Refused or accepted, both are fine here; what is checked is how.
                        let _refusal = check::apply_result(m, &sent.method, v)?;
                    }
                    answered.push(id);
                }
                Incoming::Notification { method, params } if deep => {
                    let m = scratch.get_or_insert_with(|| check::scratch_copy(&mut self.model));
                    check::notification(m, method, params.as_ref(), self.now)?;
                }
                _ => {}
            }
        }
        let logged = items.len() - answered.len();
        let mark = check::EventMark::of(&self.model);
        let commands = self.conn.frame(parsed, self.now, &mut self.model);
        mark.check_added(&self.model, logged)?;
        self.run(commands)
    }

    /// `Session::run`: carries out the connection's commands.
    fn run(&mut self, commands: Commands) -> Step {
        for c in commands {
            match c {
                Command::Open => {
                    // As in the session: frames of the old link are dropped.
                    self.queue.clear();
                    if !self.target {
                        continue;
                    }
                    // The transport replaces any socket; nothing of the old one arrives.
                    self.socket = Some(Socket { open: false });
                }
                // A close the connection decided (disconnect, dead link) failed every
                // call sent before it.
                Command::Close => {
                    self.queue.clear();
                    self.socket = None;
                    self.pending.clear();
                }
                Command::Send(frame) => {
                    // Registered in the client core whether or not the socket takes it.
                    for (id, method) in check::ids_in_frame(&frame)? {
                        if self.methods.insert(id, method.clone()).is_some() {
                            return Err(format!("call id {id} sent twice ({frame})"));
                        }
                        self.pending.insert(
                            id,
                            Sent {
                                method,
                                deadline_ms: self.now.saturating_add(DEFAULT_TIMEOUT_MS),
                            },
                        );
                    }
                    if self.record && self.socket_open() {
                        self.outbox.push(frame);
                    }
                }
                Command::Answer { token, result } => {
                    if self.waiters.remove(token).is_none() {
                        return Err(format!(
                            "token {token} answered, but nobody waits for it: {result:?}"
                        ));
                    }
                    if result == Err(Failure::NotConnected) {
                        return Err(format!("token {token} sent, then refused as not connected"));
                    }
                }
            }
        }
        Ok(())
    }

    /// Frames waiting for the next animation frame.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Tokens of forms still waiting.
    pub fn waiting(&self) -> usize {
        self.waiters.len()
    }
}
