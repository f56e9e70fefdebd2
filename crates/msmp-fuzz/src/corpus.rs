//! Real frames and starting states, made by running the panel mirror against `msmp-sim`
//! for every protocol version: the discover documents, every method's result (with
//! parameters shaped by the catalog), real errors (unknown method, bad params, before
//! start, parse errors), notifications from the simulator's own activity, and the panel
//! states the fuzzer starts its cases from.

use crate::gen;
use crate::panel::Panel;
use crate::rng::Rng;
use msmp::catalog::{self, Kind, ProtocolVersion};
use msmp::model::DiscoverInfo;
use msmp_sim::{Effect, Sim, SimConfig};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A starting state for cases.
pub struct Base {
    pub name: String,
    /// The panel, without its discover document (see [`Starts`]).
    pub panel: Panel,
    pub discover: Option<DiscoverInfo>,
    pub version: ProtocolVersion,
}

/// Hands out copies of the starting states. Copying a discover document costs more than
/// most cases, so a case that left it untouched gives it back for the next one.
pub struct Starts {
    spare: Vec<Option<Option<DiscoverInfo>>>,
}

impl Starts {
    pub fn new(c: &Corpus) -> Starts {
        Starts {
            spare: c.bases.iter().map(|_| None).collect(),
        }
    }

    pub fn start(&mut self, c: &Corpus, base: usize) -> Panel {
        let b = &c.bases[base];
        let mut p = b.panel.clone();
        p.model.discover = match self.spare[base].take() {
            Some(d) => d,
            None => b.discover.clone(),
        };
        p
    }

    pub fn finish(&mut self, base: usize, p: Panel) {
        if !p.discover_touched {
            self.spare[base] = Some(p.model.discover);
        } else if p.stash.is_some() {
            self.spare[base] = Some(p.stash);
        }
    }
}

pub struct Corpus {
    /// Every frame the simulator sent, as text.
    pub frames: Vec<String>,
    /// Method → the `result`/`error` members of real responses to it.
    pub answers: BTreeMap<String, Vec<(String, Value)>>,
    /// Real notification frames.
    pub notifications: Vec<Value>,
    pub bases: Vec<Base>,
}

struct Driver {
    sim: Sim,
    panel: Panel,
    now: u64,
}

impl Driver {
    fn new(v: ProtocolVersion, seed: u64) -> Driver {
        let config = SimConfig {
            protocol: v,
            heartbeat_secs: Some(2),
            players: 3,
            activity: true,
            seed,
            ..SimConfig::default()
        };
        let sim = Sim::new(&config, None, 0).expect("a fresh simulator starts");
        let mut panel = Panel::new(seed);
        panel.record = true;
        Driver { sim, panel, now: 0 }
    }

    fn expect(r: Result<(), String>) {
        if let Err(e) = r {
            panic!("building the corpus broke an invariant: {e}");
        }
    }

    /// Delivers the simulator's effects to the panel, recording every frame.
    fn deliver(&mut self, effects: Vec<Effect>, c: &mut Corpus) {
        for e in effects {
            let (Effect::Reply(text) | Effect::Notify(text)) = e else {
                continue;
            };
            c.record(&text, &self.panel);
            Self::expect(self.panel.on_bytes(text.as_bytes()));
            Self::expect(self.panel.flush());
        }
    }

    /// Sends what the panel queued until both sides are quiet.
    fn pump(&mut self, c: &mut Corpus) {
        while !self.panel.outbox.is_empty() {
            for frame in std::mem::take(&mut self.panel.outbox) {
                let effects = self.sim.handle(&frame, self.now);
                self.deliver(effects, c);
            }
        }
    }

    /// Runs the simulator's timers for `ms`, a second at a time.
    fn run(&mut self, ms: u64, c: &mut Corpus) {
        let end = self.now + ms;
        while self.now < end {
            self.now += 1000;
            Self::expect(self.panel.advance(1000));
            let effects = self.sim.tick(self.now);
            self.deliver(effects, c);
            self.pump(c);
        }
    }

    fn call(&mut self, method: &str, param: Option<Value>, c: &mut Corpus) {
        match self.panel.call(method, param.as_ref()) {
            Ok(true) => self.pump(c),
            Ok(false) => panic!("building the corpus: {method} refused, not connected"),
            Err(e) => panic!("building the corpus broke an invariant: {e}"),
        }
    }

    fn connect(&mut self, c: &mut Corpus) {
        Self::expect(self.panel.connect());
        Self::expect(self.panel.on_open());
        self.pump(c);
    }

    /// The panel as it is now, with an empty event log unless `log`.
    fn base(&self, name: &str, v: ProtocolVersion) -> Base {
        let mut panel = self.panel.clone();
        panel.record = false;
        panel.outbox.clear();
        panel.forget_completed();
        panel.discover_touched = false;
        panel.stash = None;
        panel.frames = 0;
        panel.applied = 0;
        if let Err(e) = panel.log_bytes.update(&panel.model) {
            panic!("building the corpus broke an invariant: {e}");
        }
        if !name.contains("log") {
            panel.model.clear_events();
        }
        let discover = std::mem::take(&mut panel.model.discover);
        Base {
            name: format!("{name} {v}"),
            panel,
            discover,
            version: v,
        }
    }
}

