//! The simulator core: state + `handle(frame)` → effects, and `tick(now)` for everything
//! time-driven. No I/O and no clock: the caller passes `now_ms` (any monotonic origin).

use crate::control::{self, ControlSpec};
use crate::gamerules::{self, RuleValue};
use crate::methods::{self, After};
use crate::params;
use crate::persist;
use crate::profiles::{is_uuid, Profile, POOL};
use crate::rng::Rng;
use crate::rpc::{self, error, Dispatch};
use crate::variant::{Variant, CONSOLE_METHOD};
use crate::world::{OnlinePlayer, World};
use msmp::catalog::{self, MethodSpec, ProtocolVersion};
use msmp::jsonrpc::{codes, encode_notification, RpcError};
use msmp::types::Player;
use serde_json::{json, Value};

/// `server/activity` is rate limited to one per 30 s.
const ACTIVITY_WINDOW_MS: u64 = 30_000;
/// World upgrade progress is rate limited to one per second.
const UPGRADE_STEP_MS: u64 = 1_000;

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub protocol: ProtocolVersion,
    /// Overrides the stored `status_heartbeat_interval` when given (seconds, 0 = off).
    pub heartbeat_secs: Option<u64>,
    /// Fake players online at start.
    pub players: usize,
    /// Keep a light stream of joins, leaves, saves and rule changes going.
    pub activity: bool,
    pub seed: u64,
    /// Where in the pool of names the fake players start (servers of one fleet differ).
    pub first_player: usize,
    /// Another server's shape: fewer methods, another version string, an extra namespace.
    pub variant: Variant,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            protocol: ProtocolVersion::V3_0_0,
            heartbeat_secs: None,
            players: 0,
            activity: false,
            seed: 0x5EED,
            first_player: 0,
            variant: Variant::default(),
        }
    }
}

/// What the transport must do, in this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Send to the connection whose frame this was.
    Reply(String),
    /// Send to every connection (including the one whose frame this was).
    Notify(String),
    /// Write this to the state file (atomically).
    Persist(String),
    /// `server/stop`: close every connection, then exit.
    Stop,
}

struct Upgrade {
    total: u32,
    done: u32,
    fail: Option<String>,
    next_ms: u64,
}

pub struct Sim {
    world: World,
    discover: Value,
    variant: Variant,
    rng: Rng,
    next_activity_ms: Option<u64>,
    heartbeat_secs: i64,
    next_heartbeat_ms: Option<u64>,
    last_server_activity_ms: Option<u64>,
    upgrade: Option<Upgrade>,
    now: u64,
    stop: bool,
}

