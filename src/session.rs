//! One server connection: a [`Transport`], the sans-IO [`Connection`] policy of `msmp` and
//! the model.
//!
//! Data flows one way: transport → `Connection` (client core, reducers) → `model` signal →
//! views. Forms call [`Session::call`], which refuses at once when there is no open
//! connection (nothing is ever queued silently). Several sessions can live side by side:
//! nothing here is global.

use crate::i18n::{fill, problem_text, t};
use crate::logic::connect::Endpoint;
use crate::transport::{BrowserSocket, Incoming, Sink, Transport};
use futures_channel::oneshot;
use leptos::prelude::*;
use msmp::by_id::ById;
use msmp::client::CallError;
use msmp::link::{Command, Commands, Connection, SyncProblem, MAX_QUEUED_FRAMES};
pub use msmp::link::{Failure, Link};
use msmp::model::{Edit, ServerModel, Slice};
use msmp::problem::Problem;
use serde_json::Value;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

pub type CallResult = Result<Value, Failure>;

/// The longest one flush may run before leaving the rest of a flood to the next frame.
const SLICE_MS: f64 = 8.0;

/// A failure in words, for the person who asked.
pub fn describe(f: &Failure) -> String {
    match f {
        Failure::NotConnected => t().not_connected.into(),
        Failure::BadResult { error, .. } => fill(t().problem_bad_result, &[&problem_text(error)]),
        Failure::Call(CallError::Disconnected) => t().call_disconnected.into(),
        Failure::Call(CallError::Timeout { after_ms }) => {
            fill(t().call_timeout, &[&(after_ms / 1000)])
        }
        Failure::Call(CallError::Rpc(e)) => fill(t().call_server_error, &[e]),
    }
}

fn describe_problem(p: &SyncProblem) -> String {
    let detail = match p {
        SyncProblem::Refused(reason) if reason.is_empty() => t().socket_refused.to_string(),
        SyncProblem::Refused(reason) => reason.clone(),
        SyncProblem::NotStarted => return t().not_started_yet.into(),
        SyncProblem::Discover(f) => format!("rpc.discover: {}", describe(f)),
        SyncProblem::Getters { first, more } => {
            let mut text = first
                .iter()
                .map(|(m, f)| format!("{m}: {}", describe(f)))
                .collect::<Vec<_>>()
                .join("; ");
            if *more > 0 {
                text.push_str(&format!(" (+{more})"));
            }
            text
        }
    };
    fill(t().sync_problem, &[&detail])
}

/// The model of one server, with one change trigger per slice: a view subscribes to the
/// slices it reads, so a player joining reruns nothing that shows the allowlist.
#[derive(Clone, Copy)]
pub struct Store {
    model: StoredValue<ServerModel, LocalStorage>,
    triggers: [Trigger; Slice::ALL.len()],
    /// Per slice: how many updates changed it, and the list edits of the latest one.
    edits: StoredValue<[(u64, Vec<Edit>); Slice::ALL.len()], LocalStorage>,
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    pub fn new() -> Store {
        Store {
            model: StoredValue::new_local(ServerModel::new()),
            triggers: std::array::from_fn(|_| Trigger::new()),
            edits: StoredValue::new_local(Default::default()),
        }
    }

    /// Reads the model, subscribing to `slice`.
    pub fn with<R: Default>(&self, slice: Slice, f: impl FnOnce(&ServerModel) -> R) -> R {
        self.triggers[slice as usize].track();
        self.with_untracked(f)
    }

    /// Reads the model, subscribing to nothing.
    pub fn with_untracked<R: Default>(&self, f: impl FnOnce(&ServerModel) -> R) -> R {
        self.model.try_with_value(f).unwrap_or_default()
    }

    /// Changes the model; the views of the slices it changed rerun, and no others.
    pub fn update<R: Default>(&self, f: impl FnOnce(&mut ServerModel) -> R) -> R {
        let (out, changes) = self
            .model
            .try_update_value(|m| {
                let out = f(m);
                let changes = m.take_changes();
                self.edits.update_value(|e| {
                    for slice in changes.iter() {
                        let (generation, edits) = &mut e[slice as usize];
                        *generation += 1;
                        *edits = m.take_edits(slice);
                    }
                });
                (out, changes)
            })
            .unwrap_or_default();
        for slice in changes.iter() {
            self.triggers[slice as usize].notify();
        }
        out
    }

    /// How many updates changed `slice` so far.
    pub fn generation(&self, slice: Slice) -> u64 {
        self.edits
            .try_with_value(|e| e[slice as usize].0)
            .unwrap_or_default()
    }

