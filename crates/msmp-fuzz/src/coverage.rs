//! Coverage feedback from SanitizerCoverage's inline 8-bit counters, which rustc emits
//! with `-C passes=sancov-module -C llvm-args=-sanitizer-coverage-level=3
//! -C llvm-args=-sanitizer-coverage-inline-8bit-counters` (stable rustc; `cargo xtask
//! fuzz` passes these). Each instrumented module registers its counter array at start-up
//! through `__sanitizer_cov_8bit_counters_init`, which the binary defines and forwards to
//! [`register`]. Without the flags nothing registers and the fuzzer runs unguided.
//!
//! A case is interesting when some edge's hit count falls into a bucket (1, 2, 3, 4–7,
//! 8–15, 16–31, 32–127, 128+: AFL's classes) not seen before.

use std::sync::atomic::{AtomicUsize, Ordering};

const MAX_RANGES: usize = 64;
static STARTS: [AtomicUsize; MAX_RANGES] = [const { AtomicUsize::new(0) }; MAX_RANGES];
static ENDS: [AtomicUsize; MAX_RANGES] = [const { AtomicUsize::new(0) }; MAX_RANGES];
static COUNT: AtomicUsize = AtomicUsize::new(0);

/// Records one module's counters (called before `main`, single-threaded).
pub fn register(start: *mut u8, end: *mut u8) {
    let (s, e) = (start as usize, end as usize);
    let n = COUNT.load(Ordering::Relaxed);
    let known = (0..n).any(|i| STARTS[i].load(Ordering::Relaxed) == s);
    if e > s && !known && n < MAX_RANGES {
        STARTS[n].store(s, Ordering::Relaxed);
        ENDS[n].store(e, Ordering::Relaxed);
        COUNT.store(n + 1, Ordering::Relaxed);
    }
}

pub struct Coverage {
    ranges: Vec<(usize, usize)>,
    /// Per counter, the buckets seen so far (one bit each).
    seen: Vec<u8>,
}

/// AFL's hit-count classes, one bit each.
const BUCKET: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut n = 1;
    while n < 256 {
        t[n] = match n {
            1 => 1,
            2 => 2,
            3 => 4,
            4..=7 => 8,
            8..=15 => 16,
            16..=31 => 32,
            32..=127 => 64,
            _ => 128,
        };
        n += 1;
    }
    t
};

fn bucket(n: u8) -> u8 {
    BUCKET[n as usize]
}

impl Coverage {
    pub fn new() -> Coverage {
        let n = COUNT.load(Ordering::Relaxed);
        let ranges: Vec<(usize, usize)> = (0..n)
            .map(|i| {
                (
                    STARTS[i].load(Ordering::Relaxed),
                    ENDS[i].load(Ordering::Relaxed),
                )
            })
            .collect();
        let total = ranges.iter().map(|(s, e)| e - s).sum();
        Coverage {
            ranges,
            seen: vec![0; total],
        }
    }

    pub fn enabled(&self) -> bool {
        !self.seen.is_empty()
    }

    /// Counters (edges) instrumented.
    pub fn edges(&self) -> usize {
        self.seen.len()
    }

    /// Edges reached at least once so far.
    pub fn covered(&self) -> usize {
        self.seen.iter().filter(|b| **b != 0).count()
    }

    /// Zeroes the counters before a case.
    pub fn reset(&self) {
        for &(s, e) in &self.ranges {
            // SAFETY: a counter array registered by the instrumentation, live for the
            // whole program; nothing else runs while the fuzzer resets it.
            unsafe { std::ptr::write_bytes(s as *mut u8, 0, e - s) };
        }
    }

    /// Whether the case since `reset` hit anything new; remembers what it hit.
    pub fn novel(&mut self) -> bool {
        let mut new = false;
        let mut base = 0;
        for &(s, e) in &self.ranges {
            // SAFETY: as in `reset`; read after the case ran, on the same thread.
            let counters = unsafe { std::slice::from_raw_parts(s as *const u8, e - s) };
            let seen = &mut self.seen[base..base + counters.len()];
            let mut chunks = counters.chunks_exact(8);
            let mut i = 0;
            for chunk in &mut chunks {
                if u64::from_ne_bytes(chunk.try_into().expect("8 bytes")) != 0 {
                    for (j, &c) in chunk.iter().enumerate() {
                        let b = bucket(c);
                        if seen[i + j] & b != b {
                            seen[i + j] |= b;
                            new = true;
                        }
                    }
                }
                i += 8;
            }
            for (j, &c) in chunks.remainder().iter().enumerate() {
                let b = bucket(c);
                if seen[i + j] & b != b {
                    seen[i + j] |= b;
                    new = true;
                }
            }
            base += counters.len();
        }
        new
    }
}

impl Default for Coverage {
    fn default() -> Self {
        Self::new()
    }
}
