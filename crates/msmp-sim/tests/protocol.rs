//! Framing, errors, batches, pre-start gating, notification order and broadcast.

mod common;
use common::Sim;
use serde_json::{json, Value};

#[tokio::test]
async fn errors_have_the_real_codes_messages_and_data() {
    let sim = Sim::start(&["--protocol", "2.0.0"]).await;
    let mut c = sim.connect().await;

    c.send_text("{not json").await;
    let f = c.recv().await;
    assert_eq!(f["id"], Value::Null);
    assert_eq!(f["error"]["code"], -32700);
    assert_eq!(f["error"]["message"], "Parse error");
    assert!(f["error"]["data"].is_string());

    c.send_text("42").await;
    assert_eq!(
        c.recv().await,
        json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32600, "message": "Invalid Request"}})
    );

    c.send_text(r#"{"jsonrpc":"2.0","id":{"a":1},"method":"players"}"#)
        .await;
    let f = c.recv().await;
    assert_eq!(f["id"], Value::Null);
    assert_eq!(
        f["error"]["data"],
        "Invalid request id - only String, Number and NULL supported"
    );

    c.send_text(r#"{"jsonrpc":"2.0","id":"x"}"#).await;
    assert_eq!(
        c.recv().await,
        json!({"jsonrpc": "2.0", "id": "x", "error": {"code": -32600, "message": "Invalid Request"}})
    );

    let e = c.call_err("minecraft:foo/bar", None).await;
    assert_eq!(
        e,
        json!({"code": -32601, "message": "Method not found", "data": "Method not found: minecraft:foo/bar"})
    );
    let e = c.call_err("nem:chat", None).await;
    assert_eq!(e["data"], "Method not found: nem:chat");
    // Notifications are not methods.
    assert_eq!(
        c.call_err("notification/players/joined", None).await["code"],
        -32601
    );
    let e = c.call_err("Players", None).await;
    assert_eq!(
        e,
        json!({"code": -32600, "message": "Invalid Request", "data": "Failed to parse method value: Players"})
    );

    let invalid = |data: &str| json!({"code": -32602, "message": "Invalid params", "data": data});
    assert_eq!(
        c.call_err("allowlist/add", Some(json!({}))).await,
        invalid("Params passed by-name, but expected param [add] does not exist")
    );
    assert_eq!(
        c.call_err("allowlist/add", Some(json!([[], []]))).await,
        invalid("Expected exactly one element in the params array")
    );
    assert_eq!(
        c.call_err("allowlist/add", Some(json!([]))).await,
        invalid("Expected exactly one element in the params array")
    );
    assert_eq!(
        c.call_err("allowlist/add", None).await,
        invalid("Expected params as array or named")
    );
    assert_eq!(
        c.call_err("players", Some(json!([1]))).await,
        invalid("Expected no params, or an empty array")
    );
    assert_eq!(
        c.call_err("players", Some(json!({"x": 1}))).await,
        invalid("Expected no params, or an empty array")
    );
    assert_eq!(
        c.call_err("serversettings/max_players/set", Some(json!(["ten"])))
            .await["code"],
        -32602
    );
    assert_eq!(
        c.call_err("serversettings/difficulty/set", Some(json!(["nightmare"])))
            .await["code"],
        -32602
    );
    assert_eq!(
        c.call_err("allowlist/add", Some(json!([[{"id": "not-a-uuid"}]])))
            .await["code"],
        -32602
    );
    assert_eq!(
        c.call_err("bans/add", Some(json!([[{"reason": "no player"}]])))
            .await["code"],
        -32602
    );
    assert_eq!(
        c.call_err(
            "bans/add",
            Some(json!([[{"player": {"name": "jeb_"}, "expires": "soon"}]]))
        )
        .await["code"],
        -32602
    );
    let e = c
        .call_err(
            "gamerules/update",
            Some(json!([{"key": "minecraft:advance_time", "value": 5}])),
        )
        .await;
    assert_eq!(e["code"], -32602);
    assert_eq!(e["data"], "Stated type \"integer\" mismatches with actual type \"boolean\" of gamerule \"minecraft:advance_time\"");
    let e = c
        .call_err(
            "gamerules/update",
            Some(json!([{"key": "minecraft:no_such_rule", "value": true}])),
        )
        .await;
    assert_eq!(e["code"], -32602);
    assert_eq!(
        c.call_err(
            "server/system_message",
            Some(json!([{"message": {"literal": "x"}}]))
        )
        .await["code"],
        -32602
    );

    // By name and by position give the same result; parameterless with [] too.
    let a = c
        .call_raw("allowlist/add", Some(json!([[{"name": "Notch"}]])))
        .await;
    let b = c
        .call_raw("allowlist/add", Some(json!({"add": [{"name": "Notch"}]})))
        .await;
    assert_eq!(a["result"], b["result"]);
    assert_eq!(
        c.note().await["method"],
        "minecraft:notification/allowlist/added"
    );
    assert_eq!(
        c.call_raw("allowlist", Some(json!([]))).await["result"],
        a["result"]
    );

    // A request without id gets no response (but its notifications still come).
    c.send_text(r#"{"jsonrpc":"2.0","method":"allowlist/clear"}"#)
        .await;
    assert_eq!(
        c.recv().await["method"],
        "minecraft:notification/allowlist/removed"
    );
    c.quiet(200).await;
    // `"id": null` is an id: answered with null.
    c.send_text(r#"{"jsonrpc":"2.0","id":null,"method":"allowlist"}"#)
        .await;
    assert_eq!(
        c.recv().await,
        json!({"jsonrpc": "2.0", "id": null, "result": []})
    );
    // Responses and errors from the client are not answered.
    c.send_text(r#"{"jsonrpc":"2.0","id":7,"result":true}"#)
        .await;
    c.quiet(200).await;
}

#[tokio::test]
async fn batches_answer_in_an_array_then_notify() {
    let sim = Sim::start(&[]).await;
    let mut c = sim.connect().await;
    c.send_text(
        &json!([
            {"jsonrpc": "2.0", "id": 1, "method": "allowlist/add", "params": [[{"name": "jeb_"}]]},
            {"jsonrpc": "2.0", "method": "server/save", "params": [false]},
            {"jsonrpc": "2.0", "id": 2, "method": "nope/nope"},
            {"jsonrpc": "2.0", "id": 3, "method": "serversettings/motd"},
            5
        ])
        .to_string(),
    )
    .await;
    let f = c.recv().await;
    let a = f.as_array().expect("batch answer");
    assert_eq!(a.len(), 4, "{f}");
    assert_eq!(a[0]["result"][0]["name"], "jeb_");
    assert_eq!(a[1]["error"]["code"], -32601);
    assert_eq!(a[2]["result"], "A Minecraft Server");
    assert_eq!(a[3]["error"]["code"], -32600);
    let names: Vec<Value> = [c.note().await, c.note().await, c.note().await]
        .iter()
        .map(|n| n["method"].clone())
        .collect();
    assert_eq!(
        names,
        vec![
            json!("minecraft:notification/allowlist/added"),
            json!("minecraft:notification/server/saving"),
            json!("minecraft:notification/server/saved"),
        ]
    );
    c.send_text("[]").await;
    assert_eq!(c.recv().await, json!([]));
}

#[tokio::test]
async fn notifications_follow_the_response_and_reach_every_connection_once() {
    let sim = Sim::start(&["--players", "1"]).await;
    let mut a = sim.connect().await;
    let mut b = sim.connect().await;
    let add = json!([{"name": "Dinnerbone"}]);
    // `call` fails the test if a notification arrives before the response.
    let r = a.call("allowlist/add", Some(add.clone())).await;
    assert!(a.notes.is_empty());
    assert_eq!(r[0]["name"], "Dinnerbone");
    for c in [&mut a, &mut b] {
        let n = c.note().await;
        assert_eq!(n["method"], "minecraft:notification/allowlist/added");
        assert_eq!(n["params"][0]["name"], "Dinnerbone");
        assert!(n.get("id").is_none());
    }
    // No change, no notification.
    a.call("allowlist/add", Some(add)).await;
    a.quiet(250).await;
    b.quiet(10).await;
    // Custom notifications from sim:notify arrive verbatim, for everyone.
    b.call(
        "sim:notify",
        Some(json!({"method": "nem:chat_message", "params": {"text": "hi"}})),
    )
    .await;
    for c in [&mut a, &mut b] {
        assert_eq!(
            c.note().await,
            json!({"jsonrpc": "2.0", "method": "nem:chat_message", "params": [{"text": "hi"}]})
        );
    }
    // Joins and leaves through sim:, heard by both; the status lists who is online.
    let joined = a
        .call(
            "sim:players/join",
            Some(json!({"name": "NewFace", "address": "10.9.9.9"})),
        )
        .await;
    assert_eq!(joined["name"], "NewFace");
    for c in [&mut a, &mut b] {
        assert_eq!(c.event().await["params"][0], joined);
    }
    let status = b.call("server/status", None).await;
    assert_eq!(status["players"].as_array().unwrap().len(), 2);
    // Banned by IP through the player's address: refused on rejoin.
    b.call(
        "ip_bans/add",
        Some(json!([{"player": {"name": "newface"}}])),
    )
    .await;
    assert_eq!(b.event().await["params"][0]["ip"], "10.9.9.9");
    assert_eq!(
        b.event().await["method"],
        "minecraft:notification/players/left"
    );
    let e = b
        .call_err(
            "sim:players/join",
            Some(json!([{"name": "NewFace", "address": "10.9.9.9"}])),
        )
        .await;
    assert_eq!(e["code"], -32602);
}

#[tokio::test]
async fn pre_start_gating_from_3_0_0_only() {
    let sim = Sim::start(&["--protocol", "3.0.0", "--heartbeat", "1"]).await;
    let mut c = sim.connect().await;
    c.call("sim:server/set_started", Some(json!(false))).await;
    let e = c.call_err("allowlist", None).await;
    assert_eq!(
        e,
        json!({"code": -32600, "message": "Invalid Request", "data": "Method cannot be dispatched pre server initialization: allowlist"})
    );
    // Even `server/status` waits for start; real clients retry on exactly this error.
    assert_eq!(
        c.call_err("minecraft:server/status", None).await,
        json!({"code": -32600, "message": "Invalid Request", "data": "Method cannot be dispatched pre server initialization: minecraft:server/status"})
    );
    assert_eq!(
        c.call_err("server/status", None).await["data"],
        "Method cannot be dispatched pre server initialization: server/status"
    );
    assert_eq!(
        c.call("rpc.discover", None).await["info"]["version"],
        "3.0.0"
    );
    // Unknown methods are still unknown.
    assert_eq!(c.call_err("foo", None).await["code"], -32601);
    // The heartbeat arrives before start, saying so.
    let n = c.note().await;
    assert_eq!(n["method"], "minecraft:notification/server/status");
    assert_eq!(n["params"][0]["started"], false);
    c.call("sim:server/set_started", Some(json!(true))).await;
    loop {
        let n = c.note().await;
        if n["method"] == "minecraft:notification/server/started" {
            break;
        }
    }
    assert_eq!(c.call("allowlist", None).await, json!([]));

    let old = Sim::start(&["--protocol", "2.0.0"]).await;
    let mut c = old.connect().await;
    c.call("sim:server/set_started", Some(json!(false))).await;
    assert_eq!(c.call("allowlist", None).await, json!([]));
    assert_eq!(c.call("server/status", None).await["started"], false);
}

#[tokio::test]
async fn a_list_change_with_one_bad_entry_applies_nothing() {
    let sim = Sim::start(&["--protocol", "3.0.0"]).await;
    let mut c = sim.connect().await;
    c.call("ip_bans/add", Some(json!([{"ip": "1.2.3.4"}])))
        .await;
    assert_eq!(
        c.note().await["method"],
        "minecraft:notification/ip_bans/added"
    );
    let before = c.call("ip_bans", None).await;

    // The bad entry comes second: the first must not be applied either.
    let bad_calls = [
        (
            "ip_bans/add",
            json!([{"ip": "7.7.7.7"}, {"ip": "8.8.8.8", "expires": "bogus"}]),
        ),
        ("ip_bans/add", json!([{"ip": "7.7.7.7"}, {"ip": 5}])),
        (
            "ip_bans/add",
            json!([{"ip": "7.7.7.7"}, {"ip": "8.8.8.8", "source": true}]),
        ),
        // An ignored (invalid) ip does not excuse a bad field.
        ("ip_bans/set", json!([{"ip": "bad", "reason": 5}])),
        (
            "ip_bans/set",
            json!([{"ip": "7.7.7.7"}, {"ip": "8.8.8.8", "expires": 1}]),
        ),
        (
            "bans/add",
            json!([{"player": {"name": "jeb_"}}, {"player": {"name": "Notch"}, "reason": 5}]),
        ),
        (
            "bans/set",
            json!([{"player": {"name": "jeb_"}}, {"player": {"name": "Notch"}, "expires": "x"}]),
        ),
        (
            "operators/add",
            json!([{"player": {"name": "jeb_"}}, {"player": {"name": "Notch"}, "permissionLevel": 9}]),
        ),
        (
            "operators/set",
            json!([{"player": {"name": "jeb_"}}, {"player": {"name": "Notch"}, "bypassesPlayerLimit": "y"}]),
        ),
        (
            "allowlist/add",
            json!([{"name": "jeb_"}, {"id": "not-a-uuid"}]),
        ),
        ("allowlist/set", json!([{"name": "jeb_"}, 7])),
    ];
    for (method, arg) in bad_calls {
        let e = c.call_err(method, Some(json!([arg]))).await;
        assert_eq!(e["code"], -32602, "{method} {arg}: {e}");
    }
    c.quiet(300).await;
    assert_eq!(c.call("ip_bans", None).await, before);
    assert_eq!(c.call("bans", None).await, json!([]));
    assert_eq!(c.call("operators", None).await, json!([]));
    assert_eq!(c.call("allowlist", None).await, json!([]));
}

#[tokio::test]
async fn integer_game_rules_refuse_values_below_their_minimum() {
    let invalid = |data: &str| json!({"code": -32602, "message": "Invalid params", "data": data});
    let sim = Sim::start(&["--protocol", "3.0.0"]).await;
    let mut c = sim.connect().await;
    for key in [
        "minecraft:random_tick_speed",
        "minecraft:respawn_radius",
        "minecraft:max_entity_cramming",
        "minecraft:max_command_sequence_length",
        "minecraft:players_sleeping_percentage",
    ] {
        let e = c
            .call_err("gamerules/update", Some(json!([{"key": key, "value": -1}])))
            .await;
        assert_eq!(
            e,
            invalid("Value -1 outside of range [0:2147483647]"),
            "{key}"
        );
    }
    let e = c
        .call_err(
            "gamerules/update",
            Some(json!([{"key": "minecraft:max_snow_accumulation_height", "value": 9}])),
        )
        .await;
    assert_eq!(e, invalid("Value 9 outside of range [0:8]"));
    // The minimum itself is fine.
    let r = c
        .call(
            "gamerules/update",
            Some(json!({"key": "minecraft:random_tick_speed", "value": 0})),
        )
        .await;
    assert_eq!(r["value"], 0);
    assert_eq!(c.event().await["params"][0]["value"], 0);

    // 1.x (1.21.9, 1.21.10): integer rules were unbounded (`IntegerValue.create(default)`
    // in the decompiled 1.21.10 `GameRules`; the command report of that era bounds only
    // minecartMaxSpeed), so a negative value is taken; a non-number is not.
    let old = Sim::start(&["--protocol", "1.0.0"]).await;
    let mut c = old.connect().await;
    let r = c
        .call(
            "gamerules/update",
            Some(json!({"key": "randomTickSpeed", "value": "-5"})),
        )
        .await;
    assert_eq!(r["value"], "-5");
    let e = c
        .call_err(
            "gamerules/update",
            Some(json!([{"key": "randomTickSpeed", "value": "fast"}])),
        )
        .await;
    assert_eq!(
        e,
        invalid("Not a valid integer for gamerule \"randomTickSpeed\": fast")
    );
    let r = c
        .call(
            "gamerules/update",
            Some(json!({"key": "spawnRadius", "value": "0"})),
        )
        .await;
    assert_eq!(r["value"], "0");
}

#[tokio::test]
async fn operator_permission_level_setting_takes_only_0_to_4() {
    let sim = Sim::start(&[]).await;
    let mut c = sim.connect().await;
    let m = "serversettings/operator_user_permission_level/set";
    for bad in [json!(5), json!(-1), json!(100), json!("4")] {
        let e = c.call_err(m, Some(json!([bad]))).await;
        assert_eq!(
            e,
            json!({"code": -32602, "message": "Invalid params", "data": format!("Not a valid permission level: {bad}")})
        );
    }
    assert_eq!(
        c.call("serversettings/operator_user_permission_level", None)
            .await,
        4
    );
    assert_eq!(c.call(m, Some(json!(0))).await, 0);
    assert_eq!(c.call(m, Some(json!(4))).await, 4);
}

#[tokio::test]
async fn gamerules_update_ignores_a_stated_type_from_2_0_0() {
    let sim = Sim::start(&["--protocol", "2.0.0"]).await;
    let mut c = sim.connect().await;
    let r = c
        .call(
            "gamerules/update",
            Some(json!({"key": "minecraft:pvp", "type": "integer", "value": false})),
        )
        .await;
    assert_eq!(
        r,
        json!({"key": "minecraft:pvp", "type": "boolean", "value": false})
    );
    // The value is still checked against the rule's real type.
    let e = c
        .call_err(
            "gamerules/update",
            Some(json!([{"key": "minecraft:pvp", "type": "boolean", "value": 3}])),
        )
        .await;
    assert_eq!(
        e["data"],
        "Stated type \"integer\" mismatches with actual type \"boolean\" of gamerule \"minecraft:pvp\""
    );
}

#[tokio::test]
async fn frames_with_a_bad_error_member_or_empty_text_run_nothing() {
    let sim = Sim::start(&[]).await;
    let mut c = sim.connect().await;
    let invalid = json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32600, "message": "Invalid Request"}});
    for frame in [
        r#"{"jsonrpc":"2.0","id":1,"method":"allowlist/add","params":[[{"name":"jeb_"}]],"error":5}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"allowlist/add","params":[[{"name":"jeb_"}]],"error":{"code":1,"message":"x"}}"#,
        r#"{"jsonrpc":"2.0","id":3,"method":"allowlist/add","params":[[{"name":"jeb_"}]],"error":null}"#,
        r#"{"jsonrpc":"2.0","id":4,"error":"oops"}"#,
        "",
        " \n",
    ] {
        c.send_text(frame).await;
        assert_eq!(c.recv().await, invalid, "{frame:?}");
    }
    // In a batch too.
    c.send_text(r#"[{"jsonrpc":"2.0","id":5,"method":"allowlist/add","params":[[{"name":"jeb_"}]],"error":[]}]"#)
        .await;
    assert_eq!(c.recv().await, json!([invalid]));
    c.quiet(200).await;
    assert_eq!(c.call("allowlist", None).await, json!([]));
}
