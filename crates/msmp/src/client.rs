//! The sans-IO client core: it allocates ids, remembers pending calls with deadlines and
//! the caller's tag (who is waiting: a form, the initial sync, ...), matches responses to
//! them, and expires or fails them. It never reads a clock or a socket: the caller passes
//! the current time in milliseconds and moves the frames.

use crate::by_id::ById;
use crate::jsonrpc::{self, Id, Incoming, RpcError};
use crate::problem::{Kind, Problem};
use serde_json::Value;
use std::fmt;

pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;

/// Why a call did not produce a result.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// The server answered with a JSON-RPC error.
    Rpc(RpcError),
    /// No answer within the deadline.
    Timeout { after_ms: u64 },
    /// The connection closed (or was never open) before the answer came.
    Disconnected,
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Rpc(e) => write!(f, "server error: {e}"),
            CallError::Timeout { after_ms } => {
                write!(f, "no answer from the server within {} s", after_ms / 1000)
            }
            CallError::Disconnected => f.write_str(
                "the connection closed before the server answered: it may or may not have applied the call",
            ),
        }
    }
}

/// A call that has finished one way or another.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion<T = ()> {
    pub id: u64,
    pub method: String,
    /// What the caller attached when it made the call.
    pub tag: T,
    pub result: Result<Value, CallError>,
}

/// What one incoming frame turned into.
#[derive(Debug, Clone, PartialEq)]
pub enum Received<T = ()> {
    Completed(Completion<T>),
    Notification {
        method: String,
        params: Option<Value>,
    },
    /// An error the server could not tie to a request (`id: null`).
    Unattributed(RpcError),
    /// Something unusable: bad JSON, a response to no pending call, ...
    Malformed(Problem),
}

#[derive(Debug, Clone)]
struct Pending<T> {
    method: String,
    deadline_ms: u64,
    tag: T,
}

#[derive(Debug, Clone)]
pub struct ClientCore<T = ()> {
    next_id: u64,
    timeout_ms: u64,
    pending: ById<Pending<T>>,
}

impl Default for ClientCore {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientCore {
    pub fn new() -> Self {
        Self::with_timeout(DEFAULT_TIMEOUT_MS)
    }

    /// Starts a call; returns its id and the frame to send.
    pub fn call(&mut self, method: &str, param: Option<&Value>, now_ms: u64) -> (u64, String) {
        self.call_tagged(method, param, now_ms, ())
    }

    /// Starts several calls sent as one batch frame; ids are in the order given.
    pub fn batch(&mut self, calls: &[(&str, Option<Value>)], now_ms: u64) -> (Vec<u64>, String) {
        self.batch_tagged(calls, now_ms, ())
    }
}

impl<T: Clone> ClientCore<T> {
    pub fn with_timeout(timeout_ms: u64) -> Self {
        ClientCore {
            next_id: 1,
            timeout_ms,
            pending: ById::new(),
        }
    }

    pub fn timeout_ms(&self) -> u64 {
        self.timeout_ms
    }

    fn register(&mut self, method: &str, now_ms: u64, tag: T) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.pending.insert(
            id,
            Pending {
                method: method.to_string(),
                deadline_ms: now_ms.saturating_add(self.timeout_ms),
                tag,
            },
        );
        id
    }

    /// Starts a call for the caller `tag`; returns its id and the frame to send.
    pub fn call_tagged(
        &mut self,
        method: &str,
        param: Option<&Value>,
        now_ms: u64,
        tag: T,
    ) -> (u64, String) {
        let id = self.register(method, now_ms, tag);
        (id, jsonrpc::encode_call(id, method, param))
    }

    /// Starts several calls for `tag`, sent as one batch frame; ids are in the order given.
    pub fn batch_tagged(
        &mut self,
        calls: &[(&str, Option<Value>)],
        now_ms: u64,
        tag: T,
    ) -> (Vec<u64>, String) {
        let ids: Vec<u64> = calls
            .iter()
            .map(|(m, _)| self.register(m, now_ms, tag.clone()))
            .collect();
        let frame = jsonrpc::encode_batch(
            ids.iter()
                .zip(calls)
                .map(|(id, (m, p))| (*id, *m, p.as_ref())),
        );
        (ids, frame)
    }

