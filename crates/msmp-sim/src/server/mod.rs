//! The native server: a thin tokio / tungstenite wrapper around the pure [`Sim`]. Each
//! connection has an ordered outbound queue; the core's effects are applied under one
//! lock, so every connection sees replies before the notifications they caused, and all
//! connections see notifications in the same order.
//!
//! It may face a network (a demo on 0.0.0.0), so every resource a client can tie up is
//! bounded: connection slots ([`slots`]), the time to finish a handshake, each
//! connection's outbound queue ([`queue`]), and accept errors back off ([`backoff`]).

mod backoff;
mod connection;
mod queue;
mod slots;
pub mod tls;

pub use queue::DEFAULT_QUEUE_LIMIT;
pub use slots::DEFAULT_MAX_CONNECTIONS;

use crate::sim::{Effect, Sim};
use backoff::Backoff;
use queue::{Out, Outbox, Pushed};
use slots::{Admitted, Slots};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio_rustls::TlsAcceptor;

pub const DEFAULT_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Refusals over the cap that may linger to deliver their 503; beyond that, a plain close.
const LINGERING_REFUSALS: usize = 32;

pub struct ServerConfig {
    pub host: String,
    pub port: u16,
    pub secret: String,
    /// Raw comma-separated list (split on `,`, not trimmed).
    pub allowed_origins: String,
    pub tls: Option<TlsAcceptor>,
    pub state_file: Option<PathBuf>,
    pub limits: Limits,
}

/// What one client, or many, can tie up.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Open connections, handshakes in progress included.
    pub max_connections: usize,
    /// From accept to the end of the TLS and WebSocket handshakes.
    pub handshake_timeout: Duration,
    /// Bytes of frames queued for a connection before it is dropped as not reading.
    pub queue_limit: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            handshake_timeout: DEFAULT_HANDSHAKE_TIMEOUT,
            queue_limit: DEFAULT_QUEUE_LIMIT,
        }
    }
}

struct Shared {
    sim: Mutex<Sim>,
    conns: Mutex<HashMap<u64, Outbox>>,
    secret: String,
    allowed_origins: String,
    state_file: Option<PathBuf>,
    limits: Limits,
    start: Instant,
    next_id: AtomicU64,
    shutdown: watch::Sender<bool>,
    /// Connections whose writer may still be sending: the process must not exit before
    /// they are done, or their last frames (stopping, close) are lost.
    live: AtomicU64,
    refusals: Arc<Semaphore>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicked holder cannot leave the simulator half-updated in a way worth dying for.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    fn now_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    /// Applies effects in order; called with the simulator locked, which orders them.
    fn apply(&self, from: Option<u64>, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Reply(text) => {
                    if let Some(id) = from {
                        self.send(Some(id), || Out::Text(text.clone()));
                    }
                }
                Effect::Notify(text) => self.send(None, || Out::Text(text.clone())),
                Effect::Persist(text) => {
                    if let Some(path) = &self.state_file {
                        if let Err(e) = write_atomically(path, &text) {
                            eprintln!("cannot write state file {}: {e}", path.display());
                        }
                    }
                }
                Effect::Stop => self.stop(),
            }
        }
    }

    /// Queues a frame for one connection or (`None`) all; one whose queue is full is
    /// dropped.
    fn send(&self, to: Option<u64>, out: impl Fn() -> Out) {
        let mut conns = lock(&self.conns);
        let mut dropped = Vec::new();
        let mut push = |id: u64, outbox: &Outbox| {
            if outbox.push(out()) == Pushed::Overflowed {
                dropped.push(id);
            }
        };
        match to {
            Some(id) => {
                if let Some(outbox) = conns.get(&id) {
                    push(id, outbox);
                }
            }
            None => conns.iter().for_each(|(&id, outbox)| push(id, outbox)),
        }
        for id in dropped {
            conns.remove(&id);
            eprintln!(
                "connection {id} dropped: over {} KiB queued for it (it does not read)",
                self.limits.queue_limit >> 10
            );
        }
    }

    /// Closes every connection (after what is queued) and ends the server.
    fn stop(&self) {
        self.send(None, || Out::Close);
        let _ = self.shutdown.send(true);
    }
}

