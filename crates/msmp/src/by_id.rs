//! A few values keyed by call id.
//!
//! A short `Vec` scanned linearly, in insertion order: only a handful of calls are open at a
//! time, and it keeps `BTreeMap`/`HashMap` code (and a random seed) out of the panel's
//! WebAssembly bundle (5 KB of gzip for the client core and the session, measured).

#[derive(Debug, Clone)]
pub struct ById<T>(Vec<(u64, T)>);

impl<T> Default for ById<T> {
    fn default() -> Self {
        ById(Vec::new())
    }
}

impl<T> ById<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, id: u64, value: T) {
        self.0.push((id, value));
    }

    pub fn remove(&mut self, id: u64) -> Option<T> {
        let i = self.0.iter().position(|(k, _)| *k == id)?;
        Some(self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().map(|(_, v)| v)
    }

    /// Removes and returns, in insertion order, the entries `pick` selects.
    pub fn take_where(&mut self, mut pick: impl FnMut(&T) -> bool) -> Vec<(u64, T)> {
        let (taken, kept) = std::mem::take(&mut self.0)
            .into_iter()
            .partition(|(_, v)| pick(v));
        self.0 = kept;
        taken
    }

    /// Removes and returns everything, in insertion order.
    pub fn take_all(&mut self) -> Vec<(u64, T)> {
        std::mem::take(&mut self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_by_id_and_keeps_insertion_order() {
        let mut m = ById::new();
        for id in [3, 1, 2] {
            m.insert(id, id * 10);
        }
        assert_eq!(m.remove(1), Some(10));
        assert_eq!(m.remove(1), None);
        m.insert(4, 40);
        assert_eq!(m.take_where(|v| *v >= 30), vec![(3, 30), (4, 40)]);
        assert_eq!(m.len(), 1);
        assert_eq!(m.take_all(), vec![(2, 20)]);
        assert!(m.is_empty());
    }
}