    /// The list edits that take a view of `slice` from generation `seen` to the current one,
    /// when it is exactly one update behind; otherwise it must redraw.
    pub fn edits_since(&self, slice: Slice, seen: u64) -> Option<Vec<Edit>> {
        self.edits
            .try_with_value(|e| {
                let (generation, edits) = &e[slice as usize];
                (*generation == seen + 1).then(|| edits.clone())
            })
            .flatten()
    }
}

struct Inner {
    conn: Connection,
    transport: Box<dyn Transport>,
    /// Where to (re)connect, with the secret: in this tab's memory only.
    target: Option<(Endpoint, String)>,
    waiters: ById<oneshot::Sender<CallResult>>,
    next_token: u64,
    /// A one-shot timer for a reconnect due before the next clock tick.
    wake: Option<TimeoutHandle>,
    /// Frames received since the last render, applied together at the next one.
    queue: VecDeque<Result<Value, Problem>>,
    flush_scheduled: bool,
    /// A frame was applied at once since the last animation frame: more wait for the next.
    applied_this_frame: bool,
}

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

#[derive(Clone, Copy)]
pub struct Session {
    pub model: Store,
    pub link: RwSignal<Link>,
    /// Where we connect (or last connected) to.
    pub endpoint: RwSignal<Option<Endpoint>>,
    /// A problem with getting in sync (a getter failed), shown in the banner.
    pub sync_error: RwSignal<Option<String>>,
    /// Ticks every second, for ages ("heartbeat 3 s ago").
    pub clock: RwSignal<u64>,
    inner: StoredValue<Inner, LocalStorage>,
}

