//! Ban expiry instants read and written like Java's `DateTimeFormatter.ISO_INSTANT`, which
//! the real server uses: any ISO-8601 date-time with `Z` or an offset is accepted, and it
//! is always written back in UTC with `Z`, so clients see one spelling per instant.

use std::fmt;

/// A point in time: seconds since 1970-01-01T00:00:00Z and the nanoseconds after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant {
    pub secs: i64,
    pub nanos: u32,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM[:SS])`, case-insensitive like
/// ISO_INSTANT, with the strict resolver's range checks (no February 30th).
pub fn parse(s: &str) -> Option<Instant> {
    let b = s.as_bytes();
    let num = |at: usize, len: usize| -> Option<i64> {
        let d = b.get(at..at + len)?;
        d.iter()
            .all(u8::is_ascii_digit)
            .then(|| d.iter().fold(0, |n, c| n * 10 + i64::from(c - b'0')))
    };
    let lit = |at: usize, c: u8| b.get(at).is_some_and(|x| x.eq_ignore_ascii_case(&c));
    if !(lit(4, b'-') && lit(7, b'-') && lit(10, b'T') && lit(13, b':') && lit(16, b':')) {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, sec) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59
    {
        return None;
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if lit(at, b'.') {
        let digits = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        let frac = num(at + 1, digits)?;
        nanos = u32::try_from(frac * 10i64.pow(9 - digits as u32)).ok()?;
        at += 1 + digits;
    }
    let offset = match b.get(at) {
        Some(b'Z' | b'z') if b.len() == at + 1 => 0,
        Some(&sign @ (b'+' | b'-')) => {
            let (oh, om) = (num(at + 1, 2)?, num(at + 4, 2)?);
            let os = match b.len() - at {
                6 => 0,
                9 if lit(at + 6, b':') => num(at + 7, 2)?,
                _ => return None,
            };
            if !lit(at + 3, b':')
                || oh > 18
                || om > 59
                || os > 59
                || oh * 3600 + om * 60 + os > 18 * 3600
            {
                return None;
            }
            let total = oh * 3600 + om * 60 + os;
            if sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset;
    Some(Instant { secs, nanos })
}

/// ISO_INSTANT output: UTC with `Z`, fraction only when non-zero, in groups of 3 digits.
impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d) = civil_from_days(self.secs.div_euclid(86_400));
        let t = self.secs.rem_euclid(86_400);
        match y {
            0..=9999 => write!(f, "{y:04}")?,
            10_000.. => write!(f, "+{y}")?,
            _ => write!(f, "-{:04}", -y)?,
        }
        write!(
            f,
            "-{mo:02}-{d:02}T{:02}:{:02}:{:02}",
            t / 3600,
            t / 60 % 60,
            t % 60
        )?;
        let n = self.nanos;
        if n == 0 {
            // A whole second: no fraction at all.
        } else if n.is_multiple_of(1_000_000) {
            write!(f, ".{:03}", n / 1_000_000)?;
        } else if n.is_multiple_of(1_000) {
            write!(f, ".{:06}", n / 1_000)?;
        } else {
            write!(f, ".{n:09}")?;
        }
        f.write_str("Z")
    }
}

/// The canonical spelling of an instant, or the error the real server's codec reports.
pub fn normalize(s: &str) -> Result<String, String> {
    parse(s)
        .map(|i| i.to_string())
        .ok_or_else(|| format!("Failed to parse instant {s}: not an ISO-8601 instant"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> Option<String> {
        normalize(s).ok()
    }

    #[test]
    fn written_back_like_iso_instant() {
        assert_eq!(
            norm("2030-01-01T00:00:00Z").unwrap(),
            "2030-01-01T00:00:00Z"
        );
        assert_eq!(
            norm("2030-01-01T00:00:00.000Z").unwrap(),
            "2030-01-01T00:00:00Z"
        );
        assert_eq!(
            norm("2030-01-01T00:00:00.1Z").unwrap(),
            "2030-01-01T00:00:00.100Z"
        );
        assert_eq!(
            norm("2030-01-01T00:00:00.123Z").unwrap(),
            "2030-01-01T00:00:00.123Z"
        );
        assert_eq!(
            norm("2030-01-01t00:00:00.1234z").unwrap(),
            "2030-01-01T00:00:00.123400Z"
        );
        assert_eq!(
            norm("2030-01-01T00:00:00.000000001Z").unwrap(),
            "2030-01-01T00:00:00.000000001Z"
        );
        assert_eq!(
            norm("2030-01-01T01:30:00+02:00").unwrap(),
            "2029-12-31T23:30:00Z"
        );
        assert_eq!(
            norm("2030-02-28T23:00:00-01:00").unwrap(),
            "2030-03-01T00:00:00Z"
        );
        assert_eq!(
            norm("2024-02-29T12:00:00+05:30:15").unwrap(),
            "2024-02-29T06:29:45Z"
        );
        assert_eq!(
            norm("1970-01-01T00:00:00Z").unwrap(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            norm("1969-12-31T23:59:59.5Z").unwrap(),
            "1969-12-31T23:59:59.500Z"
        );
        assert_eq!(
            norm("0000-01-01T00:00:00+01:00").unwrap(),
            "-0001-12-31T23:00:00Z"
        );
        assert_eq!(
            norm("9999-12-31T23:00:00-01:00").unwrap(),
            "+10000-01-01T00:00:00Z"
        );
    }

    #[test]
    fn refuses_what_iso_instant_refuses() {
        for bad in [
            "",
            "tomorrow",
            "bogus",
            "2030-01-01",
            "2030-01-01T00:00Z",
            "2030-01-01T00:00:00",
            "2030-01-01 00:00:00Z",
            "2030-02-29T00:00:00Z",
            "2030-13-01T00:00:00Z",
            "2030-01-01T24:00:00Z",
            "2030-01-01T00:00:00.Z",
            "2030-01-01T00:00:00.1234567890Z",
            "2030-01-01T00:00:00+2:00",
            "2030-01-01T00:00:00+19:00",
            "2030-01-01T00:00:00Zjunk",
            "2030-01-01T00:00:00+02:00junk",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
