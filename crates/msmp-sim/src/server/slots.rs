//! The connection cap. Every accepted TCP connection takes a slot from accept on, its TLS
//! and WebSocket handshakes included. When all slots are taken, a new connection takes the
//! slot of the oldest connection still in its handshake (which is dropped), so clients that
//! open sockets and send nothing cannot lock real clients out; only when every slot holds
//! an established connection is the new one refused.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::task::{AbortHandle, JoinHandle};

pub const DEFAULT_MAX_CONNECTIONS: usize = 256;

pub(super) struct Slots {
    cap: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    taken: usize,
    next: u64,
    /// Connections still in their handshake, oldest first.
    pending: BTreeMap<u64, Pending>,
}

struct Pending {
    task: AbortHandle,
    released: Arc<AtomicBool>,
}

/// A connection's claim on a slot; dropping it frees the slot.
pub(super) struct Slot {
    slots: Arc<Slots>,
    id: u64,
    released: Arc<AtomicBool>,
}

/// How [`Slots::admit`] placed a connection.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Admitted {
    Free,
    /// The oldest handshake in progress was dropped to make room.
    Evicted,
}

impl Slots {
    pub fn new(cap: usize) -> Arc<Slots> {
        Arc::new(Slots {
            cap: cap.max(1),
            inner: Mutex::new(Inner::default()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Finds a slot and starts the connection's task with it (under the lock, so the task
    /// is registered before it can finish its handshake). Gives `conn` back when every
    /// slot holds an established connection.
    pub fn admit<C>(
        self: &Arc<Self>,
        conn: C,
        start: impl FnOnce(C, Slot) -> JoinHandle<()>,
    ) -> Result<Admitted, C> {
        let mut inner = self.lock();
        let how = if inner.taken < self.cap {
            inner.taken += 1;
            Admitted::Free
        } else if let Some((_, oldest)) = inner.pending.pop_first() {
            // Its slot passes to the new connection: its own release must not count.
            oldest.released.store(true, Ordering::Release);
            oldest.task.abort();
            Admitted::Evicted
        } else {
            return Err(conn);
        };
        let id = inner.next;
        inner.next += 1;
        let released = Arc::new(AtomicBool::new(false));
        let slot = Slot {
            slots: self.clone(),
            id,
            released: released.clone(),
        };
        let task = start(conn, slot).abort_handle();
        inner.pending.insert(id, Pending { task, released });
        Ok(how)
    }

    /// Connections holding a slot, handshakes included.
    pub fn taken(&self) -> usize {
        self.lock().taken
    }
}

impl Slot {
    /// The handshake is done: this connection can no longer be evicted. False when it was
    /// evicted meanwhile (its task is being aborted).
    pub fn established(&self) -> bool {
        let mut inner = self.slots.lock();
        inner.pending.remove(&self.id);
        !self.released.load(Ordering::Acquire)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut inner = self.slots.lock();
        if !self.released.swap(true, Ordering::AcqRel) {
            inner.pending.remove(&self.id);
            inner.taken -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::oneshot;

    /// Admits a connection whose task holds its slot until told to establish or finish.
    fn admit(
        slots: &Arc<Slots>,
    ) -> (
        Result<Admitted, ()>,
        oneshot::Sender<bool>,
        oneshot::Receiver<()>,
    ) {
        let (go, wait) = oneshot::channel::<bool>();
        let (ended_tx, ended) = oneshot::channel();
        let how = slots.admit((), |(), slot| {
            tokio::spawn(async move {
                let _ended = ended_tx;
                if let Ok(true) = wait.await {
                    assert!(slot.established());
                    std::future::pending::<()>().await;
                }
            })
        });
        (how, go, ended)
    }

    /// Lets the spawned tasks run until `done` holds (single-threaded test runtime).
    async fn settle(done: impl Fn() -> bool) {
        for _ in 0..1000 {
            if done() {
                return;
            }
            tokio::task::yield_now().await;
        }
        panic!("tasks did not settle");
    }

    #[tokio::test]
    async fn the_oldest_handshake_gives_way_and_established_ones_never_do() {
        let slots = Slots::new(2);
        let (a, go_a, ended_a) = admit(&slots);
        let (b, go_b, _ended_b) = admit(&slots);
        assert_eq!((a, b), (Ok(Admitted::Free), Ok(Admitted::Free)));
        // A third evicts the oldest handshake (a), which is aborted.
        let (c, go_c, _ended_c) = admit(&slots);
        assert_eq!(c, Ok(Admitted::Evicted));
        assert!(ended_a.await.is_err(), "a's task ended");
        drop(go_a);
        assert_eq!(slots.taken(), 2);
        // b and c established: a fourth is refused.
        go_b.send(true).unwrap();
        go_c.send(true).unwrap();
        settle(|| slots.lock().pending.is_empty()).await;
        let (d, _, _) = admit(&slots);
        assert_eq!(d, Err(()));
        assert_eq!(slots.taken(), 2);
    }

    #[tokio::test]
    async fn a_finished_connection_frees_its_slot() {
        let slots = Slots::new(1);
        let (a, go_a, ended_a) = admit(&slots);
        assert_eq!(a, Ok(Admitted::Free));
        go_a.send(false).unwrap();
        ended_a.await.ok();
        settle(|| slots.taken() == 0).await;
        let (b, _go, _ended) = admit(&slots);
        assert_eq!(b, Ok(Admitted::Free));
    }
}
