//! Every method of every protocol version, called at least once against the real binary,
//! with its result and the notifications it causes checked (responses always first).

mod common;
use common::{Client, Sim};
use msmp::catalog::{self, Kind, ProtocolVersion, Schema};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use tokio::net::TcpStream;

struct Run {
    c: Client<TcpStream>,
    v: ProtocolVersion,
    called: BTreeSet<String>,
}

impl Run {
    /// Calls, checks the result, then the notifications (short name, optional param).
    async fn step(
        &mut self,
        method: &str,
        arg: Option<Value>,
        result: Value,
        notes: &[(&str, Option<Value>)],
    ) -> Value {
        self.called.insert(catalog::qualify(method).into_owned());
        let r = self.c.call(method, arg).await;
        // A rate-limited server/activity from the previous step may still be in flight.
        self.c
            .notes
            .retain(|n| n["method"] != "minecraft:notification/server/activity");
        assert!(
            self.c.notes.is_empty(),
            "{method}: a notification came before the response"
        );
        assert_eq!(r, result, "{}: {method}", self.v);
        for (name, param) in notes {
            let (got, params) = loop {
                let (n, p) = self.c.note_named().await;
                if n != "server/activity" {
                    break (n, p);
                }
            };
            assert_eq!(&got, name, "{}: after {method}", self.v);
            if let Some(p) = param {
                assert_eq!(
                    params,
                    Some(json!([p])),
                    "{}: {name} after {method}",
                    self.v
                );
            }
        }
        r
    }
}

fn p(name: &str, id: &str) -> Value {
    json!({"id": id, "name": name})
}

