//! One connection: TLS and WebSocket handshakes within the handshake timeout, then frames
//! in to the simulator and out from its bounded queue.

use super::queue::{self, Inbox, Killed, Out};
use super::slots::Slot;
use super::{lock, wait_stopped, Shared};
use crate::auth::{self, Handshake, Outcome};
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{timeout, timeout_at, Instant};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{header, HeaderValue, StatusCode};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// A byte stream over TCP, plain or TLS.
pub(super) trait Transport: AsyncRead + AsyncWrite + Unpin + Send + 'static {
    fn tcp(&self) -> &TcpStream;
}

impl Transport for TcpStream {
    fn tcp(&self) -> &TcpStream {
        self
    }
}

impl Transport for TlsStream<TcpStream> {
    fn tcp(&self) -> &TcpStream {
        self.get_ref().0
    }
}

/// Serves one accepted connection for as long as it holds `slot`.
pub(super) async fn serve(
    shared: Arc<Shared>,
    tcp: TcpStream,
    peer: SocketAddr,
    tls: Option<TlsAcceptor>,
    slot: Slot,
) {
    // One deadline for both handshakes: a client that sends nothing, or half of either,
    // is dropped when it passes (silently: under a flood, one line each would drown the log).
    let deadline = Instant::now() + shared.limits.handshake_timeout;
    match tls {
        Some(acceptor) => match timeout_at(deadline, acceptor.accept(tcp)).await {
            Ok(Ok(stream)) => upgrade(shared, stream, peer, deadline, slot).await,
            Ok(Err(e)) => eprintln!("TLS handshake with {peer} failed: {e}"),
            Err(_) => {}
        },
        None => upgrade(shared, tcp, peer, deadline, slot).await,
    }
}

fn header_str(req: &Request, name: header::HeaderName) -> Option<&str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

fn json_error(status: StatusCode, body: String) -> ErrorResponse {
    let len = body.len();
    let mut resp = ErrorResponse::new(Some(body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    resp
}

fn unauthorized(message: &str) -> ErrorResponse {
    json_error(StatusCode::UNAUTHORIZED, auth::unauthorized_body(message))
}

/// The refusal of a connection over the cap: a 503 with a JSON body, like the 401s.
pub(super) fn busy_response() -> String {
    let body =
        serde_json::json!({"error": "Service Unavailable", "message": "Too many connections"})
            .to_string();
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Answers a plain connection over the cap with a 503, then reads what the client still
/// sends until it closes (at most a second): closing with its request unread would be a
/// reset, which can destroy the 503 before the client reads it.
pub(super) async fn refuse_busy(mut tcp: TcpStream) {
    let linger = async {
        tcp.write_all(busy_response().as_bytes()).await?;
        tcp.shutdown().await?;
        let mut buf = [0u8; 4096];
        while tcp.read(&mut buf).await? > 0 {}
        Ok::<(), std::io::Error>(())
    };
    let _ = timeout(Duration::from_secs(1), linger).await;
}

// tungstenite's handshake callback API fixes the (large) error type.
#[allow(clippy::result_large_err)]
async fn upgrade<S: Transport>(
    shared: Arc<Shared>,
    stream: S,
    peer: SocketAddr,
    deadline: Instant,
    slot: Slot,
) {
    let version = lock(&shared.sim).version();
    let check = |req: &Request, mut resp: Response| {
        let h = Handshake {
            authorization: header_str(req, header::AUTHORIZATION),
            protocol: header_str(req, header::SEC_WEBSOCKET_PROTOCOL),
            origin: header_str(req, header::ORIGIN),
        };
        match auth::check_for(version, &shared.secret, &shared.allowed_origins, h) {
            Outcome::Allowed { echo } => {
                // Authenticated: no longer one that a newcomer may evict. (When it was
                // evicted just now, its task is being aborted.)
                slot.established();
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
    let accept = tokio_tungstenite::accept_hdr_async_with_config(stream, check, Some(config));
    let ws = match timeout_at(deadline, accept).await {
        Ok(Ok(ws)) => ws,
        Ok(Err(e)) => {
            if !matches!(e, tokio_tungstenite::tungstenite::Error::Http(_)) {
                eprintln!("handshake with {peer} failed: {e}");
            }
            return;
        }
        Err(_) => return,
    };
    // Evicted for a newer connection just as it authenticated: its task is ending.
    if !slot.established() {
        return;
    }
    session(&shared, ws, peer).await;
    drop(slot);
}

async fn session<S: Transport>(shared: &Shared, ws: WebSocketStream<S>, peer: SocketAddr) {
    let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
    shared.live.fetch_add(1, Ordering::AcqRel);
    let (outbox, inbox, mut killed) = queue::channel(shared.limits.queue_limit);
    lock(&shared.conns).insert(id, outbox);
    eprintln!("connection {id} opened from {peer}");
    let (sink, mut source) = ws.split();
    let mut writer = tokio::spawn(writer(sink, inbox, killed.clone()));

    let mut stopped = shared.shutdown.subscribe();
    loop {
        let msg = tokio::select! {
            m = source.next() => m,
            _ = killed.wait() => break,
            _ = wait_stopped(&mut stopped) => {
                // Let the writer send the close frame, then wait briefly for the peer's.
                let _ = timeout(Duration::from_millis(500), source.next()).await;
                break;
            }
        };
        match msg {
            Some(Ok(Message::Text(text))) => {
                let now = shared.now_ms();
                {
                    let mut sim = lock(&shared.sim);
                    let effects = sim.handle(text.as_str(), now);
                    shared.apply(Some(id), effects);
                }
                // The writer was woken onto this thread's run-next slot, which other workers
                // cannot take: let it send this answer before the next frame is handled, or a
                // client that pipelines five requests gets all five answers at once.
                tokio::task::yield_now().await;
            }
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
            Some(Ok(_)) => {}
        }
    }
    lock(&shared.conns).remove(&id);
    if killed.is_killed() {
        // It does not read: reset the connection, so the kernel drops what it still holds
        // for it too, instead of trying to deliver it.
        if let Ok(Ok(sink)) = timeout(Duration::from_secs(1), writer).await {
            if let Ok(ws) = source.reunite(sink) {
                let _ = ws.get_ref().tcp().set_zero_linger();
            }
        }
    } else if timeout(Duration::from_secs(3), &mut writer).await.is_err() {
        // Removing the outbox ends the writer once it has sent what is queued; a peer
        // that stopped reading gets no longer than this.
        writer.abort();
    }
    shared.live.fetch_sub(1, Ordering::AcqRel);
    eprintln!("connection {id} closed");
}

type Sink<S> = SplitSink<WebSocketStream<S>, Message>;

/// Sends what is queued, in order, until the queue ends or closes, or the connection is
/// killed; gives the sink back so a killed connection can be reset.
async fn writer<S: Transport>(mut sink: Sink<S>, mut inbox: Inbox, mut killed: Killed) -> Sink<S> {
    tokio::select! {
        _ = write_queued(&mut sink, &mut inbox) => {}
        _ = killed.wait() => {}
    }
    sink
}

async fn write_queued<S: Transport>(sink: &mut Sink<S>, inbox: &mut Inbox) {
    while let Some(out) = inbox.recv().await {
        let mut close = matches!(out, Out::Close);
        if let Out::Text(t) = out {
            if sink.feed(Message::text(t)).await.is_err() {
                return;
            }
            // Batch whatever else is queued into one flush.
            while let Some(more) = inbox.try_recv() {
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
}
