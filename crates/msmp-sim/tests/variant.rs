//! Servers of another shape (`--omit`, `--report-version`, `--console-namespace`) over a real
//! socket: what rpc.discover lists is what the server does.

mod common;

use common::Sim;
use serde_json::Value;

fn names(doc: &Value) -> Vec<String> {
    doc["methods"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["name"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn a_subset_server_with_a_newer_version_and_an_extra_namespace() {
    let sim = Sim::start(&[
        "--omit",
        "bans,serversettings/motd/set",
        "--report-version",
        "3.9.0",
        "--console-namespace",
    ])
    .await;
    let mut c = sim.connect().await;
    let doc = c.call("rpc.discover", None).await;
    assert_eq!(doc["info"]["version"], "3.9.0");
    let listed = names(&doc);
    assert!(!listed.iter().any(|n| n == "minecraft:bans"));
    assert!(!listed
        .iter()
        .any(|n| n == "minecraft:serversettings/motd/set"));
    assert!(listed.iter().any(|n| n == "minecraft:serversettings/motd"));
    assert!(listed.iter().any(|n| n == "console:log/recent"));
    assert!(listed.iter().any(|n| n == "console:notification/line"));
    // Left out means unknown, as on a server that never had it.
    let err = c.call_err("minecraft:bans", None).await;
    assert_eq!(err["code"], -32601, "{err}");
    let err = c
        .call_err("serversettings/motd/set", Some(serde_json::json!(["x"])))
        .await;
    assert_eq!(err["code"], -32601, "{err}");
    // What is listed works: the getter, and the extra namespace's method.
    assert!(c.call("serversettings/motd", None).await.is_string());
    let lines = c.call("console:log/recent", None).await;
    assert!(lines.as_array().is_some_and(|l| !l.is_empty()), "{lines}");
}
