//! Requests per second and latency on loopback, 1 and 8 concurrent clients, against the
//! real server (in process, same code as the binary). Each client keeps a window of
//! requests in flight (pipelining), measuring each request's round trip.
//! Run with `cargo bench -p msmp-sim`.

use futures_util::{SinkExt, StreamExt};
use msmp_sim::server::{Limits, Server, ServerConfig};
use msmp_sim::{Sim, SimConfig};
use std::collections::VecDeque;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

const SECRET: &str = "BenchSecret0123456789abcdefghijABCDEFGHI";
const WINDOW: usize = 16;
const DURATION: Duration = Duration::from_secs(3);

async fn client(port: u16, deadline: Instant) -> Vec<Duration> {
    let mut req = format!("ws://127.0.0.1:{port}/")
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("Authorization", format!("Bearer {SECRET}").parse().unwrap());
    let tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    tcp.set_nodelay(true).unwrap();
    let (mut ws, _) = tokio_tungstenite::client_async(req, tcp).await.unwrap();
    let methods = [
        "minecraft:players",
        "minecraft:serversettings/motd",
        "minecraft:server/status",
        "minecraft:allowlist",
    ];
    let mut sent: VecDeque<Instant> = VecDeque::new();
    let mut latencies = Vec::new();
    let mut id = 0u64;
    loop {
        let now = Instant::now();
        if now < deadline {
            while sent.len() < WINDOW {
                id += 1;
                let m = methods[(id % 4) as usize];
                ws.feed(Message::text(format!(
                    r#"{{"jsonrpc":"2.0","id":{id},"method":"{m}"}}"#
                )))
                .await
                .unwrap();
                sent.push_back(Instant::now());
            }
            ws.flush().await.unwrap();
        } else if sent.is_empty() {
            break;
        }
        match ws.next().await {
            Some(Ok(Message::Text(_))) => {
                // Responses come back in request order on one connection.
                if let Some(t) = sent.pop_front() {
                    latencies.push(t.elapsed());
                }
            }
            Some(Ok(_)) => {}
            _ => break,
        }
    }
    latencies
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sim = Sim::new(&SimConfig { players: 5, ..SimConfig::default() }, None, 0).unwrap();
        let server = Server::bind(
            ServerConfig {
                host: "127.0.0.1".into(),
                port: 0,
                secret: SECRET.into(),
                allowed_origins: String::new(),
                tls: None,
                state_file: None,
                limits: Limits::default(),
            },
            sim,
        )
        .await
        .unwrap();
        let port = server.local_addr().unwrap().port();
        let stop = server.stop_handle();
        let running = tokio::spawn(server.run());
        println!("msmp-sim throughput, loopback, {WINDOW} requests in flight per client, {DURATION:?} per run");
        for clients in [1usize, 8] {
            let start = Instant::now();
            let deadline = start + DURATION;
            let tasks: Vec<_> = (0..clients).map(|_| tokio::spawn(client(port, deadline))).collect();
            let mut all = Vec::new();
            for t in tasks {
                all.extend(t.await.unwrap());
            }
            let elapsed = start.elapsed().as_secs_f64();
            all.sort();
            println!(
                "{clients} client(s): {:>8.0} requests/s  p50 {:>7.3} ms  p99 {:>7.3} ms  ({} requests)",
                all.len() as f64 / elapsed,
                pct(&all, 0.50).as_secs_f64() * 1e3,
                pct(&all, 0.99).as_secs_f64() * 1e3,
                all.len()
            );
        }
        stop.stop();
        let _ = running.await;
    });
}
