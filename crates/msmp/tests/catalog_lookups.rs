//! Catalog look-ups the simulator and the panel rely on (independent of ../shared).

use msmp::catalog::{self, Group, Kind, ProtocolVersion, Schema};
use serde_json::json;

#[test]
fn names_without_namespace_mean_minecraft() {
    assert_eq!(catalog::qualify("players"), "minecraft:players");
    assert_eq!(catalog::qualify("minecraft:players"), "minecraft:players");
    assert_eq!(catalog::qualify("nem:chat"), "nem:chat");
    assert_eq!(
        catalog::find("players").map(|m| m.name),
        Some("minecraft:players")
    );
    assert!(catalog::find("minecraft:foo/bar").is_none());
    assert!(catalog::find("nem:players").is_none());
}

#[test]
fn find_method_respects_versions_and_refuses_notifications() {
    use ProtocolVersion::*;
    let activity = "minecraft:notification/server/activity";
    assert!(catalog::find(activity).is_some_and(|m| m.kind == Kind::Notification));
    assert!(catalog::find_method(activity, ProtocolVersion::LATEST).is_none());
    assert!(catalog::methods(V1_0_0).all(|m| m.name != activity));
    assert!(catalog::methods(V1_1_0).any(|m| m.name == activity));
    let upgrade = catalog::find("minecraft:notification/world/upgrade_progress").unwrap();
    assert!(!upgrade.exists_in(V3_0_0) && upgrade.exists_in(V3_1_0));
    assert_eq!(upgrade.param.unwrap().schema, Schema::Number);
    assert!(catalog::find_method("allowlist/add", V1_0_0).is_some());
}

#[test]
fn methods_carry_group_param_and_result() {
    let add = catalog::find("ip_bans/add").unwrap();
    assert_eq!(add.group, Group::IpBans);
    assert_eq!(add.param.unwrap().name, "add");
    assert_eq!(
        add.param.unwrap().schema.to_json(),
        json!({"type":"array","items":{"$ref":"#/components/schemas/incoming_ip_ban"}})
    );
    assert_eq!(add.result.unwrap().name, "banlist");
    let remove = catalog::find("ip_bans/remove").unwrap();
    assert_eq!(remove.param.unwrap().name, "ip");
    let kick = catalog::find("players/kick").unwrap();
    assert_eq!(kick.param.unwrap().name, "kick");
    assert_eq!(kick.short_name(), "players/kick");
    assert_eq!(
        catalog::find("minecraft:notification/players/joined")
            .unwrap()
            .short_name(),
        "players/joined"
    );
    assert!(catalog::find("server/stop").unwrap().param.is_none());
}

#[test]
fn the_heartbeat_description_changed_in_3_0_0() {
    let hb = catalog::find("minecraft:notification/server/status").unwrap();
    assert_eq!(
        hb.description_in(ProtocolVersion::V2_0_0),
        "Server status heartbeat"
    );
    assert!(hb
        .description_in(ProtocolVersion::V3_0_0)
        .contains("before the server has spun up"));
}

#[test]
fn settings_have_the_param_names_protocol_md_lists() {
    let expected = [
        ("autosave", "enable"),
        ("difficulty", "difficulty"),
        ("enforce_allowlist", "enforce"),
        ("use_allowlist", "use"),
        ("max_players", "max"),
        ("pause_when_empty_seconds", "seconds"),
        ("player_idle_timeout", "seconds"),
        ("allow_flight", "allow"),
        ("motd", "message"),
        ("spawn_protection_radius", "radius"),
        ("force_game_mode", "force"),
        ("game_mode", "mode"),
        ("view_distance", "distance"),
        ("simulation_distance", "distance"),
        ("accept_transfers", "accept"),
        ("status_heartbeat_interval", "seconds"),
        ("operator_user_permission_level", "level"),
        ("hide_online_players", "hide"),
        ("status_replies", "enable"),
        ("entity_broadcast_range", "percentage_points"),
    ];
    assert_eq!(catalog::SETTINGS.len(), expected.len());
    for (key, param) in expected {
        let s = catalog::setting(key).unwrap_or_else(|| panic!("{key}"));
        assert_eq!(s.param, param, "{key}");
        assert_eq!(s.get_method, format!("minecraft:serversettings/{key}"));
        assert_eq!(s.set_method, format!("minecraft:serversettings/{key}/set"));
        let set = catalog::find(s.set_method).unwrap();
        assert_eq!(set.param.unwrap().name, param);
        assert_eq!(set.group, Group::Settings);
    }
    assert!(catalog::setting("nope").is_none());
    assert_eq!(
        catalog::setting("view_distance").unwrap().limits,
        Some((3, 32))
    );
}

