//! How long the model's reducers take per frame, for small and large servers.
//! Run with `cargo bench -p msmp`; prints figures, asserts nothing.

use msmp::model::ServerModel;
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Instant;

fn bans(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| json!({"player": {"id": format!("00000000-0000-0000-0000-{i:012}"), "name": format!("p{i}")},
                              "reason": "griefing", "source": "Management server"}))
            .collect(),
    )
}

/// Runs `f` `iters` times and returns the mean in microseconds.
fn time(iters: u32, mut f: impl FnMut(u32)) -> f64 {
    let start = Instant::now();
    for i in 0..iters {
        f(i);
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(iters)
}

fn main() {
    println!("msmp reducers (mean per frame)");
    for n in [100, 10_000] {
        let list = bans(n);
        let mut m = ServerModel::new();
        m.apply_result("minecraft:bans", &list).unwrap();

        let full = time(20, |_| {
            m.apply_result("minecraft:bans", black_box(&list)).unwrap();
        });
        // 100 players online; each frame is one more joining or leaving.
        for i in 0..100 {
            let p = json!([{"id": format!("20000000-0000-0000-0000-{i:012}"), "name": format!("o{i}")}]);
            m.receive_notification("minecraft:notification/players/joined", Some(&p), 0);
        }
        let joined = time(2_000, |i| {
            let p = json!([{"id": "10000000-0000-0000-0000-000000000001", "name": "visitor"}]);
            let method = if i % 2 == 0 { "joined" } else { "left" };
            m.receive_notification(
                &format!("minecraft:notification/players/{method}"),
                Some(&p),
                0,
            );
        });
        let ban_added = time(2_000, |i| {
            let b =
                json!([{"player": {"name": format!("p{}", i as usize % n)}, "reason": "again"}]);
            m.receive_notification("minecraft:notification/bans/added", Some(&b), 0);
        });
        let heartbeat = time(2_000, |_| {
            let s = json!([{"started": true, "version": {"name": "1.21.10", "protocol": 773}}]);
            m.receive_notification("minecraft:notification/server/status", Some(&s), 0);
        });
        println!(
            "{n:>6} bans: full bans result {full:>9.1} µs | players/joined+left {joined:>6.1} µs | bans/added {ban_added:>7.1} µs | status heartbeat {heartbeat:>5.1} µs"
        );
    }
}