impl Corpus {
    fn record(&mut self, text: &str, panel: &Panel) {
        self.frames.push(text.to_string());
        let Ok(v) = serde_json::from_str::<Value>(text) else {
            return;
        };
        let items = match &v {
            Value::Array(a) => a.clone(),
            _ => vec![v],
        };
        for item in items {
            if item.get("method").is_some() {
                self.notifications.push(item);
                continue;
            }
            let Some(method) = item["id"].as_u64().and_then(|id| panel.method_of(id)) else {
                continue;
            };
            for member in ["result", "error"] {
                if let Some(x) = item.get(member) {
                    self.answers
                        .entry(method.to_string())
                        .or_default()
                        .push((member.to_string(), x.clone()));
                }
            }
        }
    }

    pub fn build(seed: u64) -> Corpus {
        let mut c = Corpus {
            frames: Vec::new(),
            answers: BTreeMap::new(),
            notifications: Vec::new(),
            bases: Vec::new(),
        };
        let mut rng = Rng::new(seed ^ 0xC0_4905);
        c.bases.push(Base {
            name: "idle".into(),
            panel: Panel::new(seed),
            discover: None,
            version: ProtocolVersion::LATEST,
        });
        for v in ProtocolVersion::ALL {
            let mut d = Driver::new(v, seed);
            Self::expect_link(&d);
            Driver::expect(d.panel.connect());
            c.bases.push(d.base("connecting", v));
            Driver::expect(d.panel.on_open());
            c.bases.push(d.base("syncing", v));
            // Discovery answered, the initial fetch not yet.
            let discover = std::mem::take(&mut d.panel.outbox);
            let effects = d.sim.handle(&discover[0], 0);
            d.deliver(effects, &mut c);
            c.bases.push(d.base("fetching", v));
            d.pump(&mut c);
            c.bases.push(d.base("ready", v));

            // Every method, twice with shaped parameters and once with a wrong one.
            for m in catalog::methods(v).filter(|m| m.kind == Kind::Method) {
                for attempt in 0..3 {
                    let param = match (&m.param, attempt) {
                        (Some(_), 2) => Some(gen::any(&mut rng, 2)),
                        (Some(p), _) => Some(gen::shaped(&mut rng, &p.schema, v)),
                        (None, 0) => None,
                        (None, _) => continue,
                    };
                    d.call(m.name, param, &mut c);
                }
            }
            d.call("minecraft:foo/bar", None, &mut c);
            d.call("sim:players/join", Some(json!({"name": "Steve"})), &mut c);
            d.call("sim:players/join", Some(json!({"name": "jeb_"})), &mut c);
            d.call("sim:players/leave", Some(json!({"name": "Steve"})), &mut c);
            if v >= ProtocolVersion::V3_1_0 {
                let upgrade = json!({"steps": 3});
                d.call("sim:world/upgrade", Some(upgrade), &mut c);
                let failing = json!({"steps": 2, "failReason": "disk full"});
                d.run(5_000, &mut c);
                d.call("sim:world/upgrade", Some(failing), &mut c);
            }
            d.run(20_000, &mut c);
            // Not started: 3.0.0+ refuses getters; then it starts and the panel refetches.
            d.call("sim:server/set_started", Some(json!(false)), &mut c);
            d.call("minecraft:players", None, &mut c);
            d.call("minecraft:server/status", None, &mut c);
            c.bases.push(d.base("not started", v));
            d.call("sim:server/set_started", Some(json!(true)), &mut c);
            // Calls left unanswered, for responses to match.
            for m in [
                "minecraft:allowlist/add",
                "minecraft:players",
                "minecraft:server/status",
            ] {
                let param = catalog::find(m)
                    .and_then(|s| s.param)
                    .map(|p| gen::shaped(&mut rng, &p.schema, v));
                Driver::expect(d.panel.call(m, param.as_ref()).map(|_| ()));
            }
            d.panel.outbox.clear();
            c.bases.push(d.base("ready, calls pending", v));
            Driver::expect(d.panel.on_close(1006));
            c.bases.push(d.base("lost", v));
            if v == ProtocolVersion::LATEST {
                // A full event log, at both of its bounds (1000 entries, 1 MiB).
                d.connect(&mut c);
                d.run(2_000, &mut c);
                let text = "x".repeat(1100);
                for _ in 0..msmp::model::EVENT_LOG_CAPACITY {
                    let f = format!(
                        r#"{{"jsonrpc":"2.0","method":"nem:chat_message","params":[{{"text":"{text}"}}]}}"#
                    );
                    Driver::expect(d.panel.on_bytes(f.as_bytes()));
                    Driver::expect(d.panel.flush());
                }
                c.bases.push(d.base("full event log", v));
            }
            // Frames a broken client could provoke: parse errors, empty batches, ...
            for junk in ["{", "[]", "", "[1]", r#"{"id":{}}"#, r#"{"method":1}"#] {
                let effects = d.sim.handle(junk, d.now);
                d.deliver(effects, &mut c);
            }
        }
        c
    }

    fn expect_link(d: &Driver) {
        assert!(!d.panel.link().is_open());
    }
}