fn write_atomically(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// A bound, not yet running server.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
    tls: Option<TlsAcceptor>,
}

/// Stops a running server from outside (signals, tests, benches).
#[derive(Clone)]
pub struct StopHandle(Arc<Shared>);

impl StopHandle {
    /// Like a console stop: `server/stopping` to everyone, then close.
    pub fn stop(&self) {
        let sim = lock(&self.0.sim);
        let text =
            msmp::jsonrpc::encode_notification("minecraft:notification/server/stopping", None);
        self.0.apply(None, vec![Effect::Notify(text)]);
        drop(sim);
        self.0.stop();
    }
}

impl Server {
    pub async fn bind(cfg: ServerConfig, sim: Sim) -> std::io::Result<Server> {
        let listener = TcpListener::bind((cfg.host.as_str(), cfg.port)).await?;
        let (shutdown, _) = watch::channel(false);
        let shared = Arc::new(Shared {
            sim: Mutex::new(sim),
            conns: Mutex::new(HashMap::new()),
            secret: cfg.secret,
            allowed_origins: cfg.allowed_origins,
            state_file: cfg.state_file,
            limits: cfg.limits,
            start: Instant::now(),
            next_id: AtomicU64::new(1),
            shutdown,
            live: AtomicU64::new(0),
            refusals: Arc::new(Semaphore::new(LINGERING_REFUSALS)),
        });
        Ok(Server {
            listener,
            shared,
            tls: cfg.tls,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn stop_handle(&self) -> StopHandle {
        StopHandle(self.shared.clone())
    }

    /// Serves until stopped, then gives connections a moment to flush their close.
    pub async fn run(self) {
        let shared = self.shared;
        let mut stopped = shared.shutdown.subscribe();
        tokio::spawn(ticker(shared.clone()));
        let slots = Slots::new(shared.limits.max_connections);
        let mut backoff = Backoff::default();
        let mut full_logged = false;
        loop {
            let accepted = tokio::select! {
                _ = wait_stopped(&mut stopped) => break,
                accepted = self.listener.accept() => accepted,
            };
            let (tcp, peer) = match accepted {
                Ok(a) => a,
                Err(e) => {
                    let (delay, log) = backoff.failed(&e);
                    if let Some(line) = log {
                        eprintln!("{line}");
                    }
                    tokio::select! {
                        _ = wait_stopped(&mut stopped) => break,
                        _ = tokio::time::sleep(delay) => continue,
                    }
                }
            };
            if let Some(line) = backoff.succeeded() {
                eprintln!("{line}");
            }
            let _ = tcp.set_nodelay(true);
            let admitted = slots.admit(tcp, |tcp, slot| {
                let shared = shared.clone();
                let tls = self.tls.clone();
                tokio::spawn(connection::serve(shared, tcp, peer, tls, slot))
            });
            match admitted {
                Ok(Admitted::Free) => full_logged = false,
                Ok(Admitted::Evicted) => {}
                Err(tcp) => {
                    if !full_logged {
                        full_logged = true;
                        eprintln!(
                            "{} connections open: refusing new ones until one closes",
                            slots.taken()
                        );
                    }
                    // A 503 needs plain HTTP; over TLS the refusal is the close itself.
                    if self.tls.is_none() {
                        if let Ok(permit) = shared.refusals.clone().try_acquire_owned() {
                            tokio::spawn(async move {
                                connection::refuse_busy(tcp).await;
                                drop(permit);
                            });
                        }
                    }
                }
            }
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while shared.live.load(Ordering::Acquire) > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

async fn ticker(shared: Arc<Shared>) {
    let mut stopped = shared.shutdown.subscribe();
    let mut every = tokio::time::interval(Duration::from_millis(20));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = wait_stopped(&mut stopped) => return,
            _ = every.tick() => {}
        }
        let now = shared.now_ms();
        let mut sim = lock(&shared.sim);
        if sim.next_wakeup().is_some_and(|t| t <= now) {
            let effects = sim.tick(now);
            shared.apply(None, effects);
        }
    }
}

/// Resolves once the server is stopping (the watch guard never crosses an await).
async fn wait_stopped(rx: &mut watch::Receiver<bool>) {
    let _ = rx.wait_for(|s| *s).await;
}
