//! The game rules the simulator serves are exactly the lists `GAMERULES.md` cites: every
//! key, type and default of 1.21.10 (protocol 1.x) and of 1.21.11 (2.0.0+), from the
//! sources named there.

mod common;

use common::Sim;
use serde_json::Value;
use std::collections::BTreeMap;

/// `(key, type, default)` rows of the table under `heading` in GAMERULES.md, without the
/// rules a normal world lacks (the minecart speed rule needs an experiment).
fn cited(heading: &str, prefix: &str) -> BTreeMap<String, (String, String)> {
    let doc = include_str!("../GAMERULES.md");
    let section = doc
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .expect(heading);
    let mut out = BTreeMap::new();
    for line in section.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !matches!(cells[2], "boolean" | "integer") {
            continue;
        }
        if cells[1].contains("inecart") {
            continue;
        }
        let default = cells[3]
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('*');
        out.insert(
            format!("{prefix}{}", cells[1]),
            (cells[2].to_string(), default.to_string()),
        );
    }
    out
}

async fn served(protocol: &str) -> BTreeMap<String, (String, String)> {
    let sim = Sim::start(&["--protocol", protocol]).await;
    let mut c = sim.connect().await;
    let rules = c.call("gamerules", None).await;
    rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let value = match &r["value"] {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            (
                r["key"].as_str().unwrap().to_string(),
                (r["type"].as_str().unwrap().to_string(), value),
            )
        })
        .collect()
}

#[tokio::test]
async fn protocol_1_x_serves_the_rules_of_1_21_10() {
    let want = cited("1. Minecraft 1.21.9", "");
    assert_eq!(want.len(), 59);
    assert_eq!(served("1.1.0").await, want);
}

#[tokio::test]
async fn protocol_2_0_0_on_serves_the_registry_of_1_21_11() {
    let want = cited("2. Minecraft 1.21.11", "minecraft:");
    assert_eq!(want.len(), 58);
    assert_eq!(served("3.0.0").await, want);
}