impl PartialEq for Session {
    fn eq(&self, other: &Session) -> bool {
        self.inner == other.inner
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

/// The tab's one timer: every second it moves the clock and lets each session judge its
/// deadlines, retries and dead links, however many servers are open.
#[derive(Clone, Copy)]
pub struct Clock {
    /// Ticks every second, for ages ("heartbeat 3 s ago").
    pub now: RwSignal<u64>,
    sessions: StoredValue<Vec<Session>, LocalStorage>,
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock {
    pub fn new() -> Clock {
        let clock = Clock {
            now: RwSignal::new(now_ms()),
            sessions: StoredValue::new_local(Vec::new()),
        };
        if let Ok(handle) = set_interval_with_handle(
            move || {
                clock.now.set(now_ms());
                let sessions = clock.sessions.get_value();
                for s in sessions {
                    s.tick();
                }
            },
            Duration::from_millis(1000),
        ) {
            on_cleanup(move || handle.clear());
        }
        clock
    }

    /// A new session on this clock, connected to nothing yet.
    pub fn session(&self) -> Session {
        let session = Session::on_clock(Box::new(BrowserSocket::default()), self.now);
        self.sessions.update_value(|all| all.push(session));
        session
    }
}

impl Session {
    /// A session on a clock of its own (one server in the tab, tests).
    pub fn new() -> Session {
        Clock::new().session()
    }

    /// A session whose transport is given (tests), on a clock of its own.
    pub fn with_transport(transport: Box<dyn Transport>) -> Session {
        let clock = Clock::new();
        let session = Session::on_clock(transport, clock.now);
        clock.sessions.update_value(|all| all.push(session));
        session
    }

    fn on_clock(transport: Box<dyn Transport>, clock: RwSignal<u64>) -> Session {
        Session {
            model: Store::new(),
            link: RwSignal::new(Link::Idle),
            endpoint: RwSignal::new(None),
            sync_error: RwSignal::new(None),
            clock,
            inner: StoredValue::new_local(Inner {
                conn: Connection::new(now_ms() ^ js_sys::Math::random().to_bits()),
                transport,
                target: None,
                waiters: ById::new(),
                next_token: 1,
                wake: None,
                queue: VecDeque::new(),
                flush_scheduled: false,
                applied_this_frame: false,
            }),
        }
    }

    /// This server's row in the fleet overview.
    pub fn fleet_row(&self, id: u32, name: &str) -> Option<msmp::fleet::row::FleetRow> {
        let now = self.clock.get();
        self.link.track();
        let address = self
            .endpoint
            .with(|e| e.as_ref().map(|e| e.url.trim_end_matches('/').to_string()))
            .unwrap_or_default();
        self.model.with(Slice::Players, |_| ());
        self.model.with(Slice::Settings, |_| ());
        self.model.with(Slice::Status, |m| {
            self.inner.try_with_value(|i| {
                msmp::fleet::row::FleetRow::new(id, name, &address, &i.conn, m, now)
            })
        })
    }

    fn tick(&self) {
        // Frames already here count before any deadline is judged: while a flood is still
        // being applied (a slice at a time), nothing is judged.
        if self
            .inner
            .try_with_value(|i| !i.queue.is_empty())
            .unwrap_or(false)
        {
            return;
        }
        let now = now_ms();
        // Expiries and probes only read the model.
        let commands = self.model.with_untracked(|m| {
            self.inner
                .try_update_value(|i| i.conn.tick(now, m))
                .unwrap_or_default()
        });
        self.run(commands);
    }

    /// Connects to `endpoint`, replacing any current connection.
    pub fn connect(&self, endpoint: Endpoint, secret: String) {
        // The event log and a refused call belong to one server.
        if self.endpoint.get_untracked().as_ref() != Some(&endpoint) {
            self.model.update(|m| {
                m.clear_events();
                m.dismiss_refusal();
            });
        }
        self.endpoint.set(Some(endpoint.clone()));
        let commands = self
            .inner
            .try_update_value(|i| {
                i.target = Some((endpoint, secret));
                // Frames of the old link must not reach the new one.
                i.queue.clear();
                i.conn.connect()
            })
            .unwrap_or_default();
        self.run(commands);
    }

    /// Connects again where it last tried, with the secret given then (after a failed
    /// first attempt); false when there is none (never connected, or disconnected on purpose).
    pub fn reconnect(&self) -> bool {
        match self.inner.try_with_value(|i| i.target.clone()).flatten() {
            Some((endpoint, secret)) => {
                self.connect(endpoint, secret);
                true
            }
            None => false,
        }
    }

    /// Closes the connection on purpose: no reconnect, pending calls fail.
    pub fn disconnect(&self) {
        let commands = self
            .inner
            .try_update_value(|i| {
                i.target = None;
                i.queue.clear();
                i.conn.disconnect()
            })
            .unwrap_or_default();
        self.run(commands);
    }

    /// Skips the rest of the backoff delay.
    pub fn retry_now(&self) {
        let commands = self
            .inner
            .try_update_value(|i| i.conn.retry_now())
            .unwrap_or_default();
        self.run(commands);
    }

    /// Calls `method` with its single argument. Refused at once when not connected.
    pub async fn call(&self, method: &str, param: Option<Value>) -> CallResult {
        let (tx, rx) = oneshot::channel();
        let sent = self
            .inner
            .try_update_value(|i| {
                let token = i.next_token;
                let command = i.conn.call(token, method, param.as_ref(), now_ms())?;
                i.next_token += 1;
                i.waiters.insert(token, tx);
                Ok(command)
            })
            .unwrap_or(Err(Failure::NotConnected));
        // A failed send means the link is closing: its close fails this call too.
        self.run(vec![sent?]);
        rx.await
            .unwrap_or(Err(Failure::Call(CallError::Disconnected)))
    }

    fn sink(&self) -> Sink {
        let session = *self;
        Rc::new(move |incoming| session.receive(incoming))
    }

    fn receive(&self, incoming: Incoming) {
        if let Incoming::Frame(parsed) = incoming {
            return self.enqueue(parsed);
        }
        // Whatever else happened, happened after the frames already received.
        self.flush(false);
        let now = now_ms();
        let commands = match incoming {
            Incoming::Opened => self.with_model(|c, m| c.opened(now, m)),
            Incoming::Frame(_) => Vec::new(),
            Incoming::Oversized(len) => self.with_model(|c, m| {
                c.oversized(len, now, m);
                Vec::new()
            }),
            Incoming::Binary => self.with_model(|c, m| {
                c.unreadable(now, m);
                Vec::new()
            }),
            Incoming::Closed(code) => self
                .inner
                .try_update_value(|i| i.conn.closed(code, now))
                .unwrap_or_default(),
        };
        self.run(commands);
    }

    /// Frames that arrive together are applied together, in one model update: a lone frame
    /// at once, still within its message event (so its change is drawn in the frame it
    /// arrived in), and while frames keep coming, once per animation frame. A transport
    /// must therefore report from an event of its own, never from inside `send`.
    fn enqueue(&self, parsed: Result<Value, Problem>) {
        let queued = self
            .inner
            .try_update_value(|i| {
                i.queue.push_back(parsed);
                i.queue.len()
            })
            .unwrap_or(0);
        if queued > MAX_QUEUED_FRAMES {
            // Frames of a link that is being dropped are not applied: `Command::Close`
            // clears the queue.
            let commands = self.with_model(|c, m| c.overloaded(queued, now_ms(), m));
            return self.run(commands);
        }
        let schedule = self
            .inner
            .try_update_value(|i| !std::mem::replace(&mut i.flush_scheduled, true))
            .unwrap_or(false);
        if schedule {
            let busy = self
                .inner
                .try_update_value(|i| std::mem::replace(&mut i.applied_this_frame, true))
                .unwrap_or(true);
            if busy {
                self.schedule_flush(true);
            } else {
                // The next animation frame opens the door for the next lone frame. (A hidden
                // tab has none: its frames then go by timer, see `schedule_flush`.)
                let session = *self;
                request_animation_frame(move || {
                    session
                        .inner
                        .try_update_value(|i| i.applied_this_frame = false);
                });
                self.flush(true);
            }
        }
    }

    /// `next_frame`: wait for the next animation frame; else a zero timer, which lets the
    /// page draw and take input first but does not wait for a frame.
    fn schedule_flush(&self, next_frame: bool) {
        let session = *self;
        // A hidden tab gets no animation frames: a timer (throttled there) still applies them.
        if next_frame && !document().hidden() {
            request_animation_frame(move || session.flush(true));
            // A page that is not hidden but not drawn either (frames paused) still applies
            // what it received; after a drawn frame this finds nothing left to do.
            set_timeout(move || session.flush(true), Duration::from_millis(250));
        } else {
            set_timeout(move || session.flush(true), Duration::ZERO);
        }
    }

    /// Applies the frames received so far. With `sliced`, stops after [`SLICE_MS`] and
    /// leaves the rest for the next frame, so a flood never blocks the page for long.
    fn flush(&self, sliced: bool) {
        let started = js_sys::Date::now();
        let now = now_ms();
        let mut frames = self
            .inner
            .try_update_value(|i| {
                // Emptied by a close or reconnect since this flush was scheduled: the next
                // frame must schedule one again.
                if i.queue.is_empty() {
                    i.flush_scheduled = false;
                }
                std::mem::take(&mut i.queue)
            })
            .unwrap_or_default();
        if frames.is_empty() {
            return;
        }
        let commands = self.with_model(|c, m| {
            let mut out = Vec::new();
            let mut done = 0u32;
            while let Some(parsed) = frames.pop_front() {
                out.extend(c.frame(parsed, now, m));
                done += 1;
                if sliced && done.is_multiple_of(32) && js_sys::Date::now() - started > SLICE_MS {
                    break;
                }
            }
            out
        });
        let more = !frames.is_empty();
        self.inner.update_value(|i| {
            // What is left goes first, before anything that arrived meanwhile.
            frames.append(&mut i.queue);
            i.queue = frames;
            i.flush_scheduled = more;
        });
        if more {
            self.schedule_flush(false);
        }
        self.run(commands);
    }

    /// Runs `f` on the connection with the model, in one model update.
    fn with_model(
        &self,
        f: impl FnOnce(&mut Connection, &mut ServerModel) -> Commands,
    ) -> Commands {
        let mut out = Vec::new();
        self.model.update(|m| {
            out = self
                .inner
                .try_update_value(|i| f(&mut i.conn, m))
                .unwrap_or_default();
        });
        out
    }

    /// Carries out what the connection decided, then shows its state.
    fn run(&self, commands: Commands) {
        let mut answers = Vec::new();
        let sink = self.sink();
        self.inner.update_value(|i| {
            for c in commands {
                match c {
                    Command::Open => {
                        i.queue.clear();
                        let Some((endpoint, secret)) = &i.target else {
                            continue;
                        };
                        if let Err(e) = i.transport.open(&endpoint.url, secret, sink.clone()) {
                            i.conn.open_refused(e);
                        }
                    }
                    Command::Close => {
                        i.queue.clear();
                        i.transport.close()
                    }
                    Command::Send(frame) => {
                        i.transport.send(&frame);
                    }
                    Command::Answer { token, result } => {
                        if let Some(w) = i.waiters.remove(token) {
                            answers.push((w, result));
                        }
                    }
                }
            }
        });
        self.show_state();
        for (w, r) in answers {
            let _ = w.send(r);
        }
    }

    fn show_state(&self) {
        let session = *self;
        let (link, problem) = self
            .inner
            .try_update_value(|i| {
                let link = i.conn.link().clone();
                if let Some(t) = i.wake.take() {
                    t.clear();
                }
                // A reconnect is due at its own instant, not at the next clock tick.
                if let Link::Lost { retry_at_ms, .. } = link {
                    let delay = retry_at_ms.saturating_sub(now_ms());
                    i.wake = set_timeout_with_handle(
                        move || session.tick(),
                        Duration::from_millis(delay),
                    )
                    .ok();
                }
                (link, i.conn.problem().map(describe_problem))
            })
            .unwrap_or((Link::Idle, None));
        if self.link.with_untracked(|l| *l != link) {
            self.link.set(link);
        }
        if self.sync_error.with_untracked(|e| *e != problem) {
            self.sync_error.set(problem);
        }
    }
}