enum Target {
    Discover,
    Console,
    Real(&'static MethodSpec),
    Control(&'static ControlSpec),
}

impl Sim {
    /// A server as it is right after start; `stored` is the state file's text, if any.
    pub fn new(config: &SimConfig, stored: Option<&str>, now_ms: u64) -> Result<Sim, String> {
        let mut world = World::new(config.protocol);
        if let Some(text) = stored {
            persist::restore(&mut world, text)?;
        }
        if let Some(h) = config.heartbeat_secs {
            let h = i64::try_from(h)
                .unwrap_or(i64::MAX)
                .min(i64::from(i32::MAX));
            world.settings.set("status_heartbeat_interval", json!(h));
        }
        for i in config.first_player..config.first_player + config.players {
            let name = match POOL.get(i) {
                Some(n) => n.to_string(),
                None => format!("Player{}", i + 1),
            };
            let profile = world.directory.add(Profile::from_name(&name));
            let address = format!("10.0.{}.{}", 1 + i / 200, 10 + i % 200);
            world.online.push(OnlinePlayer { profile, address });
        }
        world.dirty = false;
        let mut sim = Sim {
            discover: config
                .variant
                .apply(control::discover_document(config.protocol)),
            variant: config.variant.clone(),
            world,
            rng: Rng::new(config.seed),
            next_activity_ms: None,
            heartbeat_secs: 0,
            next_heartbeat_ms: None,
            last_server_activity_ms: None,
            upgrade: None,
            now: now_ms,
            stop: false,
        };
        sim.next_activity_ms = config
            .activity
            .then(|| now_ms + sim.rng.range(2_000, 5_000));
        sim.sync_heartbeat();
        Ok(sim)
    }

    pub fn version(&self) -> ProtocolVersion {
        self.world.version
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// The state file's content now.
    pub fn snapshot(&self) -> String {
        persist::snapshot(&self.world)
    }

    /// Handles one text frame from a client.
    pub fn handle(&mut self, frame: &str, now_ms: u64) -> Vec<Effect> {
        self.now = now_ms;
        let mut out = Vec::new();
        if let Some(reply) = rpc::handle_frame(self, frame) {
            out.push(Effect::Reply(reply.to_string()));
        }
        self.finish(&mut out);
        out
    }

    /// When `tick` next has something to do.
    pub fn next_wakeup(&self) -> Option<u64> {
        [
            self.next_heartbeat_ms,
            self.next_activity_ms,
            self.upgrade.as_ref().map(|u| u.next_ms),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Runs everything due by `now_ms`: heartbeat, world upgrade progress, activity.
    pub fn tick(&mut self, now_ms: u64) -> Vec<Effect> {
        self.now = now_ms;
        if self.next_heartbeat_ms.is_some_and(|t| t <= now_ms) {
            // Before start the heartbeat only exists from 3.0.0 on.
            if self.world.started || self.world.version.gates_before_start() {
                let status = serde_json::to_value(self.world.status()).unwrap_or(Value::Null);
                self.world.notify("server/status", Some(status));
            }
            let period = self.heartbeat_secs.max(1) as u64 * 1000;
            let next = self.next_heartbeat_ms.unwrap_or(now_ms) + period;
            self.next_heartbeat_ms = Some(if next <= now_ms {
                now_ms + period
            } else {
                next
            });
        }
        self.step_upgrade(now_ms);
        if self.next_activity_ms.is_some_and(|t| t <= now_ms) {
            self.random_activity();
            self.next_activity_ms = Some(now_ms + self.rng.range(2_000, 6_000));
        }
        let mut out = Vec::new();
        self.finish(&mut out);
        out
    }

    fn sync_heartbeat(&mut self) {
        let secs = self.world.settings.int("status_heartbeat_interval");
        if secs != self.heartbeat_secs {
            self.heartbeat_secs = secs;
            self.next_heartbeat_ms = (secs > 0).then(|| self.now + secs as u64 * 1000);
        }
    }

    /// Queued notifications after the reply, then persistence and stop.
    fn finish(&mut self, out: &mut Vec<Effect>) {
        self.sync_heartbeat();
        if self.world.active {
            self.world.active = false;
            let due = self
                .last_server_activity_ms
                .is_none_or(|t| self.now >= t + ACTIVITY_WINDOW_MS);
            if due && self.world.version >= ProtocolVersion::V1_1_0 {
                self.last_server_activity_ms = Some(self.now);
                self.world.notify("server/activity", None);
            }
        }
        out.extend(self.world.out.drain(..).map(Effect::Notify));
        if self.world.dirty {
            self.world.dirty = false;
            out.push(Effect::Persist(persist::snapshot(&self.world)));
        }
        if self.stop {
            out.push(Effect::Stop);
        }
    }

    fn step_upgrade(&mut self, now_ms: u64) {
        let Some(u) = self.upgrade.as_mut() else {
            return;
        };
        if u.next_ms > now_ms {
            return;
        }
        u.done += 1;
        u.next_ms = now_ms + UPGRADE_STEP_MS;
        let (done, total) = (u.done, u.total);
        if done >= total {
            let fail = u.fail.take();
            self.upgrade = None;
            match fail {
                Some(reason) => self
                    .world
                    .notify("world/upgrade_failed", Some(json!(reason))),
                None => {
                    self.world
                        .notify("world/upgrade_progress", Some(json!(1.0)));
                    self.world.notify("world/upgrade_finished", None);
                }
            }
        } else {
            let progress = f64::from(done) / f64::from(total);
            self.world
                .notify("world/upgrade_progress", Some(json!(progress)));
        }
    }

    fn random_activity(&mut self) {
        let roll = self.rng.range(0, 99);
        let online = self.world.online.len();
        if roll < 35 || (roll < 60 && online == 0) {
            let offline: Vec<&str> = POOL
                .iter()
                .copied()
                .filter(|n| !self.world.online.iter().any(|o| o.profile.name == *n))
                .collect();
            if online < 8 {
                if let Some(name) = self.rng.pick(&offline).map(|n| n.to_string()) {
                    let profile = self.world.directory.add(Profile::from_name(&name));
                    let _ = self.world.join(profile, None);
                }
            }
        } else if roll < 60 {
            let i = self.rng.range(0, online as u64 - 1) as usize;
            self.world.disconnect(i);
        } else if roll < 80 {
            self.world.notify("server/saving", None);
            self.world.notify("server/saved", None);
        } else {
            let rules = gamerules::table(self.world.version);
            let bools: Vec<usize> = (0..rules.len())
                .filter(|i| matches!(rules[*i].1, RuleValue::Bool(_)))
                .collect();
            if let Some(&i) = self.rng.pick(&bools) {
                let RuleValue::Bool(b) = self.world.rules.get(i) else {
                    return;
                };
                self.world.rules.set(i, RuleValue::Bool(!b));
                self.world.dirty = true;
                self.world.active = true;
                let typed = serde_json::to_value(self.world.rules.typed(self.world.version, i))
                    .unwrap_or(Value::Null);
                self.world.notify("gamerules/updated", Some(typed));
            }
        }
    }

    fn control(&mut self, name: &str, a: Option<&Value>) -> Result<Value, String> {
        let arg = || a.ok_or_else(|| "Expected params as array or named".to_string());
        match name {
            "sim:players/join" => {
                let v = params::strip_nulls(arg()?);
                params::require(&v, &[])?;
                let name = v.get("name").map(params::string).transpose()?;
                let id = v.get("id").map(params::string).transpose()?;
                let address = v.get("address").map(params::string).transpose()?;
                if let Some(addr) = &address {
                    if addr.parse::<std::net::IpAddr>().is_err() {
                        return Err(format!("Not a valid IP address: {addr}"));
                    }
                }
                let known = id
                    .as_deref()
                    .and_then(|i| self.world.directory.by_id(i))
                    .or_else(|| {
                        name.as_deref()
                            .and_then(|n| self.world.directory.by_name(n))
                    })
                    .cloned();
                let profile = match (known, name) {
                    (Some(p), _) => p,
                    (None, Some(n)) => self.add_profile(&n, id.as_deref())?,
                    (None, None) => return Err("Unknown profile id and no name given".into()),
                };
                let player = self.world.join(profile, address)?;
                Ok(serde_json::to_value(player).unwrap_or(Value::Null))
            }
            "sim:players/leave" => {
                let p = params::player(arg()?)?;
                Ok(json!(match self.world.find_online(&p) {
                    Some(i) => {
                        self.world.disconnect(i);
                        true
                    }
                    None => false,
                }))
            }
            "sim:profiles" => Ok(json!(self
                .world
                .directory
                .all()
                .iter()
                .map(Profile::player)
                .collect::<Vec<Player>>())),
            "sim:profiles/add" => {
                let mut added = Vec::new();
                for p in params::players(arg()?)? {
                    let Some(n) = p.name.as_deref() else {
                        return Err("Each profile needs a name".into());
                    };
                    added.push(self.add_profile(n, p.id.as_deref())?.player());
                }
                Ok(serde_json::to_value(added).unwrap_or(Value::Null))
            }
            "sim:notify" => {
                let v = arg()?;
                params::require(v, &["method"])?;
                let method = params::string(&v["method"])?;
                let param = v.get("params").filter(|p| !p.is_null());
                self.world.out.push(encode_notification(&method, param));
                Ok(json!(true))
            }
            "sim:server/set_started" => {
                let started = params::boolean(arg()?)?;
                if started != self.world.started {
                    self.world.started = started;
                    if started {
                        self.world.notify("server/started", None);
                    }
                }
                Ok(json!(started))
            }
            "sim:world/upgrade" => {
                let v = params::strip_nulls(arg()?);
                params::require(&v, &[])?;
                let steps = match v.get("steps") {
                    None => 3,
                    Some(s) => match s.as_u64() {
                        Some(n @ 1..=1000) => n as u32,
                        _ => return Err(format!("steps must be an integer from 1 to 1000: {s}")),
                    },
                };
                let fail = v.get("failReason").map(params::string).transpose()?;
                if self.upgrade.is_some() {
                    return Ok(json!(false));
                }
                self.world.notify("world/upgrade_started", None);
                self.upgrade = Some(Upgrade {
                    total: steps,
                    done: 0,
                    fail,
                    next_ms: self.now + UPGRADE_STEP_MS,
                });
                Ok(json!(true))
            }
            other => Err(format!("Unknown control method {other}")),
        }
    }

    fn add_profile(&mut self, name: &str, id: Option<&str>) -> Result<Profile, String> {
        if name.is_empty() || name.len() > 16 {
            return Err(format!("Not a valid player name: {name:?}"));
        }
        let id = match id {
            Some(i) if is_uuid(i) => i.to_lowercase(),
            Some(i) => return Err(format!("Invalid UUID {i}: Not a valid UUID string")),
            None => Profile::from_name(name).id,
        };
        let before = self.world.directory.all().len();
        let p = self.world.directory.add(Profile {
            id,
            name: name.to_string(),
        });
        if self.world.directory.all().len() != before {
            self.world.dirty = true;
        }
        Ok(p)
    }
}

impl Dispatch for Sim {
    fn dispatch(&mut self, raw: &str, params: Option<&Value>) -> Result<Value, RpcError> {
        let v = self.world.version;
        let Some(full) = rpc::parse_method(raw) else {
            return Err(error(
                codes::INVALID_REQUEST,
                Some(format!("Failed to parse method value: {raw}")),
            ));
        };
        let target = if full == "minecraft:rpc.discover" {
            Target::Discover
        } else if self.variant.omits(&full) {
            return Err(error(
                codes::METHOD_NOT_FOUND,
                Some(format!("Method not found: {raw}")),
            ));
        } else if self.variant.console && full == CONSOLE_METHOD {
            Target::Console
        } else if let Some(m) = catalog::find_method(&full, v) {
            Target::Real(m)
        } else if let Some(c) = control::find(&full, v) {
            Target::Control(c)
        } else {
            return Err(error(
                codes::METHOD_NOT_FOUND,
                Some(format!("Method not found: {raw}")),
            ));
        };
        // Before start the real server dispatches only `rpc.discover` (clients retry
        // `server/status` on this very error); `sim:` control stays usable for tests.
        let gated = matches!(target, Target::Real(_));
        if gated && v.gates_before_start() && !self.world.started {
            return Err(error(
                codes::INVALID_REQUEST,
                Some(format!(
                    "Method cannot be dispatched pre server initialization: {raw}"
                )),
            ));
        }
        let param_name = match &target {
            Target::Discover | Target::Console => None,
            Target::Real(m) => m.param.map(|p| p.name),
            Target::Control(c) => c.param.map(|p| p.0),
        };
        let invalid = |e: String| error(codes::INVALID_PARAMS, Some(e));
        let arg = params::extract(param_name, params).map_err(invalid)?;
        match target {
            Target::Discover => Ok(self.discover.clone()),
            Target::Console => Ok(json!([
                "[Server thread/INFO]: Done (4.2s)! For help, type \"help\"",
                format!(
                    "[Server thread/INFO]: There are {} players online",
                    self.world.online.len()
                ),
            ])),
            Target::Real(m) => {
                let mut after = After::default();
                let r = methods::call(&mut self.world, m, arg, &mut after).map_err(invalid)?;
                self.stop |= after.stop;
                Ok(r)
            }
            Target::Control(c) => self.control(c.name, arg).map_err(invalid),
        }
    }
}
