//! Starts the real `msmp-sim` binary on a free port and talks to it over a real WebSocket.
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, BufReader, Lines};
use tokio::net::TcpStream;
use tokio::process::{Child, ChildStdout, Command};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderValue, Request};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

pub const SECRET: &str = "TestSecret0123456789abcdefghijABCDEFGHIJ";
pub const WAIT: Duration = Duration::from_secs(5);

pub struct Sim {
    pub child: Child,
    pub port: u16,
    pub scheme: String,
    pub stdout: Lines<BufReader<ChildStdout>>,
}

impl Sim {
    pub async fn start(args: &[&str]) -> Sim {
        let mut cmd = Sim::command(args);
        cmd.args(["--secret", SECRET]);
        Sim::launch(cmd).await
    }

    /// The binary on a free port with `args`, no secret given; stderr discarded.
    pub fn command(args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_msmp-sim"));
        cmd.args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        cmd
    }

    /// Starts `cmd` and waits for its `listening on` line (127.0.0.1 expected).
    pub async fn launch(mut cmd: Command) -> Sim {
        let mut child = cmd.spawn().expect("msmp-sim starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let first = tokio::time::timeout(Duration::from_secs(20), stdout.next_line())
            .await
            .expect("first line in time")
            .expect("readable stdout")
            .expect("a first line");
        let rest = first.strip_prefix("listening on ").expect("listening line");
        let (scheme, hostport) = rest.split_once("://").expect("scheme");
        assert!(hostport.starts_with("127.0.0.1:"), "{first}");
        let port = hostport.rsplit(':').next().unwrap().parse().expect("port");
        assert_ne!(port, 0);
        Sim {
            child,
            port,
            scheme: scheme.to_string(),
            stdout,
        }
    }

    pub fn url(&self) -> String {
        format!("{}://127.0.0.1:{}/", self.scheme, self.port)
    }

    pub fn request(&self) -> Request<()> {
        self.url().into_client_request().expect("request")
    }

    pub fn bearer_request(&self) -> Request<()> {
        let mut r = self.request();
        r.headers_mut().insert(
            "Authorization",
            HeaderValue::from_str(&format!("Bearer {SECRET}")).unwrap(),
        );
        r
    }

    pub async fn connect(&self) -> Client<TcpStream> {
        connect_port(self.port).await
    }

    /// Waits for the process to exit by itself.
    pub async fn exit_status(&mut self) -> std::process::ExitStatus {
        tokio::time::timeout(WAIT, self.child.wait())
            .await
            .expect("exits in time")
            .expect("wait")
    }
}

/// A client of the server on `port` (one of several a `--count` process serves),
/// authenticated with [`SECRET`].
pub async fn connect_port(port: u16) -> Client<TcpStream> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).await.expect("tcp");
    let mut request = format!("ws://127.0.0.1:{port}/")
        .into_client_request()
        .expect("request");
    request.headers_mut().insert(
        "Authorization",
        HeaderValue::from_str(&format!("Bearer {SECRET}")).unwrap(),
    );
    let (ws, _) = tokio_tungstenite::client_async(request, tcp)
        .await
        .expect("handshake");
    Client::new(ws)
}

pub struct Client<S> {
    pub ws: WebSocketStream<S>,
    next_id: u64,
    /// Notifications seen while waiting for responses.
    pub notes: VecDeque<Value>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Client<S> {
    pub fn new(ws: WebSocketStream<S>) -> Self {
        Client {
            ws,
            next_id: 0,
            notes: VecDeque::new(),
        }
    }

    pub async fn send_text(&mut self, text: &str) {
        self.ws.send(Message::text(text)).await.expect("send");
    }

    /// The next frame, parsed.
    pub async fn recv(&mut self) -> Value {
        loop {
            let msg = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("a frame in time")
                .expect("open")
                .expect("no error");
            if let Message::Text(t) = msg {
                return serde_json::from_str(t.as_str()).expect("JSON frame");
            }
        }
    }

    /// Sends a request and returns the whole response frame; notifications that arrive
    /// first are kept in `notes`.
    pub async fn call_raw(&mut self, method: &str, params: Option<Value>) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut req = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if let Some(p) = params {
            req["params"] = p;
        }
        self.send_text(&req.to_string()).await;
        loop {
            let f = self.recv().await;
            if f.get("id") == Some(&json!(id)) {
                return f;
            }
            assert!(f.get("method").is_some(), "unexpected frame {f}");
            self.notes.push_back(f);
        }
    }

    /// A call with the argument as a one-element array; panics on an error response.
    pub async fn call(&mut self, method: &str, arg: Option<Value>) -> Value {
        let f = self.call_raw(method, arg.map(|a| json!([a]))).await;
        assert!(f.get("error").is_none(), "{method}: {f}");
        f["result"].clone()
    }

    /// The error object of a call that must fail.
    pub async fn call_err(&mut self, method: &str, params: Option<Value>) -> Value {
        let f = self.call_raw(method, params).await;
        assert!(f.get("result").is_none(), "{method} should fail: {f}");
        f["error"].clone()
    }

    /// The next notification (queued or new).
    pub async fn note(&mut self) -> Value {
        if let Some(n) = self.notes.pop_front() {
            return n;
        }
        let f = self.recv().await;
        assert!(f.get("id").is_none(), "expected a notification, got {f}");
        f
    }

    /// The next notification other than the rate-limited `server/activity`.
    pub async fn event(&mut self) -> Value {
        loop {
            let n = self.note().await;
            if n["method"] != "minecraft:notification/server/activity" {
                return n;
            }
        }
    }

    /// The next notification's short name and params.
    pub async fn note_named(&mut self) -> (String, Option<Value>) {
        let n = self.note().await;
        let m = n["method"].as_str().unwrap_or_default();
        let short = m
            .strip_prefix("minecraft:notification/")
            .unwrap_or(m)
            .to_string();
        (short, n.get("params").cloned())
    }

    /// Asserts nothing arrives for `ms` milliseconds.
    pub async fn quiet(&mut self, ms: u64) {
        assert!(self.notes.is_empty(), "queued: {:?}", self.notes);
        if let Ok(Some(Ok(m))) =
            tokio::time::timeout(Duration::from_millis(ms), self.ws.next()).await
        {
            panic!("expected silence, got {m:?}");
        }
    }
}

pub fn schema_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/msmp-schemas");
    dir.is_dir().then_some(dir)
}

pub fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("msmp-sim-test-{}-{name}", std::process::id()))
}
