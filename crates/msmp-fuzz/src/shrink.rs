//! Minimizing a failing case: drop steps, then cut pieces out of each frame, keeping
//! every change after which the case still fails the same way.

use crate::case::{self, Case, Step};
use crate::corpus::{Corpus, Starts};
use msmp::jsonrpc::json_text;
use serde_json::Value;
use std::time::{Duration, Instant};

/// What "the same way" means: the failure's first words once quoted strings are taken out
/// and leaving out words with a digit or a brace, since values change while shrinking.
pub fn signature(message: &str) -> String {
    let mut bare = String::new();
    let (mut quoted, mut escaped) = (false, false);
    for c in message.chars() {
        match (quoted, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => quoted = !quoted,
            (false, _, c) => bare.push(c),
            _ => {}
        }
    }
    bare.split_whitespace()
        .filter(|w| !w.contains(|c: char| c == '{' || c == '}' || c.is_ascii_digit()))
        .take(4)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn minimize(corpus: &Corpus, case: &Case, message: &str, budget: Duration) -> Case {
    let want = signature(message);
    let start = Instant::now();
    let mut starts = Starts::new(corpus);
    let mut fails = |c: &Case| match case::run(corpus, &mut starts, c) {
        Err(f) => signature(&f.message) == want,
        Ok(()) => false,
    };
    let mut best = case.clone();
    // Whole steps, from the last.
    let mut i = best.steps.len();
    while i > 0 && start.elapsed() < budget {
        i -= 1;
        let mut c = best.clone();
        c.steps.remove(i);
        if fails(&c) {
            best = c;
        }
    }
    // Parts of frames that are JSON: array elements and object members, then values
    // replaced by null.
    for s in 0..best.steps.len() {
        let Step::Frame(bytes) = &best.steps[s] else {
            continue;
        };
        let Ok(mut v) = serde_json::from_slice::<Value>(bytes) else {
            continue;
        };
        let mut progress = true;
        while progress && start.elapsed() < budget {
            progress = false;
            let mut path_count = 0;
            count(&v, &mut path_count);
            let mut i = 0;
            while i < path_count && start.elapsed() < budget {
                let mut smaller = v.clone();
                if remove_nth(&mut smaller, &mut i.clone()) {
                    let mut c = best.clone();
                    c.steps[s] = Step::Frame(json_text(&smaller).into_bytes());
                    if fails(&c) {
                        best = c;
                        v = smaller;
                        progress = true;
                        path_count = 0;
                        count(&v, &mut path_count);
                        continue;
                    }
                }
                i += 1;
            }
        }
    }
    // Pieces of frames, halving the piece size.
    for s in 0..best.steps.len() {
        let Step::Frame(bytes) = &best.steps[s] else {
            continue;
        };
        let mut bytes = bytes.clone();
        let mut size = bytes.len() / 2;
        while size > 0 && start.elapsed() < budget {
            let mut at = 0;
            while at + size <= bytes.len() && start.elapsed() < budget {
                let mut shorter = bytes.clone();
                shorter.drain(at..at + size);
                let mut c = best.clone();
                c.steps[s] = Step::Frame(shorter.clone());
                if fails(&c) {
                    best = c;
                    bytes = shorter;
                } else {
                    at += size;
                }
            }
            size /= 2;
        }
    }
    best
}

/// The number of nodes below the root.
fn count(v: &Value, n: &mut usize) {
    let children: Box<dyn Iterator<Item = &Value>> = match v {
        Value::Array(a) => Box::new(a.iter()),
        Value::Object(o) => Box::new(o.values()),
        _ => return,
    };
    for c in children {
        *n += 1;
        count(c, n);
    }
}

/// Removes the `n`th node below the root (pre-order); false when there is none.
fn remove_nth(v: &mut Value, n: &mut usize) -> bool {
    match v {
        Value::Array(a) => {
            for i in 0..a.len() {
                if *n == 0 {
                    a.remove(i);
                    return true;
                }
                *n -= 1;
                if remove_nth(&mut a[i], n) {
                    return true;
                }
            }
            false
        }
        Value::Object(o) => {
            let keys: Vec<String> = o.keys().cloned().collect();
            for k in keys {
                if *n == 0 {
                    o.remove(&k);
                    return true;
                }
                *n -= 1;
                if remove_nth(o.get_mut(&k).expect("key listed"), n) {
                    return true;
                }
            }
            false
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn removes_nodes_in_pre_order() {
        let v = json!({"a": [1, {"b": 2}], "c": 3});
        let mut n = 0;
        count(&v, &mut n);
        assert_eq!(n, 5);
        let mut x = v.clone();
        assert!(remove_nth(&mut x, &mut 2));
        assert_eq!(x, json!({"a": [1], "c": 3}));
        let mut x = v.clone();
        assert!(remove_nth(&mut x, &mut 3));
        assert_eq!(x, json!({"a": [1, {}], "c": 3}));
        assert!(!remove_nth(&mut v.clone(), &mut 5));
    }

    #[test]
    fn signatures_leave_values_out() {
        assert_eq!(
            signature("players holds \"jeb_\" twice: Player { id: 1 }"),
            "players holds twice: Player"
        );
        assert_eq!(
            signature(r#"players holds "a \" b c" twice: Player"#),
            "players holds twice: Player"
        );
    }
}
