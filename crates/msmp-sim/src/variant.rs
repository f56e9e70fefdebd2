//! Servers other than Mojang's that speak MSMP, for testing clients against them: a bridge
//! (Spigot, Velocity) that offers a subset of the methods, a server that reports a protocol
//! version newer than any known, and a mod that adds its own namespace.
//!
//! A client has to take what such a server can do from its `rpc.discover` document, not
//! from its version number: omitted methods are gone from the document and answered as
//! unknown ("Method not found"), exactly like a server that never had them.

use serde_json::{json, Value};

/// The extra namespace's method: the last lines of a (simulated) server console.
pub const CONSOLE_METHOD: &str = "console:log/recent";
/// The extra namespace's notification, one console line as its argument.
pub const CONSOLE_NOTIFICATION: &str = "console:notification/line";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variant {
    /// Methods and notifications left out (full names, `minecraft:` added when missing).
    pub omit: Vec<String>,
    /// What `info.version` says instead of the simulated protocol's version.
    pub report_version: Option<String>,
    /// Offer [`CONSOLE_METHOD`] and [`CONSOLE_NOTIFICATION`].
    pub console: bool,
}

impl Variant {
    /// Whether `method` (full name) was left out.
    pub fn omits(&self, method: &str) -> bool {
        self.omit.iter().any(|m| qualified(m) == method)
    }

    /// The discover document as this server would send it.
    pub fn apply(&self, mut doc: Value) -> Value {
        if let Some(Value::Array(methods)) = doc.get_mut("methods") {
            methods.retain(|m| !m["name"].as_str().is_some_and(|n| self.omits(n)));
            if self.console {
                methods.push(json!({
                    "name": CONSOLE_METHOD,
                    "description": "The last lines of the server console",
                    "params": [],
                    "result": {"name": "lines", "schema": {"type": "array", "items": {"type": "string"}}},
                }));
                methods.push(json!({
                    "name": CONSOLE_NOTIFICATION,
                    "description": "A line was written to the server console",
                    "params": [{"name": "line", "required": true, "schema": {"type": "string"}}],
                }));
            }
        }
        if let Some(v) = &self.report_version {
            doc["info"]["version"] = json!(v);
        }
        doc
    }
}

fn qualified(name: &str) -> String {
    if name.contains(':') {
        name.to_string()
    } else {
        format!("minecraft:{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use msmp::catalog::ProtocolVersion;

    #[test]
    fn a_variant_reshapes_the_discover_document() {
        let doc = crate::control::discover_document(ProtocolVersion::V3_0_0);
        let v = Variant {
            omit: vec!["bans".into(), "minecraft:serversettings/motd/set".into()],
            report_version: Some("3.9.0".into()),
            console: true,
        };
        let out = v.apply(doc);
        let names: Vec<&str> = out["methods"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["name"].as_str())
            .collect();
        assert!(!names.contains(&"minecraft:bans"));
        assert!(!names.contains(&"minecraft:serversettings/motd/set"));
        assert!(names.contains(&"minecraft:serversettings/motd"));
        assert!(names.contains(&"minecraft:bans/add"));
        assert!(names.contains(&CONSOLE_METHOD) && names.contains(&CONSOLE_NOTIFICATION));
        assert_eq!(out["info"]["version"], "3.9.0");
    }
}
