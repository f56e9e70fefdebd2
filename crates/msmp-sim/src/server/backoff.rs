//! Accept errors (out of file descriptors, out of memory) usually persist for a while:
//! retrying at once would spin a core and flood the log. Wait longer after each failure,
//! log the first of a streak and the recovery only.

use std::time::Duration;

const FIRST: Duration = Duration::from_millis(10);
const MAX: Duration = Duration::from_secs(1);

#[derive(Default)]
pub(super) struct Backoff {
    failures: u64,
}

impl Backoff {
    /// After a failed accept: how long to wait, and the line to log (first failure only).
    pub fn failed(&mut self, e: &std::io::Error) -> (Duration, Option<String>) {
        self.failures += 1;
        let delay = FIRST
            .saturating_mul(1 << (self.failures - 1).min(16))
            .min(MAX);
        let log = (self.failures == 1).then(|| {
            format!("cannot accept connections: {e} (retrying with a growing delay up to 1 s)")
        });
        (delay, log)
    }

    /// After a successful accept: the line to log when it ends a streak of failures.
    pub fn succeeded(&mut self) -> Option<String> {
        let failures = std::mem::take(&mut self.failures);
        (failures > 0).then(|| format!("accepting connections again after {failures} failures"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_doubles_to_a_second_and_logs_once_per_streak() {
        let e = std::io::Error::from_raw_os_error(24);
        let mut b = Backoff::default();
        let (d, log) = b.failed(&e);
        assert_eq!(d, Duration::from_millis(10));
        assert!(log.unwrap().contains("cannot accept connections"));
        let delays: Vec<Duration> = (0..10)
            .map(|_| b.failed(&e))
            .map(|(d, l)| {
                assert!(l.is_none());
                d
            })
            .collect();
        assert_eq!(delays[0], Duration::from_millis(20));
        assert_eq!(delays[5], Duration::from_millis(640));
        assert_eq!(delays[9], MAX);
        assert_eq!(
            b.succeeded().as_deref(),
            Some("accepting connections again after 11 failures")
        );
        assert_eq!(b.succeeded(), None);
        assert_eq!(b.failed(&e).0, FIRST);
    }
}
