//! The sans-IO connection policy, driven with a fake clock and hand-written server frames.

use msmp::client::{CallError, DEFAULT_TIMEOUT_MS};
use msmp::link::{Command, Connection, Failure, Link, SyncProblem, PROBE_AFTER_MS};
use msmp::model::ServerModel;
use msmp::problem::{Kind, Problem};
use serde_json::{json, Value};

/// The server side of the test: what the panel sent, and answers to it.
struct Harness {
    conn: Connection,
    model: ServerModel,
    now: u64,
    sent: Vec<Value>,
    answers: Vec<(u64, Result<Value, Failure>)>,
    opens: usize,
    closes: usize,
}

impl Harness {
    fn new() -> Harness {
        Harness {
            conn: Connection::new(42),
            model: ServerModel::new(),
            now: 1_000_000,
            sent: Vec::new(),
            answers: Vec::new(),
            opens: 0,
            closes: 0,
        }
    }

    fn run(&mut self, commands: Vec<Command>) {
        for c in commands {
            match c {
                Command::Open => self.opens += 1,
                Command::Close => self.closes += 1,
                Command::Send(text) => self.sent.push(serde_json::from_str(&text).unwrap()),
                Command::Answer { token, result } => self.answers.push((token, result)),
            }
        }
    }

    fn frame(&mut self, v: Value) {
        let c = self.conn.frame(Ok(v), self.now, &mut self.model);
        self.run(c);
    }

    fn tick(&mut self, advance_ms: u64) {
        self.now += advance_ms;
        let c = self.conn.tick(self.now, &self.model);
        self.run(c);
    }

    fn take_sent(&mut self) -> Vec<Value> {
        std::mem::take(&mut self.sent)
    }

    /// Connects and answers discovery; returns the getter frames the panel then sent.
    fn open_and_discover(&mut self, methods: &[&str]) -> Vec<Value> {
        let c = self.conn.connect();
        self.run(c);
        let c = self.conn.opened(self.now, &mut self.model);
        self.run(c);
        assert_eq!(self.conn.link(), &Link::Syncing);
        let sent = self.take_sent();
        assert_eq!(sent[0]["method"], "rpc.discover");
        self.frame(json!({"jsonrpc": "2.0", "id": sent[0]["id"], "result": discover(methods)}));
        self.take_sent()
    }

    /// Answers every call of these frames with `answer(method)`, a batch with a batch.
    fn answer_all(&mut self, frames: &[Value], answer: impl Fn(&str) -> Value) {
        let reply = |c: &Value| {
            let mut a = answer(c["method"].as_str().unwrap());
            a["jsonrpc"] = json!("2.0");
            a["id"] = c["id"].clone();
            a
        };
        for f in frames {
            let r = match f.as_array() {
                Some(batch) => Value::Array(batch.iter().map(reply).collect()),
                None => reply(f),
            };
            self.frame(r);
        }
    }

    fn ready(&mut self) {
        let frames = self.open_and_discover(GETTERS);
        self.answer_all(&frames, valid_answer);
        assert_eq!(self.conn.link(), &Link::Ready);
        assert_eq!(self.conn.problem(), None);
    }
}

const GETTERS: &[&str] = &[
    "minecraft:allowlist",
    "minecraft:players",
    "minecraft:server/status",
];

fn discover(methods: &[&str]) -> Value {
    json!({
        "openrpc": "1.3.2",
        "info": {"title": "Minecraft Server JSON-RPC", "version": "3.0.0"},
        "methods": methods.iter().map(|m| json!({"name": m, "params": [], "result": {"name": "r", "schema": {}}})).collect::<Vec<_>>(),
    })
}

fn valid_answer(method: &str) -> Value {
    match method {
        "minecraft:server/status" => json!({"result": {"started": true, "players": []}}),
        _ => json!({"result": []}),
    }
}

fn not_started(_: &str) -> Value {
    json!({"error": {"code": -32600, "message": "Invalid Request",
        "data": "Method cannot be dispatched pre server initialization: minecraft:allowlist"}})
}

/// The methods these frames call, in order.
fn calls(frames: &[Value]) -> Vec<&str> {
    frames
        .iter()
        .flat_map(|f| f.as_array().map_or_else(|| vec![f], |b| b.iter().collect()))
        .map(|c| c["method"].as_str().unwrap())
        .collect()
}

fn notification(method: &str) -> Value {
    json!({"jsonrpc": "2.0", "method": method})
}

