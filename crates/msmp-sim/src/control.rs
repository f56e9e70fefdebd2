//! The `sim:` namespace: test and demo control, listed in the discover document after the
//! real methods the way a mod's extension would be.

use msmp::catalog::ProtocolVersion;
use serde_json::{json, Value};

pub const NAMESPACE: &str = "sim:";

/// Builds a JSON schema (functions, because `json!` is not const).
pub type SchemaFn = fn() -> Value;

pub struct ControlSpec {
    pub name: &'static str,
    pub description: &'static str,
    /// `(name, schema)` of the single parameter.
    pub param: Option<(&'static str, SchemaFn)>,
    pub result: (&'static str, SchemaFn),
    pub since: ProtocolVersion,
}

fn player_ref() -> Value {
    json!({"$ref": "#/components/schemas/player"})
}

fn players() -> Value {
    json!({"type": "array", "items": {"$ref": "#/components/schemas/player"}})
}

fn boolean() -> Value {
    json!({"type": "boolean"})
}

fn joining() -> Value {
    json!({"type": "object", "properties": {
        "address": {"type": "string"},
        "id": {"type": "string"},
        "name": {"type": "string"},
    }})
}

fn notification() -> Value {
    json!({"type": "object", "properties": {
        "method": {"type": "string"},
        "params": {},
    }})
}

fn upgrade() -> Value {
    json!({"type": "object", "properties": {
        "failReason": {"type": "string"},
        "steps": {"type": "integer"},
    }})
}

pub static CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        name: "sim:players/join",
        description: "Simulator: a player joins (name from the profile directory, or a new profile; optional id and address)",
        param: Some(("player", joining)),
        result: ("player", player_ref),
        since: ProtocolVersion::V1_0_0,
    },
    ControlSpec {
        name: "sim:players/leave",
        description: "Simulator: an online player leaves",
        param: Some(("player", player_ref)),
        result: ("left", boolean),
        since: ProtocolVersion::V1_0_0,
    },
    ControlSpec {
        name: "sim:profiles",
        description: "Simulator: every profile names resolve against",
        param: None,
        result: ("profiles", players),
        since: ProtocolVersion::V1_0_0,
    },
    ControlSpec {
        name: "sim:profiles/add",
        description: "Simulator: add known profiles (id derived from the name when absent)",
        param: Some(("profiles", players)),
        result: ("profiles", players),
        since: ProtocolVersion::V1_0_0,
    },
    ControlSpec {
        name: "sim:notify",
        description: "Simulator: send any notification to every connection",
        param: Some(("notification", notification)),
        result: ("sent", boolean),
        since: ProtocolVersion::V1_0_0,
    },
    ControlSpec {
        name: "sim:server/set_started",
        description: "Simulator: mark the server started or not started",
        param: Some(("started", boolean)),
        result: ("started", boolean),
        since: ProtocolVersion::V1_0_0,
    },
    ControlSpec {
        name: "sim:world/upgrade",
        description: "Simulator: run a world upgrade, with progress at most once per second",
        param: Some(("upgrade", upgrade)),
        result: ("started", boolean),
        since: ProtocolVersion::V3_1_0,
    },
];

pub fn find(full_name: &str, v: ProtocolVersion) -> Option<&'static ControlSpec> {
    CONTROLS
        .iter()
        .find(|c| c.name == full_name && v >= c.since)
}

/// The discover entries of the control methods protocol `v` has.
pub fn discover_entries(v: ProtocolVersion) -> Vec<Value> {
    CONTROLS
        .iter()
        .filter(|c| v >= c.since)
        .map(|c| {
            let params: Vec<Value> = c
                .param
                .iter()
                .map(|(n, s)| json!({"name": n, "required": true, "schema": s()}))
                .collect();
            json!({
                "name": c.name,
                "description": c.description,
                "params": params,
                "result": {"name": c.result.0, "schema": (c.result.1)()},
            })
        })
        .collect()
}

/// The sim's `rpc.discover` document: the real one, then the control methods.
pub fn discover_document(v: ProtocolVersion) -> Value {
    let mut doc = msmp::catalog::discover_document(v);
    if let Some(Value::Array(methods)) = doc.get_mut("methods") {
        methods.extend(discover_entries(v));
    }
    doc
}
