//! `ServerModel`'s reducers: idempotent, order-tolerant, and refusing wrong types.

use msmp::catalog::{self, ProtocolVersion};
use msmp::model::{EventKind, ServerModel, Upgrade, EVENT_LOG_CAPACITY};
use msmp::notification::Notification;
use msmp::problem::{Got, Kind, Problem, Step, Wanted};
use msmp::types::{GameRuleValue, Player};
use serde_json::{json, Value};

const JEB_ID: &str = "853c80ef-3c37-49fd-aa49-938b674adae6";
const NOTCH_ID: &str = "069a79f4-44e9-4726-a5be-fca90e38aaf5";

fn jeb() -> Value {
    json!({"id": JEB_ID, "name": "jeb_"})
}

fn notch() -> Value {
    json!({"id": NOTCH_ID, "name": "Notch"})
}

/// Feeds a notification as it arrives on the wire: `params` is a one-element array.
fn notify(m: &mut ServerModel, short: &str, arg: Option<Value>) -> Notification {
    let params = arg.map(|a| json!([a]));
    m.receive_notification(
        &format!("minecraft:notification/{short}"),
        params.as_ref(),
        1_000,
    )
}

fn named(n: &str) -> Player {
    Player {
        id: None,
        name: Some(n.into()),
    }
}

fn names(list: &[Player]) -> Vec<&str> {
    list.iter().map(Player::label).collect()
}

#[test]
fn a_list_response_then_its_notification_leaves_no_duplicate() {
    let mut m = ServerModel::new();
    m.apply_result("minecraft:allowlist/add", &json!([jeb()]))
        .unwrap();
    notify(&mut m, "allowlist/added", Some(jeb()));
    assert_eq!(names(&m.allowlist), vec!["jeb_"]);
}

#[test]
fn the_notification_before_the_response_also_leaves_no_duplicate() {
    let mut m = ServerModel::new();
    notify(&mut m, "allowlist/added", Some(jeb()));
    m.apply_result("minecraft:allowlist/add", &json!([jeb(), notch()]))
        .unwrap();
    notify(&mut m, "allowlist/added", Some(notch()));
    assert_eq!(names(&m.allowlist), vec!["jeb_", "Notch"]);
}

#[test]
fn every_list_tolerates_response_and_notification_in_both_orders() {
    let ban = json!({"player": jeb(), "reason": "griefing", "source": "Management server"});
    let ip_ban = json!({"ip": "203.0.113.7", "reason": "spam", "source": "Management server"});
    let op = json!({"player": jeb(), "permissionLevel": 4, "bypassesPlayerLimit": false});
    let cases = [
        ("bans/add", "bans/added", ban),
        ("ip_bans/add", "ip_bans/added", ip_ban),
        ("operators/add", "operators/added", op),
    ];
    for (method, added, item) in cases {
        let mut a = ServerModel::new();
        a.apply_result(method, &json!([item.clone()])).unwrap();
        notify(&mut a, added, Some(item.clone()));
        let mut b = ServerModel::new();
        notify(&mut b, added, Some(item.clone()));
        b.apply_result(method, &json!([item.clone()])).unwrap();
        for m in [&a, &b] {
            let len = m.bans.len() + m.ip_bans.len() + m.operators.len();
            assert_eq!(len, 1, "{method}: {m:?}");
        }
    }
}

#[test]
fn removing_what_is_absent_is_harmless() {
    let mut m = ServerModel::new();
    m.apply_result("allowlist", &json!([jeb()])).unwrap();
    let before = m.allowlist.clone();
    notify(&mut m, "allowlist/removed", Some(notch()));
    notify(&mut m, "bans/removed", Some(notch()));
    notify(&mut m, "ip_bans/removed", Some(json!("198.51.100.1")));
    notify(
        &mut m,
        "operators/removed",
        Some(json!({"player": notch()})),
    );
    notify(&mut m, "players/left", Some(notch()));
    assert_eq!(m.allowlist, before);
    // Removing twice is the same as once.
    notify(&mut m, "allowlist/removed", Some(jeb()));
    notify(&mut m, "allowlist/removed", Some(jeb()));
    assert!(m.allowlist.is_empty());
}