    /// Handles one incoming text frame (read as [`jsonrpc::decode`] reads it).
    pub fn receive(&mut self, text: &str) -> Vec<Received<T>> {
        self.receive_parsed(crate::from_text::parse_native(text))
    }

    /// Handles one incoming frame that a JSON reader read, or that reader's problem.
    pub fn receive_parsed(&mut self, parsed: Result<Value, Problem>) -> Vec<Received<T>> {
        let mut out = Vec::new();
        self.receive_decoded(jsonrpc::decode_parsed(parsed), &mut out);
        out
    }

    fn receive_decoded(&mut self, incoming: Incoming, out: &mut Vec<Received<T>>) {
        match incoming {
            Incoming::Batch(items) => {
                for item in items {
                    self.receive_decoded(item, out);
                }
            }
            Incoming::Notification { method, params } => {
                out.push(Received::Notification { method, params })
            }
            Incoming::Malformed { reason } => out.push(Received::Malformed(reason)),
            Incoming::Response { id: None, result } => out.push(match result {
                Err(e) => Received::Unattributed(e),
                Ok(_) => Received::Malformed(Kind::ResultWithoutId.into()),
            }),
            Incoming::Response {
                id: Some(id),
                result,
            } => {
                let pending = match &id {
                    Id::Num(n) => u64::try_from(*n)
                        .ok()
                        .and_then(|n| self.pending.remove(n).map(|p| (n, p))),
                    Id::Str(_) => None,
                };
                out.push(match pending {
                    Some((id, p)) => Received::Completed(Completion {
                        id,
                        method: p.method,
                        tag: p.tag,
                        result: result.map_err(CallError::Rpc),
                    }),
                    None => Received::Malformed(Kind::NoPendingCall { id }.into()),
                });
            }
        }
    }

    /// Fails every call whose deadline has passed.
    pub fn expire(&mut self, now_ms: u64) -> Vec<Completion<T>> {
        let after_ms = self.timeout_ms;
        self.pending
            .take_where(|p| p.deadline_ms <= now_ms)
            .into_iter()
            .map(|(id, p)| Completion {
                id,
                method: p.method,
                tag: p.tag,
                result: Err(CallError::Timeout { after_ms }),
            })
            .collect()
    }

    /// Fails every pending call: the connection is gone.
    pub fn disconnect(&mut self) -> Vec<Completion<T>> {
        self.pending
            .take_all()
            .into_iter()
            .map(|(id, p)| Completion {
                id,
                method: p.method,
                tag: p.tag,
                result: Err(CallError::Disconnected),
            })
            .collect()
    }

    pub fn pending_count(&self) -> usize {
        self.pending.len()
    }

    /// The earliest deadline, so a caller can sleep until then.
    pub fn next_deadline(&self) -> Option<u64> {
        self.pending.values().map(|p| p.deadline_ms).min()
    }
}

/// Reconnect delays: 1, 2, 4, 8, … s, capped at 60 s; back to 1 s after a connection
/// that stayed up for [`Backoff::STABLE_MS`].
#[derive(Debug, Clone, Default)]
pub struct Backoff {
    attempt: u32,
    connected_since: Option<u64>,
}

impl Backoff {
    pub const BASE_MS: u64 = 1_000;
    pub const CAP_MS: u64 = 60_000;
    pub const STABLE_MS: u64 = 30_000;

    pub fn new() -> Self {
        Self::default()
    }

    /// The delay before the next attempt; each call moves one step along the schedule.
    pub fn next_delay_ms(&mut self) -> u64 {
        let delay = Self::BASE_MS
            .saturating_mul(1u64 << self.attempt.min(16))
            .min(Self::CAP_MS);
        self.attempt = self.attempt.saturating_add(1);
        delay
    }

    pub fn on_open(&mut self, now_ms: u64) {
        self.connected_since = Some(now_ms);
    }

    pub fn on_close(&mut self, now_ms: u64) {
        if let Some(since) = self.connected_since.take() {
            if now_ms.saturating_sub(since) >= Self::STABLE_MS {
                self.attempt = 0;
            }
        }
    }

    /// Forget the schedule (the user asked to connect).
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    pub fn attempts(&self) -> u32 {
        self.attempt
    }
}