#[test]
fn connect_discovers_then_fetches_the_small_getters_in_one_batch_and_each_list_alone() {
    let mut h = Harness::new();
    let frames = h.open_and_discover(&[
        "minecraft:bans",
        "minecraft:allowlist",
        "minecraft:players",
        "minecraft:server/status",
    ]);
    assert_eq!(frames.len(), 3);
    assert_eq!(
        calls(&frames[..1]),
        ["minecraft:players", "minecraft:server/status"]
    );
    assert!(frames[0].is_array(), "the small getters in one batch");
    assert_eq!(
        calls(&frames[1..]),
        ["minecraft:allowlist", "minecraft:bans"]
    );
    assert!(
        frames[1].is_object() && frames[2].is_object(),
        "a list alone"
    );
    // Answered one frame at a time: in sync only once all are.
    h.answer_all(&frames[..2], valid_answer);
    assert_eq!(h.conn.link(), &Link::Syncing, "in sync only once answered");
    h.answer_all(&frames[2..], valid_answer);
    assert_eq!(h.conn.link(), &Link::Ready);
    assert_eq!(h.conn.pending(), 0);
}

#[test]
fn only_getters_the_server_offers_are_fetched() {
    let mut h = Harness::new();
    let frames = h.open_and_discover(GETTERS);
    let mut methods = calls(&frames);
    methods.sort();
    assert_eq!(methods, GETTERS);
}

#[test]
fn a_flood_of_server_started_costs_one_refetch() {
    let mut h = Harness::new();
    h.ready();
    for _ in 0..1000 {
        h.frame(notification("minecraft:notification/server/started"));
    }
    let sent = h.take_sent();
    assert_eq!(
        calls(&sent).len(),
        GETTERS.len(),
        "one refetch for the whole flood"
    );
    h.answer_all(&sent, valid_answer);
    assert!(h.take_sent().is_empty(), "and nothing after it");
    assert_eq!(h.conn.link(), &Link::Ready);
}

#[test]
fn a_start_during_the_initial_fetch_refetches_once_after_it() {
    let mut h = Harness::new();
    let frames = h.open_and_discover(GETTERS);
    for _ in 0..50 {
        h.frame(notification("minecraft:notification/server/started"));
    }
    assert!(
        h.take_sent().is_empty(),
        "no second fetch while one is in flight"
    );
    h.answer_all(&frames, not_started);
    let again = h.take_sent();
    assert_eq!(
        calls(&again).len(),
        GETTERS.len(),
        "the answers predate the start: fetch again, once"
    );
    h.answer_all(&again, valid_answer);
    assert_eq!(h.conn.problem(), None);
    assert_eq!(h.conn.link(), &Link::Ready);
}

#[test]
fn getters_refused_before_start_say_so_until_the_server_starts() {
    let mut h = Harness::new();
    let frames = h.open_and_discover(GETTERS);
    h.answer_all(&frames, not_started);
    assert_eq!(h.conn.problem(), Some(&SyncProblem::NotStarted));
    assert_eq!(h.model.started, Some(false));
    h.frame(notification("minecraft:notification/server/started"));
    assert_eq!(h.conn.problem(), None);
    let refetch = h.take_sent();
    assert_eq!(calls(&refetch).len(), GETTERS.len());
}

#[test]
fn failing_getters_are_reported_with_their_method() {
    let mut h = Harness::new();
    let frames = h.open_and_discover(GETTERS);
    h.answer_all(
        &frames,
        |_| json!({"error": {"code": -32603, "message": "boom"}}),
    );
    match h.conn.problem() {
        Some(SyncProblem::Getters { first, more }) => {
            assert_eq!(first.len(), 2);
            // In the order answered: the small getters' batch came first.
            assert_eq!(first[0].0, "minecraft:players");
            assert_eq!(*more, 1);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        h.conn.link(),
        &Link::Ready,
        "usable, with the problem shown"
    );
}

#[test]
fn a_refused_user_call_is_kept_for_the_fleet_row_but_failing_getters_are_not() {
    let mut h = Harness::new();
    let frames = h.open_and_discover(GETTERS);
    h.answer_all(
        &frames,
        |_| json!({"error": {"code": -32603, "message": "boom"}}),
    );
    assert_eq!(
        h.model.refusal, None,
        "sync failures are the link's problem"
    );
    let c = h
        .conn
        .call(3, "minecraft:bans/add", Some(&json!([])), h.now)
        .unwrap();
    h.run(vec![c]);
    let id = h.take_sent()[0]["id"].clone();
    h.frame(json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32602, "message": "Invalid params", "data": "no"}}));
    let r = h.model.refusal.clone().expect("noted");
    assert_eq!(
        (r.method.as_str(), r.error.code),
        ("minecraft:bans/add", -32602)
    );
    assert_eq!(r.at_ms, h.now);
    // It outlives a reconnect (the user's action, not the server's state) until dismissed.
    let c = h.conn.closed(1006, h.now);
    h.run(c);
    let c = h.conn.retry_now();
    h.run(c);
    let c = h.conn.opened(h.now, &mut h.model);
    h.run(c);
    assert!(h.model.refusal.is_some());
    h.model.dismiss_refusal();
    assert_eq!(h.model.refusal, None);
}