#[test]
fn removals_after_the_list_response_are_consistent() {
    let mut m = ServerModel::new();
    m.apply_result("bans", &json!([{"player": jeb()}, {"player": notch()}]))
        .unwrap();
    // The result is the list after the change.
    m.apply_result("bans/remove", &json!([{"player": jeb()}]))
        .unwrap();
    notify(&mut m, "bans/removed", Some(notch()));
    assert_eq!(m.bans.len(), 1);
    assert_eq!(m.bans[0].player.label(), "jeb_");
}

#[test]
fn ip_bans_match_case_insensitively_and_removal_takes_the_bare_ip() {
    let mut m = ServerModel::new();
    notify(&mut m, "ip_bans/added", Some(json!({"ip": "2001:DB8::1"})));
    notify(
        &mut m,
        "ip_bans/added",
        Some(json!({"ip": "2001:db8::1", "reason": "again"})),
    );
    assert_eq!(m.ip_bans.len(), 1);
    assert_eq!(m.ip_bans[0].reason.as_deref(), Some("again"));
    notify(&mut m, "ip_bans/removed", Some(json!("2001:db8::1")));
    assert!(m.ip_bans.is_empty());
}

#[test]
fn players_are_identified_by_id_when_present_else_by_name_ignoring_case() {
    let mut m = ServerModel::new();
    notify(&mut m, "players/joined", Some(jeb()));
    // Same id, new name: the same player, renamed.
    notify(
        &mut m,
        "players/joined",
        Some(json!({"id": JEB_ID, "name": "jeb_renamed"})),
    );
    assert_eq!(names(&m.players), vec!["jeb_renamed"]);
    // A different id with the same name: a server has one player of a name at a time, so
    // the newer profile replaces the older (one row per name).
    notify(
        &mut m,
        "players/joined",
        Some(json!({"id": NOTCH_ID, "name": "jeb_renamed"})),
    );
    assert_eq!(m.players.len(), 1);
    assert_eq!(m.players[0].id.as_deref(), Some(NOTCH_ID));
    // Without ids the name decides, case-insensitively.
    let mut m = ServerModel::new();
    m.apply_result("allowlist/add", &json!([{"name": "Notch"}]))
        .unwrap();
    notify(&mut m, "allowlist/added", Some(json!({"name": "NOTCH"})));
    assert_eq!(m.allowlist.len(), 1);
    notify(&mut m, "allowlist/removed", Some(json!({"name": "notch"})));
    assert!(m.allowlist.is_empty());
}

#[test]
fn joined_left_and_heartbeats_keep_players_online_right() {
    let mut m = ServerModel::new();
    notify(&mut m, "players/joined", Some(jeb()));
    notify(&mut m, "players/joined", Some(notch()));
    notify(&mut m, "players/joined", Some(jeb()));
    assert_eq!(names(&m.players), vec!["jeb_", "Notch"]);
    notify(&mut m, "players/left", Some(jeb()));
    assert_eq!(names(&m.players), vec!["Notch"]);
    // The heartbeat is a snapshot: it replaces the list.
    notify(
        &mut m,
        "server/status",
        Some(
            json!({"started": true, "version": {"name": "1.21.9", "protocol": 773}, "players": [jeb()]}),
        ),
    );
    assert_eq!(names(&m.players), vec!["jeb_"]);
    assert_eq!(m.last_heartbeat_ms, Some(1_000));
    // `players` is omitted when nobody is online.
    notify(&mut m, "server/status", Some(json!({"started": true})));
    assert!(m.players.is_empty());
    assert_eq!(m.version.as_ref().map(|v| v.protocol), Some(773));
}