#[test]
fn every_list_names_methods_that_exist() {
    for group in [
        Group::Allowlist,
        Group::Bans,
        Group::IpBans,
        Group::Operators,
    ] {
        let l = catalog::list(group).unwrap();
        for m in [l.get, l.set, l.add, l.remove, l.clear, l.added, l.removed] {
            let spec = catalog::find(m).unwrap_or_else(|| panic!("{m}"));
            assert_eq!(spec.group, group, "{m}");
        }
    }
    assert!(catalog::list(Group::Players).is_none());
}

#[test]
fn protocol_versions_parse_and_round_up_to_what_we_know() {
    use ProtocolVersion::*;
    assert_eq!(ProtocolVersion::parse("2.0.0"), Some(V2_0_0));
    assert_eq!(ProtocolVersion::parse("2.0"), None);
    assert_eq!(ProtocolVersion::closest("1.0.0"), Some(V1_0_0));
    assert_eq!(ProtocolVersion::closest("1.2.5"), Some(V1_1_0));
    assert_eq!(ProtocolVersion::closest("2"), Some(V2_0_0));
    assert_eq!(ProtocolVersion::closest("3.0"), Some(V3_0_0));
    assert_eq!(ProtocolVersion::closest("9.9.9"), Some(V3_1_0));
    assert_eq!(ProtocolVersion::closest("0.9.0"), None);
    assert_eq!(ProtocolVersion::closest("banana"), None);
    assert!(!V1_1_0.typed_game_rules() && V2_0_0.typed_game_rules());
    assert!(!V2_0_0.gates_before_start() && V3_0_0.gates_before_start());
}

#[test]
fn the_discover_document_of_1_x_has_string_rule_values() {
    let v1 = catalog::discover_document(ProtocolVersion::V1_0_0);
    let v2 = catalog::discover_document(ProtocolVersion::V2_0_0);
    let value = "/components/schemas/typed_game_rule/properties/value/type";
    assert_eq!(v1.pointer(value), Some(&json!("string")));
    assert_eq!(v2.pointer(value), Some(&json!(["boolean", "integer"])));
    assert_eq!(v1["info"]["version"], json!("1.0.0"));
    assert!(v1["methods"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["name"] != "rpc.discover"));
}

#[test]
fn state_getters_are_parameterless_reads_and_never_change_anything() {
    use msmp::catalog::{find, state_getters, Kind};
    let getters: Vec<&str> = state_getters().collect();
    assert_eq!(getters.len(), 4 + 2 + 20 + 1);
    for name in getters {
        let spec = find(name).unwrap_or_else(|| panic!("{name} is in the catalog"));
        assert_eq!(spec.kind, Kind::Method, "{name}");
        assert!(spec.param.is_none(), "{name} takes no parameter");
        assert!(
            !name.ends_with("/clear") && !name.ends_with("/stop"),
            "{name} changes state"
        );
    }
}

#[test]
fn integer_game_rules_of_1_21_11_have_the_limits_the_release_notes_state() {
    use msmp::catalog::game_rule_bounds;
    const MAX: i64 = i32::MAX as i64;
    assert_eq!(
        game_rule_bounds("minecraft:max_snow_accumulation_height"),
        (0, 8)
    );
    assert_eq!(game_rule_bounds("max_block_modifications"), (1, MAX));
    assert_eq!(game_rule_bounds("minecraft:max_command_forks"), (1, MAX));
    assert_eq!(
        game_rule_bounds("minecraft:fire_spread_radius_around_player"),
        (-1, MAX)
    );
    assert_eq!(game_rule_bounds("minecraft:random_tick_speed"), (0, MAX));
    // Any other rule: a 32-bit integer.
    assert_eq!(
        game_rule_bounds("minecraft:unknown"),
        (i32::MIN.into(), MAX)
    );
}