#[test]
fn a_failed_discovery_is_a_problem_not_a_spin() {
    let mut h = Harness::new();
    let c = h.conn.connect();
    h.run(c);
    let c = h.conn.opened(h.now, &mut h.model);
    h.run(c);
    let id = h.take_sent()[0]["id"].clone();
    h.frame(json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "Method not found"}}));
    assert!(matches!(h.conn.problem(), Some(SyncProblem::Discover(_))));
    assert_eq!(h.conn.link(), &Link::Ready);
    assert!(h.take_sent().is_empty());
}

#[test]
fn calls_are_refused_when_not_open_and_fail_with_a_clear_error_on_a_drop() {
    let mut h = Harness::new();
    assert_eq!(
        h.conn.call(7, "minecraft:allowlist", None, h.now),
        Err(Failure::NotConnected)
    );
    h.ready();
    let c = h
        .conn
        .call(7, "minecraft:allowlist/clear", None, h.now)
        .unwrap();
    h.run(vec![c]);
    let c = h.conn.closed(1006, h.now);
    h.run(c);
    assert_eq!(
        h.answers,
        vec![(7, Err(Failure::Call(CallError::Disconnected)))]
    );
    let text = h.answers[0].1.as_ref().unwrap_err().to_string();
    assert!(text.contains("may or may not"), "{text}");
    assert!(matches!(h.conn.link(), Link::Lost { attempt: 1, .. }));
}

#[test]
fn the_first_attempt_failing_is_failed_not_lost() {
    let mut h = Harness::new();
    let c = h.conn.connect();
    h.run(c);
    assert_eq!(h.opens, 1);
    let c = h.conn.closed(1006, h.now);
    h.run(c);
    assert_eq!(h.conn.link(), &Link::Failed { code: 1006 });
    h.tick(120_000);
    assert_eq!(h.opens, 1, "no retry of an attempt that never opened");
}

#[test]
fn reconnects_back_off_with_jitter_and_retry_now_skips_the_wait() {
    let mut delays = Vec::new();
    for seed in [1u64, 2, 3] {
        let mut h = Harness::new();
        h.conn = Connection::new(seed);
        h.ready();
        let mut per_seed = Vec::new();
        for attempt in 1..=4u32 {
            let c = h.conn.closed(1006, h.now);
            h.run(c);
            let Link::Lost {
                retry_at_ms,
                attempt: a,
            } = h.conn.link().clone()
            else {
                panic!("{:?}", h.conn.link())
            };
            assert_eq!(a, attempt);
            let delay = retry_at_ms - h.now;
            let nominal = 1000u64 << (attempt - 1);
            assert!(
                delay >= nominal * 4 / 5 && delay <= nominal * 6 / 5,
                "attempt {attempt}: {delay} ms is within 20% of {nominal}"
            );
            per_seed.push(delay);
            h.tick(delay - 1);
            assert!(
                matches!(h.conn.link(), Link::Lost { .. }),
                "not before its time"
            );
            h.tick(1);
            assert_eq!(h.conn.link(), &Link::Reconnecting { attempt });
        }
        delays.push(per_seed);
    }
    assert!(
        delays[0] != delays[1] || delays[1] != delays[2],
        "different panels retry at different instants: {delays:?}"
    );

    let mut h = Harness::new();
    h.ready();
    let c = h.conn.closed(1006, h.now);
    h.run(c);
    let opens = h.opens;
    let c = h.conn.retry_now();
    h.run(c);
    assert_eq!(h.opens, opens + 1);
    assert!(matches!(h.conn.link(), Link::Reconnecting { .. }));
}