#[test]
fn online_since_is_when_the_panel_saw_each_player_arrive() {
    let mut m = ServerModel::new();
    // Online when the panel first looked: no time known.
    m.apply_result("players", &json!([jeb()])).unwrap();
    assert!(m.seen_online(&named("jeb_")) && m.online_since(&named("jeb_")).is_none());
    m.receive_notification(
        "minecraft:notification/players/joined",
        Some(&json!([notch()])),
        5_000,
    );
    assert_eq!(m.online_since(&named("NOTCH")), Some(5_000));
    // A duplicate join keeps the first time; a heartbeat keeps what it knew and stamps
    // the newcomer it names.
    m.receive_notification(
        "minecraft:notification/players/joined",
        Some(&json!([notch()])),
        6_000,
    );
    let dinnerbone = json!({"name": "Dinnerbone"});
    m.receive_notification(
        "minecraft:notification/server/status",
        Some(&json!([{"started": true, "players": [jeb(), notch(), dinnerbone]}])),
        7_000,
    );
    assert!(m.seen_online(&named("jeb_")) && m.online_since(&named("jeb_")).is_none());
    assert_eq!(m.online_since(&named("NOTCH")), Some(5_000));
    assert_eq!(m.online_since(&named("Dinnerbone")), Some(7_000));
    // Leaving, a kick and a reconnect's refetch drop those gone; the rest stay.
    notify(&mut m, "players/left", Some(jeb()));
    m.apply_result("players/kick", &json!([{"name": "Dinnerbone"}]))
        .unwrap();
    m.reset_server_state();
    m.apply_result("players", &json!([notch()])).unwrap();
    assert!(!m.seen_online(&named("jeb_")) && !m.seen_online(&named("Dinnerbone")));
    assert_eq!(m.online_since(&named("NOTCH")), Some(5_000));
}

#[test]
fn players_online_are_sampled_at_joins_leaves_and_heartbeats_a_minute_apart() {
    let mut m = ServerModel::new();
    let at = |m: &mut ServerModel, method: &str, arg: Value, ms: u64| {
        m.receive_notification(
            &format!("minecraft:notification/{method}"),
            Some(&json!([arg])),
            ms,
        );
    };
    at(&mut m, "players/joined", jeb(), 1_000);
    // Two joins in one moment are one sample.
    at(&mut m, "players/joined", notch(), 2_000);
    at(
        &mut m,
        "players/joined",
        json!({"name": "Dinnerbone"}),
        2_000,
    );
    at(&mut m, "players/left", jeb(), 3_000);
    let status = json!({"started": true, "players": [notch(), {"name": "Dinnerbone"}]});
    // An unchanged count within a minute adds nothing; a minute on, a heartbeat does.
    at(&mut m, "server/status", status.clone(), 30_000);
    at(&mut m, "server/status", status, 63_000);
    assert_eq!(
        m.online_history,
        vec![(1_000, 1), (2_000, 3), (3_000, 2), (63_000, 2)]
    );
    // Bounded: the oldest half goes when full.
    for i in 0..msmp::model::ONLINE_HISTORY_MAX as u64 {
        let method = if i % 2 == 0 {
            "players/left"
        } else {
            "players/joined"
        };
        at(&mut m, method, notch(), 100_000 + i);
    }
    assert!(m.online_history.len() <= msmp::model::ONLINE_HISTORY_MAX);
    assert_eq!(m.online_history.last().map(|s| s.0), Some(100_000 + 1439));
}

#[test]
fn a_kick_result_removes_only_the_kicked_and_an_empty_one_nothing() {
    let mut m = ServerModel::new();
    m.apply_result("players", &json!([jeb(), notch()])).unwrap();
    m.apply_result("players/kick", &json!([])).unwrap();
    assert_eq!(m.players.len(), 2);
    m.apply_result("players/kick", &json!([{"name": "JEB_"}]))
        .unwrap();
    notify(&mut m, "players/left", Some(jeb()));
    assert_eq!(names(&m.players), vec!["Notch"]);
}

#[test]
fn stopping_and_started_update_status() {
    let mut m = ServerModel::new();
    assert_eq!(m.started, None);
    // 3.0.0 heartbeats may come before the server has started.
    notify(&mut m, "server/status", Some(json!({"started": false})));
    assert_eq!(m.started, Some(false));
    notify(&mut m, "server/started", None);
    assert_eq!(m.started, Some(true));
    notify(&mut m, "server/stopping", None);
    assert!(m.stopping);
    notify(&mut m, "server/started", None);
    assert!(!m.stopping);
    m.apply_result(
        "server/status",
        &json!({"started": true, "version": {"name": "26.2", "protocol": 780}}),
    )
    .unwrap();
    assert_eq!(m.version.as_ref().unwrap().name, "26.2");
}

#[test]
fn saving_and_activity_are_tracked() {
    let mut m = ServerModel::new();
    notify(&mut m, "server/saving", None);
    assert!(m.saving);
    notify(&mut m, "server/saved", None);
    assert!(!m.saving);
    notify(&mut m, "server/activity", None);
    assert_eq!(m.last_activity_ms, Some(1_000));
}

