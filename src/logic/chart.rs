//! The players-online chart as geometry: samples (ms, count) to points and a stepped line
//! in a fixed SVG box, so the drawing is tested natively.

pub const WIDTH: f64 = 600.0;
pub const HEIGHT: f64 = 160.0;
/// Room for the count labels on the left and the times below.
pub const LEFT: f64 = 32.0;
pub const BOTTOM: f64 = 20.0;
const TOP: f64 = 8.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// One per sample: where it is drawn, and the sample.
    pub points: Vec<(f64, f64, u64, u32)>,
    /// The stepped line through them (a count holds until the next sample).
    pub path: String,
    /// The top of the count axis (at least 1).
    pub peak: u32,
    pub from_ms: u64,
    pub to_ms: u64,
}

/// Lays out `samples` (oldest first) up to `now`, when `current` are online.
pub fn layout(samples: &[(u64, u32)], now: u64, current: u32) -> Chart {
    let mut all: Vec<(u64, u32)> = samples.to_vec();
    // The line runs to now at the current count.
    if all.last().is_none_or(|&(at, n)| at < now || n != current) {
        all.push((now.max(all.last().map_or(0, |s| s.0)), current));
    }
    let from = all[0].0;
    let to = all.last().map_or(from, |s| s.0);
    let peak = all.iter().map(|s| s.1).max().unwrap_or(0).max(1);
    let span = (to - from).max(1) as f64;
    let x = |at: u64| LEFT + (at - from) as f64 / span * (WIDTH - LEFT - 4.0);
    let y = |n: u32| TOP + (1.0 - n as f64 / peak as f64) * (HEIGHT - TOP - BOTTOM);
    let points: Vec<(f64, f64, u64, u32)> =
        all.iter().map(|&(at, n)| (x(at), y(n), at, n)).collect();
    let mut path = String::new();
    for (i, &(px, py, _, _)) in points.iter().enumerate() {
        if i == 0 {
            path.push_str(&format!("M{px:.1},{py:.1}"));
        } else {
            path.push_str(&format!("H{px:.1}V{py:.1}"));
        }
    }
    Chart {
        points,
        path,
        peak,
        from_ms: from,
        to_ms: to,
    }
}

/// The count axis position of `n` (for its label and grid line).
pub fn y_of(chart: &Chart, n: u32) -> f64 {
    TOP + (1.0 - n as f64 / chart.peak as f64) * (HEIGHT - TOP - BOTTOM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_become_a_stepped_line_to_now() {
        let c = layout(&[(1_000, 1), (2_000, 3), (3_000, 2)], 5_000, 2);
        assert_eq!(c.points.len(), 4, "three samples and now");
        assert_eq!((c.peak, c.from_ms, c.to_ms), (3, 1_000, 5_000));
        let (x0, y0, ..) = c.points[0];
        let (x_last, y_last, ..) = c.points[3];
        assert_eq!(x0, LEFT);
        assert!((x_last - (WIDTH - 4.0)).abs() < 1e-9);
        // The peak is at the top, zero would be at the bottom line.
        assert_eq!(c.points[1].1, TOP);
        assert!(y0 > c.points[1].1 && y_last > c.points[1].1);
        assert_eq!(y_of(&c, 0), HEIGHT - BOTTOM);
        assert!(c.path.starts_with("M32.0,") && c.path.matches('H').count() == 3);
    }

    #[test]
    fn no_samples_still_draw_the_current_count() {
        let c = layout(&[], 9_000, 0);
        assert_eq!(c.points.len(), 1);
        assert_eq!((c.peak, c.points[0].3), (1, 0));
        // Nothing new since the last sample: no extra point.
        assert_eq!(layout(&[(9_000, 4)], 9_000, 4).points.len(), 1);
    }
}