async fn exercise(v: ProtocolVersion) {
    let sim = Sim::start(&["--protocol", v.as_str(), "--players", "2"]).await;
    let c = sim.connect().await;
    let mut r = Run {
        c,
        v,
        called: BTreeSet::new(),
    };
    let dir = r.c.call("sim:profiles", None).await;
    let id = |name: &str| {
        dir.as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (jeb, notch, dinner, grumm) = (id("jeb_"), id("Notch"), id("Dinnerbone"), id("Grumm"));
    let (steve, alex) = (id("Steve"), id("Alex"));
    assert_eq!(jeb, "853c80ef-3c37-49fd-aa49-938b674adae6");

    let doc = r.c.call("rpc.discover", None).await;
    assert_eq!(doc["info"]["version"], v.as_str());

    r.step(
        "players",
        None,
        json!([p("Steve", &steve), p("Alex", &alex)]),
        &[],
    )
    .await;

    // Allowlist: unknown names are skipped silently; repeats change nothing.
    r.step("allowlist", None, json!([]), &[]).await;
    r.step(
        "allowlist/add",
        Some(json!([{"name": "jeb_"}, {"name": "nobody_zz"}])),
        json!([p("jeb_", &jeb)]),
        &[("allowlist/added", Some(p("jeb_", &jeb)))],
    )
    .await;
    r.step(
        "minecraft:allowlist/add",
        Some(json!([{"name": "JEB_"}])),
        json!([p("jeb_", &jeb)]),
        &[],
    )
    .await;
    r.step(
        "allowlist/remove",
        Some(json!([{"id": jeb}])),
        json!([]),
        &[("allowlist/removed", Some(p("jeb_", &jeb)))],
    )
    .await;
    r.step(
        "allowlist/set",
        Some(json!([{"name": "Notch"}])),
        json!([p("Notch", &notch)]),
        &[("allowlist/added", None)],
    )
    .await;
    r.step(
        "allowlist/clear",
        None,
        json!([]),
        &[("allowlist/removed", Some(p("Notch", &notch)))],
    )
    .await;

    // Bans: explicit nulls are absent, the source defaults.
    r.step("bans", None, json!([]), &[]).await;
    let banned = json!({"player": p("Dinnerbone", &dinner), "source": "Management server"});
    r.step("bans/add", Some(json!([{"player": {"name": "Dinnerbone"}, "reason": null, "source": null, "expires": null}])),
        json!([banned]), &[("bans/added", Some(banned.clone()))]).await;
    r.step(
        "bans/remove",
        Some(json!([{"name": "dinnerbone"}])),
        json!([]),
        &[("bans/removed", Some(p("Dinnerbone", &dinner)))],
    )
    .await;
    let timed = json!({"player": p("Grumm", &grumm), "reason": "grief", "source": "console", "expires": "2030-01-01T00:00:00Z"});
    r.step("bans/set", Some(json!([{"player": {"name": "Grumm"}, "reason": "grief", "source": "console", "expires": "2030-01-01T00:00:00Z"}])),
        json!([timed]), &[("bans/added", Some(timed.clone()))]).await;
    r.step("bans/clear", None, json!([]), &[("bans/removed", None)])
        .await;

    // IP bans: a valid ip, else the online player's address (who is disconnected), else nothing.
    r.step("ip_bans", None, json!([]), &[]).await;
    let ip1 = json!({"ip": "203.0.113.5", "source": "Management server"});
    let alex_ip = json!({"ip": "10.0.1.11", "reason": "alt", "source": "Management server"});
    r.step("ip_bans/add", Some(json!([{"ip": "203.0.113.5"}, {"player": {"name": "alex"}, "reason": "alt"}, {"player": {"name": "Notch"}}, {"ip": "not-an-ip"}])),
        json!([ip1, alex_ip]),
        &[("ip_bans/added", Some(ip1.clone())), ("ip_bans/added", Some(alex_ip.clone())), ("players/left", Some(p("Alex", &alex)))]).await;
    r.step(
        "ip_bans/remove",
        Some(json!(["203.0.113.5", "192.0.2.99"])),
        json!([alex_ip]),
        &[("ip_bans/removed", Some(json!("203.0.113.5")))],
    )
    .await;
    let ip3 = json!({"ip": "198.51.100.7", "source": "Management server"});
    r.step(
        "ip_bans/set",
        Some(json!([{"ip": "198.51.100.7"}])),
        json!([ip3]),
        &[
            ("ip_bans/removed", Some(json!("10.0.1.11"))),
            ("ip_bans/added", Some(ip3.clone())),
        ],
    )
    .await;
    r.step(
        "ip_bans/clear",
        None,
        json!([]),
        &[("ip_bans/removed", Some(json!("198.51.100.7")))],
    )
    .await;

    // Operators: the level defaults to operator_user_permission_level (4).
    r.step("operators", None, json!([]), &[]).await;
    let op4 =
        json!({"player": p("jeb_", &jeb), "permissionLevel": 4, "bypassesPlayerLimit": false});
    r.step(
        "operators/add",
        Some(json!([{"player": {"name": "jeb_"}}])),
        json!([op4]),
        &[("operators/added", Some(op4.clone()))],
    )
    .await;
    let op2 = json!({"player": p("jeb_", &jeb), "permissionLevel": 2, "bypassesPlayerLimit": true});
    r.step("operators/set", Some(json!([{"player": {"name": "jeb_"}, "permissionLevel": 2, "bypassesPlayerLimit": true}])), json!([op2]),
        &[("operators/removed", Some(op4.clone())), ("operators/added", Some(op2.clone()))]).await;
    r.step(
        "operators/remove",
        Some(json!([{"name": "jeb_"}])),
        json!([]),
        &[("operators/removed", Some(op2))],
    )
    .await;
    r.step(
        "operators/add",
        Some(json!([{"player": {"name": "Notch"}, "permissionLevel": 3}])),
        json!([{"player": p("Notch", &notch), "permissionLevel": 3, "bypassesPlayerLimit": false}]),
        &[("operators/added", None)],
    )
    .await;
    r.step(
        "operators/clear",
        None,
        json!([]),
        &[("operators/removed", None)],
    )
    .await;

    // Kick: only online players come back, echoing the request's player object.
    r.step("players/kick", Some(json!([{"player": {"name": "steve"}, "message": {"literal": "bye"}}, {"player": {"name": "Notch"}}])),
        json!([{"name": "steve"}]), &[("players/left", Some(p("Steve", &steve)))]).await;

    // Status omits players when nobody is online.
    let status = r.c.call("server/status", None).await;
    r.called.insert("minecraft:server/status".into());
    assert_eq!(status["started"], true);
    assert!(status.get("players").is_none(), "{status}");
    assert!(status["version"]["name"].is_string() && status["version"]["protocol"].is_i64());

    r.step(
        "server/save",
        Some(json!(true)),
        json!(true),
        &[("server/saving", None), ("server/saved", None)],
    )
    .await;
    r.step(
        "server/system_message",
        Some(json!({"message": {"literal": "hi"}, "overlay": false})),
        json!(true),
        &[],
    )
    .await;
    r.step(
        "server/system_message",
        Some(json!({"message": {}, "overlay": false})),
        json!(false),
        &[],
    )
    .await;
    r.step(
        "server/system_message",
        Some(json!({"message": {"translatable": "x"}, "overlay": true, "receivingPlayers": []})),
        json!(false),
        &[],
    )
    .await;

    // Every setting: get the default, set a new value, get it back.
    for s in &catalog::SETTINGS {
        let current = r.step(s.get_method, None, r_default(s.key), &[]).await;
        let new = match (s.key, s.schema) {
            ("difficulty", _) => json!("hard"),
            ("game_mode", _) => json!("creative"),
            ("status_heartbeat_interval", _) => json!(0),
            (_, Schema::Bool) => json!(!current.as_bool().unwrap()),
            (_, Schema::Int) => json!(s.limits.map_or(7, |(lo, hi)| (lo + 2).min(hi))),
            _ => json!("Hello from the test"),
        };
        r.step(s.set_method, Some(new.clone()), new.clone(), &[])
            .await;
        r.step(s.get_method, None, new, &[]).await;
    }

    // Game rules in the version's naming and value types.
    let all_rules = r.c.call("gamerules", None).await;
    let rules = r.step("gamerules", None, all_rules, &[]).await;
    let (key, value, typed) = if v.typed_game_rules() {
        (
            "minecraft:advance_time",
            json!(false),
            json!({"key": "minecraft:advance_time", "type": "boolean", "value": false}),
        )
    } else {
        (
            "doDaylightCycle",
            json!("false"),
            json!({"key": "doDaylightCycle", "type": "boolean", "value": "false"}),
        )
    };
    assert!(
        rules.as_array().unwrap().iter().any(|g| g["key"] == key),
        "{rules}"
    );
    assert!(rules.as_array().unwrap().len() >= 30);
    r.step(
        "gamerules/update",
        Some(json!({"key": key, "value": value})),
        typed.clone(),
        &[("gamerules/updated", Some(typed.clone()))],
    )
    .await;
    r.step(
        "gamerules/update",
        Some(json!({"key": key, "value": value})),
        typed,
        &[],
    )
    .await;

    let expected: BTreeSet<String> = catalog::methods(v)
        .filter(|m| m.kind == Kind::Method && m.name != "minecraft:server/stop")
        .map(|m| m.name.to_string())
        .collect();
    let missing: Vec<_> = expected.difference(&r.called).collect();
    assert!(missing.is_empty(), "{v}: not exercised: {missing:?}");

    // Last: stop answers true, then stopping, then the connection closes and the process exits.
    r.step(
        "server/stop",
        None,
        json!(true),
        &[("server/stopping", None)],
    )
    .await;
    let mut sim = sim;
    assert!(sim.exit_status().await.success());
}

fn r_default(key: &str) -> Value {
    match key {
        "autosave" | "status_replies" => json!(true),
        "difficulty" => json!("easy"),
        "max_players" => json!(20),
        "pause_when_empty_seconds" => json!(60),
        "motd" => json!("A Minecraft Server"),
        "spawn_protection_radius" => json!(16),
        "game_mode" => json!("survival"),
        "view_distance" | "simulation_distance" => json!(10),
        "operator_user_permission_level" => json!(4),
        "entity_broadcast_range" => json!(100),
        "player_idle_timeout" | "status_heartbeat_interval" => json!(0),
        _ => json!(false),
    }
}

#[tokio::test]
async fn every_method_1_0_0() {
    exercise(ProtocolVersion::V1_0_0).await;
}

#[tokio::test]
async fn every_method_1_1_0() {
    exercise(ProtocolVersion::V1_1_0).await;
}

#[tokio::test]
async fn every_method_2_0_0() {
    exercise(ProtocolVersion::V2_0_0).await;
}

#[tokio::test]
async fn every_method_3_0_0() {
    exercise(ProtocolVersion::V3_0_0).await;
}

#[tokio::test]
async fn every_method_3_1_0() {
    exercise(ProtocolVersion::V3_1_0).await;
}