#[test]
fn protocol_1_string_game_rules_work() {
    let mut m = ServerModel::new();
    m.apply_result(
        "gamerules",
        &json!([
            {"key": "doDaylightCycle", "type": "boolean", "value": "true"},
            {"key": "spawnRadius", "type": "integer", "value": "10"}
        ]),
    )
    .unwrap();
    m.apply_result(
        "gamerules/update",
        &json!({"key": "doDaylightCycle", "type": "boolean", "value": "false"}),
    )
    .unwrap();
    notify(
        &mut m,
        "gamerules/updated",
        Some(json!({"key": "doDaylightCycle", "type": "boolean", "value": "false"})),
    );
    assert_eq!(m.game_rules.len(), 2);
    assert_eq!(m.game_rules[0].value.as_bool(), Some(false));
    assert_eq!(m.game_rules[1].value.as_int(), Some(10));
}

#[test]
fn protocol_2_typed_game_rules_work() {
    let mut m = ServerModel::new();
    m.apply_result(
        "gamerules",
        &json!([
            {"key": "minecraft:advance_time", "type": "boolean", "value": true},
            {"key": "minecraft:spawn_radius", "type": "integer", "value": 10}
        ]),
    )
    .unwrap();
    notify(
        &mut m,
        "gamerules/updated",
        Some(json!({"key": "minecraft:spawn_radius", "type": "integer", "value": 3})),
    );
    m.apply_result(
        "gamerules/update",
        &json!({"key": "minecraft:spawn_radius", "type": "integer", "value": 3}),
    )
    .unwrap();
    assert_eq!(m.game_rules.len(), 2);
    assert_eq!(m.game_rules[1].value, GameRuleValue::Int(3));
    assert_eq!(m.game_rules[0].value, GameRuleValue::Bool(true));
}

#[test]
fn settings_results_are_stored_under_their_key_from_get_and_set() {
    let mut m = ServerModel::new();
    m.apply_result("serversettings/max_players", &json!(20))
        .unwrap();
    m.apply_result("minecraft:serversettings/difficulty/set", &json!("hard"))
        .unwrap();
    m.apply_result("serversettings/motd", &json!("A Minecraft Server"))
        .unwrap();
    assert_eq!(m.settings["max_players"], json!(20));
    assert_eq!(m.settings["difficulty"], json!("hard"));
    assert_eq!(m.settings["motd"], json!("A Minecraft Server"));
    m.apply_result("serversettings/max_players/set", &json!(5))
        .unwrap();
    assert_eq!(m.settings["max_players"], json!(5));
}

#[test]
fn results_of_the_wrong_type_are_refused_and_change_nothing() {
    let mut m = ServerModel::new();
    m.apply_result("allowlist", &json!([jeb()])).unwrap();
    m.apply_result("serversettings/max_players", &json!(20))
        .unwrap();
    m.apply_result(
        "server/status",
        &json!({"started": true, "players": [jeb()]}),
    )
    .unwrap();
    let before = m.clone();
    for (method, bad) in [
        ("allowlist", json!({"allowlist": [jeb()]})),
        ("allowlist/add", json!([["853c80ef", "jeb_"]])),
        ("allowlist/add", json!([{"name": 5}])),
        ("bans", json!([{"player": "jeb_"}])),
        ("ip_bans", json!([{"ip": 7}])),
        (
            "operators",
            json!([{"player": jeb(), "permissionLevel": "four"}]),
        ),
        ("players", json!(null)),
        ("players/kick", json!([1])),
        ("server/status", json!([true])),
        ("server/status", json!({"started": "yes"})),
        ("server/save", json!("ok")),
        ("server/stop", json!(1)),
        ("serversettings/max_players", json!("20")),
        ("serversettings/autosave/set", json!(1)),
        ("serversettings/difficulty", json!(2)),
        (
            "gamerules",
            json!([{"key": "k", "type": "boolean", "value": [true]}]),
        ),
        ("gamerules/update", json!([])),
        ("rpc.discover", json!({"methods": []})),
    ] {
        let r = m.apply_result(method, &bad);
        assert!(r.is_err(), "{method} accepted {bad}");
        assert!(!r.unwrap_err().to_string().is_empty());
        assert_eq!(m, before, "{method} with {bad} changed the model");
    }
}

