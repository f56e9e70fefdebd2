//! The simulator facing a network: idle and half-open sockets, the connection cap, the
//! handshake timeout, a client that never reads, accept errors, and how the secret gets in.

mod common;
use common::{Client, Sim, SECRET, WAIT};
use futures_util::StreamExt;
use serde_json::{json, Value};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpSocket, TcpStream};
use tokio::process::ChildStderr;
use tokio::sync::mpsc;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::{Error, Message};

async fn tcp(sim: &Sim) -> TcpStream {
    TcpStream::connect(("127.0.0.1", sim.port))
        .await
        .expect("tcp")
}

/// Whether the server closed `s` (EOF or reset) within `WAIT`; panics if it sends data.
async fn closed_by_server(s: &mut TcpStream) -> bool {
    let mut buf = [0u8; 64];
    match timeout(WAIT, s.read(&mut buf)).await {
        Ok(Ok(0)) | Ok(Err(_)) => true,
        Ok(Ok(n)) => panic!("unexpected data: {:?}", String::from_utf8_lossy(&buf[..n])),
        Err(_) => false,
    }
}

/// Every stderr line, as it comes.
fn stderr_lines(stderr: ChildStderr) -> mpsc::UnboundedReceiver<String> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(l)) = lines.next_line().await {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for a stderr line containing `needle`; returns the lines seen up to it.
async fn line_with(rx: &mut mpsc::UnboundedReceiver<String>, needle: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        let l = timeout(WAIT, rx.recv())
            .await
            .unwrap_or_else(|_| panic!("no {needle:?} on stderr in time: {seen:#?}"))
            .unwrap_or_else(|| panic!("stderr ended without {needle:?}: {seen:#?}"));
        let done = l.contains(needle);
        seen.push(l);
        if done {
            return seen;
        }
    }
}

#[tokio::test]
async fn hundreds_of_idle_sockets_do_not_lock_out_a_real_client() {
    // Default cap (256) and handshake timeout (10 s): the idle sockets fill every slot.
    let sim = Sim::start(&[]).await;
    let mut idle = Vec::new();
    for i in 0..300 {
        let mut s = tcp(&sim).await;
        if i % 2 == 0 {
            // Half a handshake.
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        }
        idle.push(s);
    }
    // Within a second: connected, authenticated, answered.
    let answered = timeout(Duration::from_secs(1), async {
        let mut c = sim.connect().await;
        c.call("server/status", None).await
    })
    .await
    .expect("a real client gets in within a second");
    assert_eq!(answered["started"], true);
    // Room was made by dropping the oldest idle sockets.
    assert!(closed_by_server(&mut idle[0]).await);
}

#[tokio::test]
async fn a_handshake_must_finish_in_time_but_an_open_connection_may_idle() {
    let sim = Sim::start(&["--handshake-timeout", "0.3"]).await;
    let mut c = sim.connect().await;
    let mut silent = tcp(&sim).await;
    let mut half = tcp(&sim).await;
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n")
        .await
        .unwrap();
    assert!(closed_by_server(&mut silent).await, "silent socket dropped");
    assert!(closed_by_server(&mut half).await, "half handshake dropped");
    // The connection that finished its handshake idled as long, and still works.
    assert!(c.call("players", None).await.is_array());
}

#[tokio::test]
async fn a_tls_handshake_must_finish_in_time() {
    let sim = Sim::start(&["--tls-self-signed", "--handshake-timeout", "0.3"]).await;
    let mut silent = tcp(&sim).await;
    assert!(closed_by_server(&mut silent).await);
}

/// Expects the server to refuse a new WebSocket client with a JSON 503.
async fn refused_busy(sim: &Sim) {
    let tcp = tcp(sim).await;
    match tokio_tungstenite::client_async(sim.bearer_request(), tcp).await {
        Err(Error::Http(resp)) => {
            assert_eq!(resp.status().as_u16(), 503);
            let body: Value =
                serde_json::from_slice(resp.body().as_deref().unwrap_or_default()).unwrap();
            assert_eq!(body["message"], "Too many connections");
        }
        Err(e) => panic!("expected a 503, got {e}"),
        Ok(_) => panic!("expected a refusal over the cap"),
    }
}

