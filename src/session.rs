//! One server connection: the browser WebSocket, the `msmp` client core and the model.
//!
//! Data flows one way: socket → `ClientCore::receive` → `ServerModel` reducers → the
//! `model` signal → views. Forms call [`Session::call`], which refuses at once when there is
//! no open connection (nothing is ever queued silently). Several sessions can live side by
//! side: nothing here is global.

use crate::logic::connect::Endpoint;
use futures_channel::oneshot;
use leptos::prelude::*;
use msmp::by_id::ById;
use msmp::catalog;
use msmp::client::{Backoff, CallError, ClientCore, Received};
use msmp::model::ServerModel;
use msmp::notification::Notification;
use serde_json::Value;
use std::fmt;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// The state of the link to the server.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// Not connected, and not trying.
    Idle,
    /// The first attempt for this address is under way.
    Connecting,
    /// Open; discovery and the initial fetch are in flight.
    Syncing,
    /// Open and in sync.
    Ready,
    /// The first attempt failed before the socket opened: the browser cannot tell why.
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
        error: String,
        raw: Value,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Call(e) => write!(f, "{e}"),
            Failure::NotConnected => f.write_str(crate::i18n::t().not_connected),
            Failure::BadResult { error, .. } => {
                write!(f, "{}: {error}", crate::i18n::t().bad_result)
            }
        }
    }
}

pub type CallResult = Result<Value, Failure>;

struct Target {
    endpoint: Endpoint,
    secret: String,
}

/// The socket's event handlers; dropping them detaches nothing by itself, so the socket's
/// handler slots are cleared first (see [`Inner::drop_socket`]).
struct Handlers {
    _open: Closure<dyn FnMut()>,
    _message: Closure<dyn FnMut(MessageEvent)>,
    _close: Closure<dyn FnMut(CloseEvent)>,
}

struct Inner {
    core: ClientCore,
    backoff: Backoff,
    socket: Option<(WebSocket, Handlers)>,
    /// Increases with each socket so events of an old one are ignored.
    generation: u32,
    target: Option<Target>,
    ever_opened: bool,
    waiters: ById<oneshot::Sender<CallResult>>,
    /// Ids of the initial fetch still outstanding.
    syncing: Vec<u64>,
    retry: Option<TimeoutHandle>,
}

impl Inner {
    fn drop_socket(&mut self) {
        if let Some((ws, _handlers)) = self.socket.take() {
            ws.set_onopen(None);
            ws.set_onmessage(None);
            ws.set_onclose(None);
            let _ = ws.close();
        }
    }

    fn fail_pending(&mut self) -> Vec<(oneshot::Sender<CallResult>, CallResult)> {
        self.syncing.clear();
        self.core
            .disconnect()
            .into_iter()
            .filter_map(|c| {
                self.waiters
                    .remove(c.id)
                    .map(|w| (w, c.result.map_err(Failure::Call)))
            })
            .collect()
    }
}

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

#[derive(Clone, Copy)]
pub struct Session {
    pub model: RwSignal<ServerModel>,
    pub link: RwSignal<Link>,
    /// Where we connect (or last connected) to.
    pub endpoint: RwSignal<Option<Endpoint>>,
    /// A problem with the initial fetch (one getter failed), shown in the banner.
    pub sync_error: RwSignal<Option<String>>,
    /// Ticks every second, for ages ("heartbeat 3 s ago").
    pub clock: RwSignal<u64>,
    inner: StoredValue<Inner, LocalStorage>,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    pub fn new() -> Session {
        let session = Session {
            model: RwSignal::new(ServerModel::new()),
            link: RwSignal::new(Link::Idle),
            endpoint: RwSignal::new(None),
            sync_error: RwSignal::new(None),
            clock: RwSignal::new(now_ms()),
            inner: StoredValue::new_local(Inner {
                core: ClientCore::new(),
                backoff: Backoff::new(),
                socket: None,
                generation: 0,
                target: None,
                ever_opened: false,
                waiters: ById::new(),
                syncing: Vec::new(),
                retry: None,
            }),
        };
        // One timer per session expires overdue calls and moves the clock.
        if let Ok(handle) = set_interval_with_handle(
            move || {
                let now = now_ms();
                session.clock.set(now);
                // Calls past their deadline complete with a timeout, like any answer.
                let expired: Vec<Received> = session
                    .inner
                    .try_update_value(|i| i.core.expire(now))
                    .unwrap_or_default()
                    .into_iter()
                    .map(Received::Completed)
                    .collect();
                if !expired.is_empty() {
                    session.settle(expired, now);
                }
            },
            Duration::from_millis(1000),
        ) {
            on_cleanup(move || handle.clear());
        }
        session
    }

    /// Connects to `endpoint`, replacing any current connection.
    pub fn connect(&self, endpoint: Endpoint, secret: String) {
        let failed = self.inner.try_update_value(|i| {
            if let Some(t) = i.retry.take() {
                t.clear();
            }
            i.drop_socket();
            i.backoff.reset();
            i.ever_opened = false;
            i.target = Some(Target {
                endpoint: endpoint.clone(),
                secret,
            });
            i.fail_pending()
        });
        deliver(failed.unwrap_or_default());
        self.sync_error.set(None);
        self.endpoint.set(Some(endpoint));
        self.link.set(Link::Connecting);
        self.open();
    }