#[test]
fn a_refused_result_says_where_and_what_as_data() {
    let mut m = ServerModel::new();
    let e = m
        .apply_result(
            "minecraft:bans",
            &json!([{"player": jeb()}, {"player": [1]}]),
        )
        .unwrap_err();
    assert_eq!(
        e,
        Problem::wrong(Wanted::ComponentObject("player"), &json!([1]))
            .within(Step::Key("player"))
            .within(Step::Index(1))
    );
    assert_eq!(
        e.kind,
        Kind::WrongType {
            wanted: Wanted::ComponentObject("player"),
            got: Got::Array
        }
    );
    assert_eq!(
        e.to_string(),
        "at [1].player: expected a player object, got an array"
    );
    let e = m
        .apply_result("rpc.discover", &json!({"info": {"version": 3}}))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "at info.version: expected a string, got an integer"
    );
    let e = m
        .apply_result("rpc.discover", &json!({"info": {"version": "3.1.0"}}))
        .unwrap_err();
    assert_eq!(e, Problem::missing("methods"));
}

#[test]
fn notifications_of_the_wrong_type_are_logged_as_invalid_and_change_nothing() {
    let mut m = ServerModel::new();
    notify(&mut m, "players/joined", Some(jeb()));
    for (short, bad) in [
        ("players/joined", Some(json!(["853c80ef", "jeb_"]))),
        ("players/joined", Some(json!(42))),
        ("players/left", None),
        ("server/status", Some(json!({"started": "yes"}))),
        ("bans/added", Some(json!({"player": [1]}))),
        ("ip_bans/removed", Some(json!({"ip": "1.2.3.4"}))),
        ("gamerules/updated", Some(json!({"key": "k"}))),
        ("world/upgrade_progress", Some(json!("half"))),
    ] {
        let before = m.clone();
        let n = notify(&mut m, short, bad.clone());
        assert!(
            matches!(n, Notification::Invalid { .. }),
            "{short} {bad:?}: {n:?}"
        );
        let event = m.events.back().unwrap();
        assert_eq!(event.kind, EventKind::Invalid);
        assert!(event.error.is_some());
        assert_eq!(event.method, format!("minecraft:notification/{short}"));
        let mut without_event = m.clone();
        without_event.events.pop_back();
        assert_eq!(without_event.events, before.events);
        assert_eq!(without_event.players, before.players);
        assert_eq!(without_event.started, before.started);
        assert_eq!(without_event.upgrade, before.upgrade);
    }
}

#[test]
fn unknown_notifications_are_logged_with_raw_params_and_change_nothing_else() {
    let mut m = ServerModel::new();
    let before = m.clone();
    let params = json!([{"text": "hi", "from": "jeb_"}]);
    let n = m.receive_notification("nem:chat_message", Some(&params), 5);
    assert!(matches!(n, Notification::Unknown { .. }));
    let e = m.events.back().unwrap();
    assert_eq!(
        (e.kind, e.method.as_str(), e.params.as_ref()),
        (EventKind::Unknown, "nem:chat_message", Some(&params))
    );
    assert_eq!(m.players, before.players);
    assert_eq!(m.started, before.started);
}

#[test]
fn short_notification_names_are_logged_qualified() {
    let mut m = ServerModel::new();
    m.receive_notification("notification/server/started", None, 0);
    assert_eq!(
        m.events.back().unwrap().method,
        "minecraft:notification/server/started"
    );
    assert_eq!(m.started, Some(true));
}

#[test]
fn notifications_applied_twice_equal_once() {
    let frames = [
        ("players/joined", Some(jeb())),
        ("allowlist/added", Some(notch())),
        (
            "bans/added",
            Some(json!({"player": notch(), "reason": null})),
        ),
        (
            "operators/added",
            Some(json!({"player": jeb(), "permissionLevel": 4})),
        ),
        ("ip_bans/added", Some(json!({"ip": "203.0.113.7"}))),
        (
            "gamerules/updated",
            Some(json!({"key": "minecraft:advance_time", "type": "boolean", "value": false})),
        ),
        ("players/joined", Some(json!({}))),
        ("allowlist/added", Some(json!({}))),
    ];
    let mut once = ServerModel::new();
    let mut twice = ServerModel::new();
    for (short, arg) in frames {
        let n = Notification::decode(
            &format!("minecraft:notification/{short}"),
            arg.map(|a| json!([a])).as_ref(),
        );
        once.apply_notification(&n, 0);
        twice.apply_notification(&n, 0);
        twice.apply_notification(&n, 0);
    }
    assert_eq!(once, twice);
    assert_eq!(once.players.len(), 2);
}

