//! Time, process and transport: heartbeat timing, activity rate limit, world upgrade,
//! stop, signals, the state file across restarts, wss with the self-signed certificate,
//! and the discover document against the real schemas.

mod common;
use common::{schema_dir, temp_path, Client, Sim, SECRET};
use msmp::catalog::ProtocolVersion;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_rustls::rustls::{self, pki_types::ServerName, ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

#[tokio::test]
async fn heartbeat_every_interval_with_the_status() {
    let sim = Sim::start(&["--heartbeat", "1", "--players", "1"]).await;
    let mut c = sim.connect().await;
    let mut times = Vec::new();
    while times.len() < 3 {
        let n = c.note().await;
        if n["method"] == "minecraft:notification/server/status" {
            assert_eq!(n["params"][0]["started"], true);
            assert_eq!(n["params"][0]["players"][0]["name"], "Steve");
            times.push(Instant::now());
        }
    }
    for w in times.windows(2) {
        let gap = w[1] - w[0];
        assert!(
            gap > Duration::from_millis(800) && gap < Duration::from_millis(1300),
            "{gap:?}"
        );
    }
    // Turning it off through the setting stops it.
    c.call(
        "serversettings/status_heartbeat_interval/set",
        Some(json!(0)),
    )
    .await;
    c.notes.clear();
    c.quiet(1300).await;
}

#[tokio::test]
async fn server_activity_at_most_once_per_30_seconds_from_1_1_0() {
    for (v, expected) in [("1.1.0", 1), ("1.0.0", 0)] {
        let sim = Sim::start(&["--protocol", v]).await;
        let mut c = sim.connect().await;
        for name in ["Steve", "Alex"] {
            c.call("sim:players/join", Some(json!({"name": name})))
                .await;
            c.call("sim:players/leave", Some(json!({"name": name})))
                .await;
        }
        c.call("players", None).await;
        let activity = c
            .notes
            .iter()
            .filter(|n| n["method"] == "minecraft:notification/server/activity")
            .count();
        assert_eq!(activity, expected, "{v}");
    }
}

#[tokio::test]
async fn world_upgrade_notifications_in_3_1_0() {
    let sim = Sim::start(&["--protocol", "3.1.0"]).await;
    let mut c = sim.connect().await;
    assert_eq!(
        c.call("sim:world/upgrade", Some(json!({"steps": 2}))).await,
        true
    );
    assert_eq!(
        c.call("sim:world/upgrade", Some(json!({}))).await,
        false,
        "one at a time"
    );
    assert_eq!(
        c.note().await["method"],
        "minecraft:notification/world/upgrade_started"
    );
    let mut progress: Vec<(Instant, f64)> = Vec::new();
    loop {
        let n = c.note().await;
        match n["method"].as_str().unwrap() {
            "minecraft:notification/world/upgrade_progress" => {
                progress.push((Instant::now(), n["params"][0].as_f64().unwrap()))
            }
            "minecraft:notification/world/upgrade_finished" => break,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(
        progress.iter().map(|p| p.1).collect::<Vec<_>>(),
        vec![0.5, 1.0]
    );
    assert!(
        progress[1].0 - progress[0].0 >= Duration::from_millis(900),
        "at most one per second"
    );

    c.call(
        "sim:world/upgrade",
        Some(json!({"steps": 1, "failReason": "disk full"})),
    )
    .await;
    assert_eq!(
        c.note().await["method"],
        "minecraft:notification/world/upgrade_started"
    );
    assert_eq!(
        c.note().await,
        json!({"jsonrpc": "2.0", "method": "minecraft:notification/world/upgrade_failed", "params": ["disk full"]})
    );

    // Older versions have neither the notifications nor the control method.
    let old = Sim::start(&["--protocol", "3.0.0"]).await;
    let mut c = old.connect().await;
    assert_eq!(
        c.call_err("sim:world/upgrade", Some(json!([{}]))).await["code"],
        -32601
    );
}

#[tokio::test]
async fn stop_answers_notifies_closes_everyone_and_exits() {
    let mut sim = Sim::start(&[]).await;
    let mut a = sim.connect().await;
    let mut b = sim.connect().await;
    assert_eq!(a.call("server/stop", None).await, true);
    for c in [&mut a, &mut b] {
        assert_eq!(
            c.note().await["method"],
            "minecraft:notification/server/stopping"
        );
        // Then the server closes the connection.
        let end = tokio::time::timeout(
            Duration::from_secs(3),
            futures_util::StreamExt::next(&mut c.ws),
        )
        .await
        .expect("closed in time");
        assert!(
            matches!(
                end,
                None | Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_))) | Some(Err(_))
            ),
            "{end:?}"
        );
    }
    assert!(sim.exit_status().await.success());
}

