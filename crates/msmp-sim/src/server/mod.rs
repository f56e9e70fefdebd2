//! The native server: a thin tokio / tungstenite wrapper around the pure [`Sim`]. Each
//! connection has an ordered outbound queue; the core's effects are applied under one
//! lock, so every connection sees replies before the notifications they caused, and all
//! connections see notifications in the same order.

pub mod tls;

use crate::auth::{self, Handshake, Outcome};
use crate::sim::{Effect, Sim};
use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio_rustls::TlsAcceptor;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{header, HeaderValue, StatusCode};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

pub struct ServerConfig {
    pub host: String,
    pub port: u16,
    pub secret: String,
    /// Raw comma-separated list (split on `,`, not trimmed).
    pub allowed_origins: String,
    pub tls: Option<TlsAcceptor>,
    pub state_file: Option<PathBuf>,
}

enum Out {
    Text(String),
    Close,
}

struct Shared {
    sim: Mutex<Sim>,
    conns: Mutex<HashMap<u64, mpsc::UnboundedSender<Out>>>,
    secret: String,
    allowed_origins: String,
    state_file: Option<PathBuf>,
    start: Instant,
    next_id: AtomicU64,
    shutdown: watch::Sender<bool>,
    /// Connections whose writer may still be sending: the process must not exit before
    /// they are done, or their last frames (stopping, close) are lost.
    live: AtomicU64,
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
                    if let Some(tx) = from.and_then(|id| lock(&self.conns).get(&id).cloned()) {
                        let _ = tx.send(Out::Text(text));
                    }
                }
                Effect::Notify(text) => {
                    for tx in lock(&self.conns).values() {
                        let _ = tx.send(Out::Text(text.clone()));
                    }
                }
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

    /// Closes every connection (after what is queued) and ends the server.
    fn stop(&self) {
        for tx in lock(&self.conns).values() {
            let _ = tx.send(Out::Close);
        }
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
            start: Instant::now(),
            next_id: AtomicU64::new(1),
            shutdown,
            live: AtomicU64::new(0),
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
        loop {
            tokio::select! {
                _ = wait_stopped(&mut stopped) => break,
                accepted = self.listener.accept() => {
                    let Ok((tcp, peer)) = accepted else { continue };
                    let _ = tcp.set_nodelay(true);
                    let shared = shared.clone();
                    let tls = self.tls.clone();
                    tokio::spawn(async move {
                        match tls {
                            Some(acceptor) => match acceptor.accept(tcp).await {
                                Ok(stream) => connection(shared, stream, peer).await,
                                Err(e) => eprintln!("TLS handshake with {peer} failed: {e}"),
                            },
                            None => connection::<TcpStream>(shared, tcp, peer).await,
                        }
                    });
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

fn header_str(req: &Request, name: header::HeaderName) -> Option<&str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

fn unauthorized(message: &str) -> ErrorResponse {
    let body = auth::unauthorized_body(message);
    let mut resp = ErrorResponse::new(Some(body.clone()));
    *resp.status_mut() = StatusCode::UNAUTHORIZED;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    resp
}

// tungstenite's handshake callback API fixes the (large) error type.
#[allow(clippy::result_large_err)]
async fn connection<S>(shared: Arc<Shared>, stream: S, peer: SocketAddr)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let check = |req: &Request, mut resp: Response| {
        let h = Handshake {
            authorization: header_str(req, header::AUTHORIZATION),
            protocol: header_str(req, header::SEC_WEBSOCKET_PROTOCOL),
            origin: header_str(req, header::ORIGIN),
        };
        match auth::check(&shared.secret, &shared.allowed_origins, h) {
            Outcome::Allowed { echo } => {
                if echo {
                    resp.headers_mut().insert(
                        header::SEC_WEBSOCKET_PROTOCOL,
                        HeaderValue::from_static(auth::SUBPROTOCOL),
                    );
                }
                Ok(resp)
            }
            Outcome::Denied(message) => {
                eprintln!("refused {peer}: {message}");
                Err(unauthorized(message))
            }
        }
    };
    let mut config = WebSocketConfig::default();
    config.max_message_size = Some(16 << 20);
    let ws =
        match tokio_tungstenite::accept_hdr_async_with_config(stream, check, Some(config)).await {
            Ok(ws) => ws,
            Err(e) => {
                if !matches!(e, tokio_tungstenite::tungstenite::Error::Http(_)) {
                    eprintln!("handshake with {peer} failed: {e}");
                }
                return;
            }
        };
    let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
    shared.live.fetch_add(1, Ordering::AcqRel);
    let (tx, mut rx) = mpsc::unbounded_channel();
    lock(&shared.conns).insert(id, tx);
    eprintln!("connection {id} opened from {peer}");
    let (mut sink, mut source) = ws.split();

    let writer = tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            let mut close = matches!(out, Out::Close);
            if let Out::Text(t) = out {
                if sink.feed(Message::text(t)).await.is_err() {
                    return;
                }
                // Batch whatever else is queued into one flush.
                while let Ok(more) = rx.try_recv() {
                    match more {
                        Out::Text(t) => {
                            if sink.feed(Message::text(t)).await.is_err() {
                                return;
                            }
                        }
                        Out::Close => {
                            close = true;
                            break;
                        }
                    }
                }
                if sink.flush().await.is_err() {
                    return;
                }
            }
            if close {
                let _ = sink.send(Message::Close(None)).await;
                return;
            }
        }
    });

    let mut stopped = shared.shutdown.subscribe();
    loop {
        let msg = tokio::select! {
            m = source.next() => m,
            _ = wait_stopped(&mut stopped) => {
                // Let the writer send the close frame, then wait briefly for the peer's.
                let _ = tokio::time::timeout(Duration::from_millis(500), source.next()).await;
                break;
            }
        };
        match msg {
            Some(Ok(Message::Text(text))) => {
                let now = shared.now_ms();
                let mut sim = lock(&shared.sim);
                let effects = sim.handle(text.as_str(), now);
                shared.apply(Some(id), effects);
            }
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
            Some(Ok(_)) => {}
        }
    }
    lock(&shared.conns).remove(&id);
    // Removing the sender ends the writer once it has sent what is queued.
    let _ = tokio::time::timeout(Duration::from_secs(3), writer).await;
    shared.live.fetch_sub(1, Ordering::AcqRel);
    eprintln!("connection {id} closed");
}