#[test]
fn discovery_records_version_and_methods() {
    let mut m = ServerModel::new();
    assert!(!m.has_method("players"));
    m.apply_result(
        "rpc.discover",
        &catalog::discover_document(ProtocolVersion::V2_0_0),
    )
    .unwrap();
    assert_eq!(m.protocol(), Some(ProtocolVersion::V2_0_0));
    assert!(m.has_method("players"));
    assert!(m.has_method("minecraft:notification/server/activity"));
    assert!(!m.has_method("minecraft:notification/world/upgrade_started"));
    let d = m.discover.as_ref().unwrap();
    assert!(d.schemas.contains_key("typed_game_rule"));
    let kick = d
        .methods
        .iter()
        .find(|x| x.name == "minecraft:players/kick")
        .unwrap();
    assert_eq!(kick.param.as_ref().unwrap().0, "kick");
    assert!(!kick.notification);
}

#[test]
fn a_newer_server_is_read_as_the_newest_version_we_know() {
    let mut doc = catalog::discover_document(ProtocolVersion::V3_1_0);
    doc["info"]["version"] = json!("4.2.0");
    let mut m = ServerModel::new();
    m.apply_result("rpc.discover", &doc).unwrap();
    assert_eq!(m.protocol(), Some(ProtocolVersion::V3_1_0));
    assert_eq!(m.discover.as_ref().unwrap().protocol, "4.2.0");
}

#[test]
fn world_upgrade_progress_is_followed() {
    let mut m = ServerModel::new();
    notify(&mut m, "world/upgrade_started", None);
    assert_eq!(m.upgrade, Some(Upgrade::Running { progress: None }));
    notify(&mut m, "world/upgrade_progress", Some(json!(0.25)));
    assert_eq!(
        m.upgrade,
        Some(Upgrade::Running {
            progress: Some(0.25)
        })
    );
    notify(&mut m, "world/upgrade_progress", Some(json!(7)));
    assert_eq!(
        m.upgrade,
        Some(Upgrade::Running {
            progress: Some(1.0)
        })
    );
    notify(&mut m, "world/upgrade_failed", Some(json!("disk full")));
    assert_eq!(
        m.upgrade,
        Some(Upgrade::Failed {
            reason: "disk full".into()
        })
    );
    notify(&mut m, "world/upgrade_finished", None);
    assert_eq!(m.upgrade, Some(Upgrade::Finished));
}

#[test]
fn methods_that_change_nothing_and_notification_names_are_accepted_and_ignored() {
    let mut m = ServerModel::new();
    m.apply_result("players", &json!([jeb()])).unwrap();
    let before = m.clone();
    m.apply_result("server/save", &json!(true)).unwrap();
    m.apply_result("server/system_message", &json!(false))
        .unwrap();
    m.apply_result("nem:custom/thing", &json!({"anything": 1}))
        .unwrap();
    // A notification name is not a method: its "result" must not be read as a kick.
    m.apply_result("minecraft:notification/players/joined", &json!([jeb()]))
        .unwrap();
    assert_eq!(m, before);
}

#[test]
fn the_event_log_is_bounded_and_numbered() {
    let mut m = ServerModel::new();
    for i in 0..(EVENT_LOG_CAPACITY as u64 + 5) {
        m.receive_notification("minecraft:notification/server/saved", None, i);
    }
    assert_eq!(m.events.len(), EVENT_LOG_CAPACITY);
    assert_eq!(m.events.front().unwrap().seq, 5);
    assert_eq!(m.events.back().unwrap().seq, EVENT_LOG_CAPACITY as u64 + 4);
    m.log_malformed(Kind::EmptyBatch.into(), 9);
    let e = m.events.back().unwrap();
    assert_eq!(
        (e.kind, e.error.clone()),
        (EventKind::Malformed, Some(Kind::EmptyBatch.into()))
    );
}

