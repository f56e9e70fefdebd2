//! `--count N`: N independent servers from one process, each with its own state.

mod common;

use common::{connect_port, temp_path, Sim};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn count_serves_independent_servers_each_with_its_own_state_file() {
    let dir = temp_path("fleet");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let mut first = Sim::start(&[
        "--count",
        "3",
        "--players",
        "2",
        "--state-file",
        state.to_str().unwrap(),
    ])
    .await;
    // One "listening on" line per server, in order, then the others are there too.
    let mut ports = vec![first.port];
    for _ in 0..2 {
        let line = first.stdout.next_line().await.unwrap().unwrap();
        let port = line
            .strip_prefix("listening on ws://127.0.0.1:")
            .unwrap_or_else(|| panic!("{line}"))
            .parse::<u16>()
            .unwrap();
        ports.push(port);
    }
    let mut sorted = ports.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), 3, "three ports: {ports:?}");

    let mut clients = Vec::new();
    for port in &ports {
        clients.push(connect_port(*port).await);
    }
    // A change on the second server stays there.
    clients[1]
        .call("allowlist/add", Some(json!([{"name": "jeb_"}])))
        .await;
    let lists = [
        clients[0].call("allowlist", None).await,
        clients[1].call("allowlist", None).await,
        clients[2].call("allowlist", None).await,
    ];
    assert_eq!(lists[0], json!([]));
    assert_eq!(lists[1][0]["name"], "jeb_");
    assert_eq!(lists[2], json!([]));
    for c in &mut clients {
        let players = c.call("players", None).await;
        assert_eq!(players.as_array().map(Vec::len), Some(2), "{players}");
    }
    // Each keeps its state in its own file: state-2.json has the change, the others not.
    let second = dir.join("state-2.json");
    let mut text = String::new();
    for _ in 0..50 {
        text = std::fs::read_to_string(&second).unwrap_or_default();
        if text.contains("jeb_") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(text.contains("jeb_"), "state-2.json: {text}");
    for other in ["state-1.json", "state-3.json"] {
        let t = std::fs::read_to_string(dir.join(other)).unwrap_or_default();
        assert!(!t.contains("jeb_"), "{other}: {t}");
    }
    assert!(!state.exists(), "with --count, FILE itself is not used");
    drop(first);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn count_with_a_port_uses_consecutive_ports() {
    // A free port, then the test asks for three from it; taken ones fail the start.
    let base = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    if base > 65_000 {
        return;
    }
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_msmp-sim"));
    cmd.args([
        "--port",
        &base.to_string(),
        "--count",
        "3",
        "--secret",
        common::SECRET,
    ])
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::null())
    .kill_on_drop(true);
    let mut sim = Sim::launch(cmd).await;
    let mut ports = vec![sim.port];
    for _ in 0..2 {
        let line = sim.stdout.next_line().await.unwrap().unwrap();
        ports.push(line.rsplit(':').next().unwrap().parse().unwrap());
    }
    assert_eq!(ports, [base, base + 1, base + 2]);
}
