//! Minimizing a failing case: drop steps, then cut pieces out of each frame, keeping
//! every change after which the case still fails the same way.

use crate::case::{self, Case, Step};
use crate::corpus::{Corpus, Starts};
use std::time::{Duration, Instant};

/// What "the same way" means: the failure's first words that hold no value (no quote,
/// digit or brace), since values change while shrinking.
pub fn signature(message: &str) -> String {
    message
        .split_whitespace()
        .filter(|w| !w.contains(|c: char| c == '"' || c == '{' || c.is_ascii_digit()))
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