#[tokio::test]
async fn the_connection_cap_refuses_and_frees_a_slot_on_close() {
    let sim = Sim::start(&["--max-connections", "2"]).await;
    let mut a = sim.connect().await;
    let mut b = sim.connect().await;
    refused_busy(&sim).await;
    // The refusal left the others alone.
    assert!(a.call("players", None).await.is_array());

    a.ws.close(None).await.unwrap();
    drop(a);
    // The slot frees once the server has seen the close.
    let mut c = None;
    for _ in 0..100 {
        let tcp = tcp(&sim).await;
        if let Ok((ws, _)) = tokio_tungstenite::client_async(sim.bearer_request(), tcp).await {
            c = Some(Client::new(ws));
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut c = c.expect("a slot freed after a close");
    assert!(c.call("players", None).await.is_array());
    assert!(b.call("players", None).await.is_array());
    refused_busy(&sim).await;
}

#[tokio::test]
async fn a_handshake_in_progress_takes_a_slot_but_gives_way_to_a_new_connection() {
    let sim = Sim::start(&["--max-connections", "2"]).await;
    let mut a = sim.connect().await;
    let mut idle = tcp(&sim).await;
    // Both slots taken (one by a handshake in progress): the newcomer takes the idle one's.
    let mut b = sim.connect().await;
    assert!(closed_by_server(&mut idle).await);
    assert!(b.call("players", None).await.is_array());
    assert!(a.call("players", None).await.is_array());
    refused_busy(&sim).await;
}

#[tokio::test]
async fn a_client_that_never_reads_is_dropped_and_the_others_go_on() {
    let sim = Sim::start(&[]).await;
    // A tiny receive buffer, so the server's queue for it fills rather than the kernel's.
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stuck_tcp = socket
        .connect(([127, 0, 0, 1], sim.port).into())
        .await
        .unwrap();
    let (mut stuck, _) = tokio_tungstenite::client_async(sim.bearer_request(), stuck_tcp)
        .await
        .expect("handshake");

    // 400 notifications of 64 KiB (25 MiB) for a client that reads none: more than its
    // 8 MiB queue and every socket buffer on the way together.
    const FLOOD: usize = 400;
    let mut flooder = sim.connect().await;
    let note = json!({"method": "nem:flood", "params": {"text": "x".repeat(64 << 10)}});
    for _ in 0..FLOOD {
        flooder.call("sim:notify", Some(note.clone())).await;
        flooder.notes.clear();
    }
    // Others are still served, new ones too.
    assert_eq!(flooder.call("server/status", None).await["started"], true);
    let mut late = sim.connect().await;
    assert!(late.call("players", None).await.is_array());

    // The stuck client, reading at last, finds the connection cut short.
    let mut received = 0;
    let ended = timeout(WAIT, async {
        while let Some(Ok(m)) = stuck.next().await {
            if matches!(m, Message::Text(_)) {
                received += 1;
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the stuck connection was closed");
    assert!(received < FLOOD, "{received} of {FLOOD} delivered");
}

#[tokio::test]
async fn the_secret_from_the_environment_or_a_file() {
    // From the environment: not printed, works, and the command line does not hold it.
    let mut cmd = Sim::command(&[]);
    cmd.env("MSMP_SIM_SECRET", SECRET);
    let mut sim = Sim::launch(cmd).await;
    let mut c = sim.connect().await;
    assert!(c.call("players", None).await.is_array());
    let pid = sim.child.id().expect("running");
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    assert!(!String::from_utf8_lossy(&cmdline).contains(SECRET));
    sim.child.kill().await.unwrap();
    let rest = timeout(WAIT, async {
        let mut all = Vec::new();
        while let Ok(Some(l)) = sim.stdout.next_line().await {
            all.push(l);
        }
        all
    })
    .await
    .unwrap();
    assert!(
        rest.iter()
            .all(|l| !l.contains(SECRET) && !l.starts_with("secret:")),
        "{rest:?}"
    );

    // From a file (trailing newline ignored).
    let path = common::temp_path("secret");
    std::fs::write(&path, format!("{SECRET}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let sim = Sim::launch({
        let mut cmd = Sim::command(&["--secret-file", path.to_str().unwrap()]);
        cmd.env_remove("MSMP_SIM_SECRET");
        cmd
    })
    .await;
    let mut c = sim.connect().await;
    assert!(c.call("players", None).await.is_array());

    // A bad secret in a file others may read: a warning, and a clear error that does
    // not show the secret.
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, "not-a-valid-secret-but-private").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let mut cmd = Sim::command(&["--secret-file", path.to_str().unwrap()]);
    cmd.stderr(Stdio::piped());
    let out = cmd.output().await.unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("exactly 40 characters"), "{err}");
    assert!(!err.contains("private"), "{err}");
    assert!(err.contains("readable by other users"), "{err}");
    std::fs::remove_file(&path).ok();
}

#[tokio::test]
async fn warns_when_serving_the_network_without_tls() {
    for (host, tls, warned) in [
        ("0.0.0.0", false, true),
        ("0.0.0.0", true, false),
        ("127.0.0.1", false, false),
    ] {
        let mut cmd = Sim::command(&["--host", host, "--secret", SECRET]);
        if tls {
            cmd.arg("--tls-self-signed");
        }
        cmd.stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut rx = stderr_lines(child.stderr.take().unwrap());
        // "simulating protocol" comes after the warning would.
        let lines = line_with(&mut rx, "simulating protocol").await;
        let warning = lines.iter().any(|l| l.contains("without TLS"));
        assert_eq!(warning, warned, "{host} tls={tls}: {lines:#?}");
    }
}

#[tokio::test]
async fn out_of_file_descriptors_it_backs_off_and_recovers() {
    // A low descriptor limit for the simulator only.
    let mut cmd = tokio::process::Command::new("sh");
    cmd.args(["-c", "ulimit -n 48 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_msmp-sim"))
        .args([
            "--port",
            "0",
            "--secret",
            SECRET,
            "--handshake-timeout",
            "60",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut sim = Sim::launch(cmd).await;
    let mut rx = stderr_lines(sim.child.stderr.take().unwrap());
    let mut idle = Vec::new();
    for _ in 0..80 {
        idle.push(tcp(&sim).await);
    }
    line_with(&mut rx, "cannot accept connections").await;
    drop(idle);
    let recovered = line_with(&mut rx, "accepting connections again").await;
    let failures: u64 = recovered
        .last()
        .unwrap()
        .split_whitespace()
        .nth(4)
        .and_then(|n| n.parse().ok())
        .expect("a count of failures");
    // Retrying at once would have failed thousands of times meanwhile.
    assert!(failures < 100, "{recovered:#?}");
    assert_eq!(
        recovered
            .iter()
            .filter(|l| l.contains("cannot accept"))
            .count(),
        0,
        "logged once per streak: {recovered:#?}"
    );
    let mut c = sim.connect().await;
    assert!(c.call("players", None).await.is_array());
}