#[test]
fn reset_forgets_the_server_but_keeps_the_log() {
    let mut m = ServerModel::new();
    notify(&mut m, "players/joined", Some(jeb()));
    m.apply_result("serversettings/motd", &json!("hi")).unwrap();
    m.reset_server_state();
    assert!(m.players.is_empty() && m.settings.is_empty() && m.started.is_none());
    assert_eq!(m.events.len(), 1);
    notify(&mut m, "server/saved", None);
    assert_eq!(m.events.back().unwrap().seq, 1);
}

#[test]
fn a_pre_start_refusal_means_the_server_has_not_started() {
    use msmp::jsonrpc::RpcError;
    let mut m = ServerModel::new();
    let refusal = RpcError::new(
        -32600,
        "Invalid Request",
        Some(json!(
            "Method cannot be dispatched pre server initialization: minecraft:allowlist"
        )),
    );
    assert!(m.apply_error(&refusal));
    assert_eq!(m.started, Some(false));
    let other = RpcError::new(
        -32601,
        "Method not found",
        Some(json!("Method not found: x:y")),
    );
    let mut m2 = ServerModel::new();
    assert!(!m2.apply_error(&other));
    assert_eq!(m2, ServerModel::new(), "other errors change nothing");
}

#[test]
fn a_list_with_duplicates_from_the_server_keeps_one_entry_per_key() {
    let mut m = ServerModel::new();
    let steve = json!({"id": "00000000-0000-0000-0000-000000000001", "name": "Steve"});
    m.apply_result(
        "minecraft:allowlist",
        &json!([steve, {"name": "alex"}, steve, {"name": "STEVE"}]),
    )
    .unwrap();
    let names: Vec<_> = m.allowlist.iter().map(|p| p.label().to_string()).collect();
    assert_eq!(names, ["Steve", "alex"]);
    m.apply_result(
        "minecraft:ip_bans",
        &json!([{"ip": "203.0.113.9"}, {"ip": "203.0.113.9"}]),
    )
    .unwrap();
    assert_eq!(m.ip_bans.len(), 1);
}

#[test]
fn the_event_log_is_bounded_in_bytes_and_cuts_large_params() {
    use msmp::model::{EVENT_LOG_MAX_BYTES, EVENT_PARAMS_MAX};
    let mut m = ServerModel::new();
    let huge = json!([{"blob": "x".repeat(100_000)}]);
    m.receive_notification("custom:notification/blob", Some(&huge), 1);
    let e = m.events.back().unwrap();
    let full = msmp::jsonrpc::json_text(&huge).len();
    assert_eq!(e.truncated, Some(full));
    let kept = e.params.as_ref().unwrap().as_str().unwrap();
    assert!(kept.len() <= EVENT_PARAMS_MAX && kept.starts_with("[{\"blob\":\"xxx"));
    // Many large events: the log holds about EVENT_LOG_MAX_BYTES of text, never more.
    for i in 0..1000 {
        m.receive_notification("custom:notification/blob", Some(&huge), i);
    }
    let bytes: usize = m
        .events
        .iter()
        .map(|e| {
            e.method.len()
                + e.params
                    .as_ref()
                    .and_then(|p| p.as_str())
                    .map_or(0, str::len)
        })
        .sum();
    assert!(bytes <= EVENT_LOG_MAX_BYTES, "{bytes}");
    assert!(m.events.len() < 1000, "older events made room");
    m.clear_events();
    assert!(m.events.is_empty());
}

#[test]
fn reducers_say_which_slices_they_changed() {
    use msmp::model::Slice;
    let mut m = ServerModel::new();
    m.take_changes();
    m.apply_notification(
        &msmp::notification::Notification::decode(
            "minecraft:notification/players/joined",
            Some(&json!([{"name": "Steve"}])),
        ),
        1,
    );
    let c = m.take_changes();
    assert_eq!(c.iter().collect::<Vec<_>>(), [Slice::Players]);
    m.receive_notification(
        "minecraft:notification/allowlist/added",
        Some(&json!([{"name": "a"}])),
        2,
    );
    assert_eq!(
        m.take_changes().iter().collect::<Vec<_>>(),
        [Slice::Allowlist, Slice::Events]
    );
    m.apply_result("minecraft:ip_bans", &json!([])).unwrap();
    assert_eq!(m.take_changes().iter().collect::<Vec<_>>(), [Slice::IpBans]);
    // A refused result changes nothing, so nothing is reported.
    assert!(m.apply_result("minecraft:bans", &json!("nope")).is_err());
    assert!(m.take_changes().is_empty());
    m.receive_notification("acme:notification/x", None, 3);
    assert_eq!(m.take_changes().iter().collect::<Vec<_>>(), [Slice::Events]);
    m.reset_server_state();
    assert_eq!(m.take_changes().iter().count(), Slice::ALL.len());
}

