//! Which slice of a long list is on screen.

pub const PAGE_SIZE: usize = 50;

/// The index range of page `page` (from 0) out of `total` items; past the end (the list
/// shrank), the last page.
pub fn window(page: usize, total: usize) -> std::ops::Range<usize> {
    let last = total.saturating_sub(1) / PAGE_SIZE;
    let start = page.min(last) * PAGE_SIZE;
    start..(start + PAGE_SIZE).min(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_the_list_once_and_clamp_when_it_shrinks() {
        assert_eq!(window(0, 0), 0..0);
        assert_eq!(window(0, 5), 0..5);
        assert_eq!(window(0, 10_000), 0..PAGE_SIZE);
        assert_eq!(window(199, 10_000), 9_950..10_000);
        assert_eq!(window(9, 120), 100..120, "past the end: the last page");
        let covered: usize = (0..=200).map(|p| window(p, 10_001).len()).sum();
        assert_eq!(covered, 10_001, "201 pages, the last with one row");
    }
}