    /// Closes the connection on purpose: no reconnect, pending calls fail.
    pub fn disconnect(&self) {
        let failed = self.inner.try_update_value(|i| {
            if let Some(t) = i.retry.take() {
                t.clear();
            }
            i.target = None;
            i.drop_socket();
            i.fail_pending()
        });
        deliver(failed.unwrap_or_default());
        self.link.set(Link::Idle);
    }

    /// Skips the rest of the backoff delay.
    pub fn retry_now(&self) {
        self.inner.update_value(|i| {
            if let Some(t) = i.retry.take() {
                t.clear();
            }
        });
        self.open();
    }

    fn open(&self) {
        let session = *self;
        let mut error = None;
        self.inner.update_value(|i| {
            i.drop_socket();
            let Some(target) = &i.target else { return };
            i.generation += 1;
            let generation = i.generation;
            let protocols =
                js_sys::Array::of2(&"minecraft-v1".into(), &target.secret.as_str().into());
            let ws = match WebSocket::new_with_str_sequence(&target.endpoint.url, &protocols) {
                Ok(ws) => ws,
                Err(e) => {
                    // A DOMException (SyntaxError, SecurityError for ws:// from https…).
                    error = Some(
                        js_sys::Reflect::get(&e, &"message".into())
                            .ok()
                            .and_then(|m| m.as_string())
                            .unwrap_or_else(|| crate::i18n::t().socket_refused.to_string()),
                    );
                    return;
                }
            };
            let open = Closure::<dyn FnMut()>::new(move || session.on_open(generation));
            let message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                session.on_message(generation, e.data())
            });
            let close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
                session.on_close(generation, e.code())
            });
            ws.set_onopen(Some(open.as_ref().unchecked_ref()));
            ws.set_onmessage(Some(message.as_ref().unchecked_ref()));
            ws.set_onclose(Some(close.as_ref().unchecked_ref()));
            i.socket = Some((
                ws,
                Handlers {
                    _open: open,
                    _message: message,
                    _close: close,
                },
            ));
        });
        if let Some(e) = error {
            self.sync_error.set(Some(e));
            self.link.set(Link::Failed { code: 0 });
        } else if let Link::Lost { attempt, .. } = self.link.get_untracked() {
            self.link.set(Link::Reconnecting { attempt });
        }
    }

    fn current(&self, generation: u32) -> bool {
        self.inner
            .with_value(|i| i.generation == generation && i.socket.is_some())
    }

    fn on_open(&self, generation: u32) {
        if !self.current(generation) {
            return;
        }
        self.inner.update_value(|i| {
            i.ever_opened = true;
            i.backoff.on_open(now_ms());
        });
        self.sync_error.set(None);
        // Nothing from before this connection may survive: rediscover and refetch all.
        self.model.update(|m| m.reset_server_state());
        self.link.set(Link::Syncing);
        let session = *self;
        leptos::task::spawn_local(async move {
            let answer = session.call("rpc.discover", None).await;
            // The socket may have closed, or another been opened, while we waited.
            if !session.current(generation) {
                return;
            }
            match answer {
                Ok(_) => session.fetch_all(),
                Err(e) => {
                    // Without the method list nothing can be fetched; say why, don't spin.
                    session
                        .sync_error
                        .set(Some(sync_problem(&format!("rpc.discover: {e}"))));
                    session.link.set(Link::Ready);
                }
            }
        });
    }

    /// Every getter the server offers, in one batch frame.
    fn fetch_all(&self) {
        if self.model.with_untracked(|m| m.discover.is_none()) {
            // Discovery is still in flight (or failed); it fetches once it has answered.
            return;
        }
        let calls: Vec<(&str, Option<Value>)> = self.model.with_untracked(|m| {
            catalog::state_getters()
                .filter(|name| m.has_method(name))
                .map(|name| (name, None))
                .collect()
        });
        if calls.is_empty() {
            // A server with no getters: an empty batch would only earn a -32600.
            self.link.set(Link::Ready);
            return;
        }
        let mut sent = false;
        self.inner.update_value(|i| {
            let Some((ws, _)) = &i.socket else { return };
            let (ids, frame) = i.core.batch(&calls, now_ms());
            sent = ws.send_with_str(&frame).is_ok();
            i.syncing = ids;
        });
        if !sent {
            self.link.set(Link::Ready);
        }
    }

    fn on_message(&self, generation: u32, data: JsValue) {
        if !self.current(generation) {
            return;
        }
        let now = now_ms();
        if !data.is_string() {
            self.model
                .update(|m| m.log_malformed("a binary frame (MSMP sends text)", now));
            return;
        }
        let parsed = crate::json::parse_js(&data);
        let received = self
            .inner
            .try_update_value(|i| i.core.receive_parsed(parsed))
            .unwrap_or_default();
        self.settle(received, now);
    }

    /// Applies what arrived (or expired) in one model update, then answers the waiting
    /// forms and tracks the initial fetch.
    fn settle(&self, received: Vec<Received>, now: u64) {
        let mut routes: ById<(Option<oneshot::Sender<CallResult>>, bool)> = ById::new();
        let mut sync_done = false;
        self.inner.update_value(|i| {
            for r in &received {
                if let Received::Completed(c) = r {
                    let was_sync = i.syncing.contains(&c.id);
                    i.syncing.retain(|id| *id != c.id);
                    sync_done |= was_sync && i.syncing.is_empty();
                    routes.insert(c.id, (i.waiters.remove(c.id), was_sync));
                }
            }
        });
        // Apply the whole frame in one model update, then answer the waiting forms.
        let mut answers = Vec::new();
        let mut sync_errors = Vec::new();
        let mut started = false;
        let mut not_started = false;
        self.model.update(|m| {
            for r in received {
                match r {
                    Received::Completed(c) => {
                        let result = match c.result {
                            Ok(v) => match m.apply_result(&c.method, &v) {
                                Ok(()) => Ok(v),
                                Err(error) => Err(Failure::BadResult { error, raw: v }),
                            },
                            Err(e) => Err(Failure::Call(e)),
                        };
                        let (waiter, was_sync) = routes.remove(c.id).unwrap_or((None, false));
                        let refused_before_start = match &result {
                            Err(Failure::Call(CallError::Rpc(e))) => m.apply_error(e),
                            _ => false,
                        };
                        if let (true, Err(e)) = (was_sync, &result) {
                            if refused_before_start {
                                not_started = true;
                            } else {
                                sync_errors.push(format!("{}: {e}", c.method));
                            }
                        }
                        if let Some(w) = waiter {
                            answers.push((w, result));
                        }
                    }
                    Received::Notification { method, params } => {
                        let n = m.receive_notification(&method, params.as_ref(), now);
                        started |= n == Notification::Started;
                    }
                    Received::Unattributed(e) => {
                        m.log_malformed(&format!("server error for no request: {e}"), now)
                    }
                    Received::Malformed(reason) => m.log_malformed(&reason, now),
                }
            }
        });
        if !sync_errors.is_empty() {
            let more = sync_errors.len().saturating_sub(2);
            sync_errors.truncate(2);
            let mut text = sync_errors.join("; ");
            if more > 0 {
                text.push_str(&format!(" (+{more})"));
            }
            self.sync_error.set(Some(sync_problem(&text)));
        }
        if not_started && sync_errors.is_empty() {
            self.sync_error
                .set(Some(crate::i18n::t().not_started_yet.to_string()));
        }
        // A 3.0.0+ server refuses most getters before it has started: fetch again now.
        if started {
            self.sync_error.set(None);
            self.fetch_all();
        }
        if sync_done {
            self.link.set(Link::Ready);
        }
        deliver(answers);
    }

    fn on_close(&self, generation: u32, code: u16) {
        if !self.current(generation) {
            return;
        }
        let now = now_ms();
        let session = *self;
        let mut next = Link::Idle;
        let failed = self.inner.try_update_value(|i| {
            i.socket = None;
            i.backoff.on_close(now);
            let failed = i.fail_pending();
            if i.target.is_some() {
                if !i.ever_opened {
                    next = Link::Failed { code };
                } else {
                    let delay = i.backoff.next_delay_ms();
                    let attempt = i.backoff.attempts();
                    next = Link::Lost {
                        retry_at_ms: now + delay,
                        attempt,
                    };
                    i.retry = set_timeout_with_handle(
                        move || session.open(),
                        Duration::from_millis(delay),
                    )
                    .ok();
                }
            }
            failed
        });
        deliver(failed.unwrap_or_default());
        self.link.set(next);
    }

    /// Calls `method` with its single argument. Refused at once when not connected.
    pub async fn call(&self, method: &str, param: Option<Value>) -> CallResult {
        let (tx, rx) = oneshot::channel();
        let mut sent: Result<(), Failure> = Err(Failure::NotConnected);
        self.inner.update_value(|i| {
            let Some((ws, _)) = &i.socket else { return };
            if ws.ready_state() != WebSocket::OPEN {
                return;
            }
            let (id, frame) = i.core.call(method, param.as_ref(), now_ms());
            // A failed send means the socket is closing: its close fails this call too.
            let _ = ws.send_with_str(&frame);
            i.waiters.insert(id, tx);
            sent = Ok(());
        });
        sent?;
        rx.await
            .unwrap_or(Err(Failure::Call(CallError::Disconnected)))
    }
}

fn sync_problem(detail: &str) -> String {
    crate::i18n::fill(crate::i18n::t().sync_problem, &[&detail])
}

fn deliver(answers: Vec<(oneshot::Sender<CallResult>, CallResult)>) {
    for (w, r) in answers {
        let _ = w.send(r);
    }
}