#[test]
fn list_edits_replayed_on_a_copy_give_the_same_list() {
    use msmp::model::{Edit, Slice};
    let mut m = ServerModel::new();
    let names = ["a", "b", "c", "d"];
    m.apply_result(
        "minecraft:allowlist",
        &json!(names.map(|n| json!({"name": n}))),
    )
    .unwrap();
    assert_eq!(m.take_edits(Slice::Allowlist), [Edit::Reset]);
    // A view's copy: replaying the edits by position marks what must be drawn anew, and
    // those slots are then filled from the model as it is now.
    let mut copy: Vec<Option<String>> = m
        .allowlist
        .iter()
        .map(|p| Some(p.label().to_string()))
        .collect();
    let n = |method: &str, name: &str| {
        (
            format!("minecraft:notification/allowlist/{method}"),
            json!([{"name": name}]),
        )
    };
    for (method, params) in [
        n("removed", "b"),
        n("added", "e"),
        n("added", "A"),
        n("removed", "d"),
    ] {
        m.receive_notification(&method, Some(&params), 1);
    }
    for e in m.take_edits(Slice::Allowlist) {
        match e {
            Edit::Reset => unreachable!("small changes are edits"),
            Edit::Set(i) => copy[i] = None,
            Edit::Insert(i) => copy.insert(i, None),
            Edit::Remove(i) => {
                copy.remove(i);
            }
        }
    }
    let copy: Vec<String> = copy
        .into_iter()
        .enumerate()
        .map(|(i, c)| c.unwrap_or_else(|| m.allowlist[i].label().to_string()))
        .collect();
    // Replayed in order, the edits give exactly the model's list.
    let now: Vec<String> = m.allowlist.iter().map(|p| p.label().to_string()).collect();
    assert_eq!(copy, now);
    assert_eq!(now, ["A", "c", "e"]);
    assert!(m.take_edits(Slice::Allowlist).is_empty());
    m.reset_server_state();
    assert_eq!(m.take_edits(Slice::Bans), [Edit::Reset]);
}

/// The list rules spelled out with plain scans: what the model's indexed reducers must equal.
fn reference_join(list: &mut Vec<Player>, p: Player) {
    let same = |a: &Player, b: &Player| a.same_as(b) || a.same_key(b);
    match list.iter().position(|x| *x == p || same(x, &p)) {
        Some(i) => {
            list[i] = p;
            let kept = list[i].clone();
            let mut j = 0;
            list.retain(|x| {
                j += 1;
                j - 1 == i || !same(x, &kept)
            });
        }
        None => list.push(p),
    }
}

#[test]
fn joins_leaves_renames_and_case_changes_match_the_plain_list_rules() {
    let mut m = ServerModel::new();
    let mut want: Vec<Player> = Vec::new();
    // A fixed pseudo-random walk over few ids and names, so they collide often.
    let mut seed = 0x2545_f491_u64;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for step in 0..4000 {
        let id = (next(4) > 0).then(|| format!("id-{}", next(12)));
        let name = (next(5) > 0).then(|| {
            let n = format!("Player{}", next(12));
            if next(2) == 0 {
                n.to_uppercase()
            } else {
                n
            }
        });
        let p = Player { id, name };
        let arg = msmp::to_json::ToJson::to_json(&p);
        match next(10) {
            0..=5 => {
                notify(&mut m, "players/joined", Some(arg));
                reference_join(&mut want, p);
            }
            6..=8 => {
                notify(&mut m, "players/left", Some(arg));
                want.retain(|x| !(*x == p || x.same_as(&p)));
            }
            _ => {
                // A heartbeat replaces the list: the index starts again from it.
                let now: Vec<Value> = want.iter().map(msmp::to_json::ToJson::to_json).collect();
                m.receive_notification(
                    "minecraft:notification/server/status",
                    Some(&json!([{"started": true, "players": now}])),
                    1_000,
                );
            }
        }
        assert_eq!(m.players, want, "after step {step}");
    }
}
