//! A connection's outbound queue, bounded in bytes: a client that stops reading is dropped
//! instead of having every reply and notification buffered for it without end.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, watch};

/// The default bound: 8 MiB of frames not yet handed to the socket. Far above any burst a
/// reading client sees (one call adding thousands of players queues a notification each),
/// far below what would hurt the machine even with every connection slot stuck.
pub const DEFAULT_QUEUE_LIMIT: usize = 8 << 20;

/// What a queued frame costs besides its text (allocation, channel slot), so a flood of
/// tiny frames is bounded too.
const FRAME_OVERHEAD: usize = 64;

pub(super) enum Out {
    Text(String),
    Close,
}

impl Out {
    fn cost(&self) -> usize {
        FRAME_OVERHEAD
            + match self {
                Out::Text(t) => t.len(),
                Out::Close => 0,
            }
    }
}

/// The sending side, kept in the server's connection table.
pub(super) struct Outbox {
    tx: mpsc::UnboundedSender<Out>,
    queued: Arc<AtomicUsize>,
    limit: usize,
    overflowed: AtomicBool,
    kill: watch::Sender<bool>,
}

/// The connection's writer side.
pub(super) struct Inbox {
    rx: mpsc::UnboundedReceiver<Out>,
    queued: Arc<AtomicUsize>,
}

/// Resolves once the connection's queue overflowed: stop writing, drop the connection.
#[derive(Clone)]
pub(super) struct Killed(watch::Receiver<bool>);

impl Killed {
    pub async fn wait(&mut self) {
        let _ = self.0.wait_for(|k| *k).await;
    }

    pub fn is_killed(&self) -> bool {
        *self.0.borrow()
    }
}

pub(super) fn channel(limit: usize) -> (Outbox, Inbox, Killed) {
    let (tx, rx) = mpsc::unbounded_channel();
    let queued = Arc::new(AtomicUsize::new(0));
    let (kill, killed) = watch::channel(false);
    let outbox = Outbox {
        tx,
        queued: queued.clone(),
        limit,
        overflowed: AtomicBool::new(false),
        kill,
    };
    (outbox, Inbox { rx, queued }, Killed(killed))
}

/// What [`Outbox::push`] did.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Pushed {
    Queued,
    /// The queue already held its limit: the connection is being dropped (reported once).
    Overflowed,
    /// Already overflowed or closed before; nothing to do.
    Gone,
}

impl Outbox {
    pub fn push(&self, out: Out) -> Pushed {
        if self.overflowed.load(Ordering::Acquire) {
            return Pushed::Gone;
        }
        let cost = out.cost();
        // A frame is refused only once the queue already holds the limit, so one frame
        // larger than the limit still goes out to a client that reads.
        if self.queued.load(Ordering::Acquire) >= self.limit {
            if self.overflowed.swap(true, Ordering::AcqRel) {
                return Pushed::Gone;
            }
            self.kill.send_replace(true);
            return Pushed::Overflowed;
        }
        self.queued.fetch_add(cost, Ordering::AcqRel);
        if self.tx.send(out).is_err() {
            return Pushed::Gone;
        }
        Pushed::Queued
    }
}

impl Inbox {
    pub async fn recv(&mut self) -> Option<Out> {
        let out = self.rx.recv().await?;
        self.queued.fetch_sub(out.cost(), Ordering::AcqRel);
        Some(out)
    }

    pub fn try_recv(&mut self) -> Option<Out> {
        let out = self.rx.try_recv().ok()?;
        self.queued.fetch_sub(out.cost(), Ordering::AcqRel);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_queue_overflows_once_and_kills() {
        let (outbox, mut inbox, killed) = channel(1000);
        let text = "x".repeat(400);
        assert_eq!(outbox.push(Out::Text(text.clone())), Pushed::Queued);
        assert_eq!(outbox.push(Out::Text(text.clone())), Pushed::Queued);
        // 2 * 464 bytes queued: still under 1000, so a third goes in.
        assert_eq!(outbox.push(Out::Text(text.clone())), Pushed::Queued);
        assert!(!killed.is_killed());
        // Draining frees room.
        assert!(inbox.try_recv().is_some());
        assert_eq!(outbox.push(Out::Text(text.clone())), Pushed::Queued);
        assert_eq!(outbox.push(Out::Text(text.clone())), Pushed::Overflowed);
        assert!(killed.is_killed());
        assert_eq!(outbox.push(Out::Close), Pushed::Gone);
    }

    #[tokio::test]
    async fn one_frame_larger_than_the_limit_still_goes_out() {
        let (outbox, mut inbox, killed) = channel(100);
        assert_eq!(outbox.push(Out::Text("y".repeat(5000))), Pushed::Queued);
        assert!(matches!(inbox.recv().await, Some(Out::Text(t)) if t.len() == 5000));
        assert_eq!(outbox.push(Out::Text("z".into())), Pushed::Queued);
        assert!(!killed.is_killed());
    }
}
