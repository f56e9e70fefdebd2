//! Holds the catalog against the real server's API schema documents in
//! `../shared/msmp-schemas/<version>.json` (not part of this repository).

use msmp::catalog::{self, Kind, ProtocolVersion};
use serde_json::Value;
use std::path::PathBuf;

fn schema_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/msmp-schemas");
    dir.is_dir().then_some(dir)
}

fn load(v: ProtocolVersion) -> Option<Value> {
    let Some(dir) = schema_dir() else {
        println!("skipped: ../shared/msmp-schemas is absent, nothing to compare against");
        return None;
    };
    let text = std::fs::read_to_string(dir.join(format!("{v}.json"))).expect("readable schema");
    Some(serde_json::from_str(&text).expect("schema is JSON"))
}

fn by_name(doc: &Value) -> Vec<(String, Value)> {
    doc["methods"]
        .as_array()
        .expect("methods")
        .iter()
        .map(|m| (m["name"].as_str().unwrap().to_string(), m.clone()))
        .collect()
}

#[test]
fn discover_document_equals_the_real_schema_for_every_version() {
    for v in ProtocolVersion::ALL {
        let Some(real) = load(v) else { return };
        let ours = catalog::discover_document(v);
        let (real_methods, our_methods) = (by_name(&real), by_name(&ours));
        let names = |l: &[(String, Value)]| l.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(&our_methods),
            names(&real_methods),
            "{v}: method names and order"
        );
        for ((name, a), (_, b)) in our_methods.iter().zip(&real_methods) {
            assert_eq!(a, b, "{v}: {name} differs");
        }
        assert_eq!(ours["components"], real["components"], "{v}: components");
        assert_eq!(ours["info"], real["info"], "{v}: info");
        assert_eq!(ours["openrpc"], real["openrpc"], "{v}: openrpc");
        assert_eq!(ours, real, "{v}: whole document");
    }
}

#[test]
fn every_version_lists_settings_lists_and_notifications_from_the_catalog() {
    for v in ProtocolVersion::ALL {
        let Some(real) = load(v) else { return };
        let real_names: Vec<String> = by_name(&real).into_iter().map(|(n, _)| n).collect();
        for s in &catalog::SETTINGS {
            assert!(
                real_names.iter().any(|n| n == s.get_method),
                "{v}: {}",
                s.get_method
            );
            assert!(
                real_names.iter().any(|n| n == s.set_method),
                "{v}: {}",
                s.set_method
            );
        }
        for l in &catalog::LISTS {
            for m in [l.get, l.set, l.add, l.remove, l.clear, l.added, l.removed] {
                assert!(real_names.iter().any(|n| n == m), "{v}: {m}");
            }
        }
        let notifications = catalog::methods(v)
            .filter(|m| m.kind == Kind::Notification)
            .count();
        let real_notifications = real["methods"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m.get("result").is_none())
            .count();
        assert_eq!(notifications, real_notifications, "{v}");
    }
}