#[tokio::test]
async fn sigterm_stops_cleanly() {
    let mut sim = Sim::start(&[]).await;
    let mut c = sim.connect().await;
    let pid = sim.child.id().expect("pid").to_string();
    let killed = tokio::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .expect("kill");
    assert!(killed.success());
    assert_eq!(
        c.note().await["method"],
        "minecraft:notification/server/stopping"
    );
    assert!(sim.exit_status().await.success());
}

#[tokio::test]
async fn state_file_keeps_lists_settings_and_rules_across_restarts() {
    let path = temp_path("state.json");
    let _ = std::fs::remove_file(&path);
    let p = path.to_str().unwrap();
    {
        let mut sim = Sim::start(&["--state-file", p, "--protocol", "2.0.0"]).await;
        let mut c = sim.connect().await;
        c.call("sim:profiles/add", Some(json!([{"name": "Latecomer"}])))
            .await;
        c.call(
            "allowlist/add",
            Some(json!([{"name": "jeb_"}, {"name": "Latecomer"}])),
        )
        .await;
        c.call(
            "bans/add",
            Some(json!([{"player": {"name": "Notch"}, "reason": "test"}])),
        )
        .await;
        c.call("ip_bans/add", Some(json!([{"ip": "203.0.113.9"}])))
            .await;
        c.call(
            "operators/add",
            Some(json!([{"player": {"name": "Grumm"}, "permissionLevel": 3}])),
        )
        .await;
        c.call("serversettings/motd/set", Some(json!("kept"))).await;
        c.call(
            "gamerules/update",
            Some(json!({"key": "minecraft:keep_inventory", "value": true})),
        )
        .await;
        c.call("server/stop", None).await;
        assert!(sim.exit_status().await.success());
    }
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("Latecomer"));
    // Restart under a 1.x protocol: same state, the old rule naming.
    let sim = Sim::start(&["--state-file", p, "--protocol", "1.0.0"]).await;
    let mut c = sim.connect().await;
    let names: Vec<Value> = c
        .call("allowlist", None)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("jeb_"), json!("Latecomer")]);
    assert_eq!(c.call("bans", None).await[0]["reason"], "test");
    assert_eq!(c.call("ip_bans", None).await[0]["ip"], "203.0.113.9");
    assert_eq!(c.call("operators", None).await[0]["permissionLevel"], 3);
    assert_eq!(c.call("serversettings/motd", None).await, "kept");
    let rules = c.call("gamerules", None).await;
    let keep = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "keepInventory")
        .unwrap()
        .clone();
    assert_eq!(keep["value"], "true");
    drop(c);
    drop(sim);
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn ban_expiry_is_normalised_to_utc_like_iso_instant() {
    let path = temp_path("expiry.json");
    // A hand-written state file with offsets: read back in the canonical spelling.
    std::fs::write(
        &path,
        json!({"ip_bans": [{"ip": "192.0.2.1", "source": "x", "expires": "2031-06-01T12:00:00.5-01:00"}]})
            .to_string(),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let mut sim = Sim::start(&["--state-file", p]).await;
    let mut c = sim.connect().await;
    assert_eq!(
        c.call("ip_bans", None).await[0]["expires"],
        "2031-06-01T13:00:00.500Z"
    );
    let ban = c
        .call(
            "bans/add",
            Some(json!([{"player": {"name": "Notch"}, "expires": "2030-01-01T01:30:00+02:00"}])),
        )
        .await;
    assert_eq!(ban[0]["expires"], "2029-12-31T23:30:00Z");
    let n = c.event().await;
    assert_eq!(n["method"], "minecraft:notification/bans/added");
    assert_eq!(n["params"][0]["expires"], "2029-12-31T23:30:00Z");
    let ip = c
        .call(
            "ip_bans/add",
            Some(json!([{"ip": "198.51.100.7", "expires": "2030-01-01t00:00:00.123000z"}])),
        )
        .await;
    assert_eq!(ip[1]["expires"], "2030-01-01T00:00:00.123Z");
    let n = c.event().await;
    assert_eq!(n["params"][0]["expires"], "2030-01-01T00:00:00.123Z");
    // Re-adding the same instant in another spelling is no change: no notification.
    c.call(
        "bans/set",
        Some(json!([{"player": {"name": "Notch"}, "expires": "2029-12-31T23:30:00.000Z"}])),
    )
    .await;
    c.call("server/stop", None).await;
    assert_eq!(
        c.event().await["method"],
        "minecraft:notification/server/stopping"
    );
    assert!(sim.exit_status().await.success());
    let saved = std::fs::read_to_string(&path).unwrap();
    for canonical in [
        "\"2029-12-31T23:30:00Z\"",
        "\"2030-01-01T00:00:00.123Z\"",
        "\"2031-06-01T13:00:00.500Z\"",
    ] {
        assert!(saved.contains(canonical), "{canonical} in {saved}");
    }
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn wss_with_the_self_signed_certificate() {
    let mut sim = Sim::start(&["--tls-self-signed"]).await;
    assert_eq!(sim.scheme, "wss");
    let line = tokio::time::timeout(Duration::from_secs(5), sim.stdout.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let path = line
        .strip_prefix("certificate: ")
        .expect("certificate line");
    let pem = std::fs::read(path).expect("certificate file");
    let mut roots = RootCertStore::empty();
    for cert in rustls_pemfile::certs(&mut pem.as_slice()) {
        roots.add(cert.unwrap()).unwrap();
    }
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
    let tcp = TcpStream::connect(("127.0.0.1", sim.port)).await.unwrap();
    let tls = TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .expect("TLS with the printed certificate");
    let mut req = tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(
        format!("wss://localhost:{}/", sim.port),
    )
    .unwrap();
    req.headers_mut()
        .insert("Authorization", format!("Bearer {SECRET}").parse().unwrap());
    let (ws, _) = tokio_tungstenite::client_async(req, tls)
        .await
        .expect("wss handshake");
    let mut c = Client::new(ws);
    assert_eq!(c.call("server/status", None).await["started"], true);
}

#[tokio::test]
async fn discover_equals_the_real_schema_plus_sim_methods() {
    let Some(dir) = schema_dir() else {
        println!("skipped: ../shared/msmp-schemas is absent, nothing to compare against");
        return;
    };
    let sims: Vec<(ProtocolVersion, Sim)> = {
        let mut v = Vec::new();
        for p in ProtocolVersion::ALL {
            v.push((p, Sim::start(&["--protocol", p.as_str()]).await));
        }
        v
    };
    for (v, sim) in &sims {
        let real: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{v}.json"))).unwrap())
                .unwrap();
        let mut c = sim.connect().await;
        let mut ours = c.call("rpc.discover", None).await;
        let methods = ours["methods"].as_array_mut().unwrap();
        let first_sim = methods
            .iter()
            .position(|m| m["name"].as_str().unwrap().starts_with("sim:"))
            .expect("sim methods listed");
        let extra = methods.split_off(first_sim);
        assert!(extra
            .iter()
            .all(|m| m["name"].as_str().unwrap().starts_with("sim:") && m.get("result").is_some()));
        assert_eq!(ours, real, "{v}");
    }
}