#[test]
fn a_silent_link_with_a_heartbeat_is_noticed_as_lost() {
    let mut h = Harness::new();
    let frames = h.open_and_discover(&["minecraft:serversettings/status_heartbeat_interval"]);
    h.answer_all(&frames, |_| json!({"result": 5}));
    assert_eq!(h.conn.link(), &Link::Ready);
    // Heartbeats every 5 s keep it alive.
    for _ in 0..10 {
        h.tick(5_000);
        h.frame(
            json!({"jsonrpc": "2.0", "method": "minecraft:notification/server/status",
            "params": [{"started": true, "players": []}]}),
        );
    }
    assert_eq!(h.conn.link(), &Link::Ready);
    // Then silence: 2 missed heartbeats and the grace later, the link is given up.
    h.tick(14_000);
    assert_eq!(h.conn.link(), &Link::Ready);
    h.tick(2_000);
    assert!(
        matches!(h.conn.link(), Link::Lost { .. }),
        "{:?}",
        h.conn.link()
    );
    assert_eq!(h.closes, 1, "the dead transport is closed");
}

#[test]
fn a_quiet_link_without_heartbeat_is_probed_and_a_dead_one_noticed() {
    let mut h = Harness::new();
    h.ready();
    h.tick(PROBE_AFTER_MS - 1);
    assert!(
        h.take_sent().is_empty(),
        "not probed before it has been quiet long enough"
    );
    h.tick(1);
    let probe = h.take_sent();
    assert_eq!(probe.len(), 1);
    assert_eq!(probe[0]["method"], "minecraft:server/status");
    // A live server answers: still ready, and the next probe only after another quiet spell.
    h.frame(
        json!({"jsonrpc": "2.0", "id": probe[0]["id"], "result": {"started": true, "players": []}}),
    );
    h.tick(1_000);
    assert!(h.take_sent().is_empty());
    h.tick(PROBE_AFTER_MS);
    let probe = h.take_sent();
    assert_eq!(probe.len(), 1);
    // Nothing comes back: once the probe's deadline passes, the link is lost.
    h.tick(DEFAULT_TIMEOUT_MS - 1);
    assert_eq!(h.conn.link(), &Link::Ready);
    h.tick(1);
    assert!(
        matches!(h.conn.link(), Link::Lost { .. }),
        "{:?}",
        h.conn.link()
    );
    assert_eq!(h.closes, 1);
}

#[test]
fn a_slow_answer_is_a_timeout_not_a_dead_link_when_frames_still_arrive() {
    let mut h = Harness::new();
    h.ready();
    let c = h.conn.call(1, "minecraft:allowlist", None, h.now).unwrap();
    h.run(vec![c]);
    for _ in 0..6 {
        h.tick(5_000);
        h.frame(notification("minecraft:notification/server/activity"));
    }
    assert_eq!(h.answers.len(), 1);
    assert!(matches!(
        h.answers[0].1,
        Err(Failure::Call(CallError::Timeout { .. }))
    ));
    assert_eq!(h.conn.link(), &Link::Ready);
}

#[test]
fn an_oversized_frame_is_logged_unread() {
    let mut h = Harness::new();
    h.ready();
    h.conn.oversized(40 << 20, h.now, &mut h.model);
    let e = h.model.events.back().unwrap();
    let too_long = Problem::from(Kind::TooLong {
        mib: 40,
        limit_mib: 16,
    });
    assert_eq!(e.error.as_ref(), Some(&too_long));
    assert_eq!(
        too_long.to_string(),
        "a frame of 40 MiB, over the 16 MiB limit: dropped unread"
    );
}

#[test]
fn disconnect_is_idle_and_never_reconnects() {
    let mut h = Harness::new();
    h.ready();
    let c = h.conn.disconnect();
    h.run(c);
    assert_eq!(h.conn.link(), &Link::Idle);
    let c = h.conn.closed(1000, h.now);
    h.run(c);
    h.tick(600_000);
    assert_eq!(h.conn.link(), &Link::Idle);
    assert_eq!(h.opens, 1);
}

#[test]
fn an_overloaded_queue_drops_the_link_says_why_and_resyncs() {
    let mut h = Harness::new();
    h.ready();
    let c = h.conn.overloaded(100_001, h.now, &mut h.model);
    h.run(c);
    assert_eq!(h.closes, 1, "the socket is closed");
    assert!(
        matches!(h.conn.link(), Link::Lost { .. }),
        "{:?}",
        h.conn.link()
    );
    let e = h.model.events.back().unwrap();
    let overloaded = Problem::from(Kind::Overloaded { queued: 100_001 });
    assert_eq!(e.error.as_ref(), Some(&overloaded));
    assert!(overloaded
        .to_string()
        .starts_with("100001 frames waiting: "));
    // After the backoff it connects again and fetches everything afresh.
    h.tick(120_000);
    assert_eq!(h.opens, 2);
    let c = h.conn.opened(h.now, &mut h.model);
    h.run(c);
    let sent = h.take_sent();
    assert_eq!(sent[0]["method"], "rpc.discover");
}
