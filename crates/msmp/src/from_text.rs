//! JSON text read by hand into a `serde_json::Value`: the panel's frame parser.
//!
//! serde_json's own parser adds 8.6 KB gzip to the panel, mostly its float parsing; the
//! browser's `JSON.parse` is free but its tree then has to be copied into Rust one value at
//! a time across the JS boundary, which cost more than the parse (about 10 µs per small
//! frame, 130 ms for a 3 MB list batch). This reads the text in Rust in one pass and leaves
//! the few non-integer numbers to the caller's float parser (the browser's `Number`).
//!
//! Same results as `serde_json::from_str::<Value>` (the tests and `msmp-fuzz` compare the
//! two), except that numbers follow JavaScript: a number with a fraction or exponent that
//! is a whole number within 2^53 reads as that integer (`1.0` is 1, `-0.0` is 0), as the
//! panel read frames before; and a lone UTF-16 surrogate escape becomes U+FFFD instead of
//! failing the frame.

use crate::jsonrpc::js_number;
use crate::problem::{Problem, Syntax};
use serde_json::{Map, Number, Value};

/// The most arrays and objects nested in each other, as serde_json allows; deeper text
/// could exhaust the stack.
pub const MAX_DEPTH: usize = 127;

/// Parses one JSON document; `float` reads a number's text that is not a plain integer
/// (for example `str::parse::<f64>`, or the browser's `Number`). What does not read is a
/// [`Syntax`] problem at the byte where that showed.
pub fn parse(text: &str, float: &dyn Fn(&str) -> Option<f64>) -> Result<Value, Problem> {
    let mut p = Parser {
        text,
        s: text.as_bytes(),
        at: 0,
        float,
    };
    let v = p.value(0)?;
    p.space();
    match p.s.get(p.at) {
        None => Ok(v),
        Some(_) => Err(p.error(Syntax::TrailingCharacters)),
    }
}

/// Parses with Rust's own float parser (native code and tests).
pub fn parse_native(text: &str) -> Result<Value, Problem> {
    parse(text, &|t| t.parse().ok())
}

struct Parser<'a> {
    text: &'a str,
    s: &'a [u8],
    at: usize,
    float: &'a dyn Fn(&str) -> Option<f64>,
}

impl Parser<'_> {
    fn error(&self, what: Syntax) -> Problem {
        Problem::syntax(what, self.at)
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.at) {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.space();
        let found = self.s.get(self.at) == Some(&b);
        self.at += found as usize;
        found
    }

    fn value(&mut self, depth: usize) -> Result<Value, Problem> {
        self.space();
        let Some(&b) = self.s.get(self.at) else {
            return Err(self.error(Syntax::UnexpectedEnd));
        };
        match b {
            b'{' | b'[' if depth >= MAX_DEPTH => Err(self.error(Syntax::TooDeep)),
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => self.string().map(Value::String),
            b'-' | b'0'..=b'9' => self.number(),
            b't' => self.word("true", Value::Bool(true)),
            b'f' => self.word("false", Value::Bool(false)),
            b'n' => self.word("null", Value::Null),
            _ => Err(self.error(Syntax::ExpectedValue)),
        }
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, Problem> {
        if self.s[self.at..].starts_with(w.as_bytes()) {
            self.at += w.len();
            Ok(v)
        } else {
            Err(self.error(Syntax::ExpectedValue))
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Problem> {
        self.at += 1;
        let mut items = Vec::new();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error(Syntax::ExpectedCommaOrBracket));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, Problem> {
        self.at += 1;
        let mut map = Map::new();
        if self.eat(b'}') {
            return Ok(Value::Object(map));
        }
        loop {
            self.space();
            if self.s.get(self.at) != Some(&b'"') {
                return Err(self.error(Syntax::ExpectedKey));
            }
            let key = self.string()?;
            if !self.eat(b':') {
                return Err(self.error(Syntax::ExpectedColon));
            }
            // The last of two equal keys wins, as in serde_json and JSON.parse.
            map.insert(key, self.value(depth + 1)?);
            if self.eat(b'}') {
                return Ok(Value::Object(map));
            }
            if !self.eat(b',') {
                return Err(self.error(Syntax::ExpectedCommaOrBrace));
            }
        }
    }

    /// A string's contents; `at` is on its opening quote.
    fn string(&mut self) -> Result<String, Problem> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // Runs without escapes are copied whole (the input is UTF-8 already).
            let start = self.at;
            while let Some(&b) = self.s.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(self.text(start));
            match self.s.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error(Syntax::ControlCharacter)),
                None => return Err(self.error(Syntax::UnterminatedString)),
            }
        }
    }

    /// The input from `start` to here (both are at ASCII bytes, so at character bounds).
    fn text(&self, start: usize) -> &str {
        self.text.get(start..self.at).unwrap_or_default()
    }

    fn escape(&mut self, out: &mut String) -> Result<(), Problem> {
        let Some(&b) = self.s.get(self.at) else {
            return Err(self.error(Syntax::UnterminatedString));
        };
        self.at += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF if self.s[self.at..].starts_with(b"\\u") => {
                        let save = self.at;
                        self.at += 2;
                        let low = self.hex4()?;
                        if (0xDC00..=0xDFFF).contains(&low) {
                            let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            char::from_u32(c).unwrap_or('\u{FFFD}')
                        } else {
                            // Not a pair: this one is lone, the next is read on its own.
                            self.at = save;
                            '\u{FFFD}'
                        }
                    }
                    _ => char::from_u32(unit).unwrap_or('\u{FFFD}'),
                }
            }
            _ => return Err(self.error(Syntax::InvalidEscape)),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Problem> {
        let digits = self
            .s
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error(Syntax::UnterminatedString))?;
        let mut n = 0;
        for &d in digits {
            n = n * 16
                + (d as char)
                    .to_digit(16)
                    .ok_or_else(|| self.error(Syntax::InvalidUnicodeEscape))?;
        }
        self.at += 4;
        Ok(n)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.s.get(self.at) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Value, Problem> {
        let start = self.at;
        let negative = self.s[self.at] == b'-';
        self.at += negative as usize;
        let int_start = self.at;
        match self.digits() {
            0 => return Err(self.error(Syntax::ExpectedDigit)),
            n if n > 1 && self.s[int_start] == b'0' => return Err(self.error(Syntax::LeadingZero)),
            _ => {}
        }
        let mut plain = true;
        if self.s.get(self.at) == Some(&b'.') {
            self.at += 1;
            plain = false;
            if self.digits() == 0 {
                return Err(self.error(Syntax::ExpectedFractionDigit));
            }
        }
        if let Some(b'e' | b'E') = self.s.get(self.at) {
            self.at += 1;
            plain = false;
            if let Some(b'+' | b'-') = self.s.get(self.at) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error(Syntax::ExpectedExponentDigit));
            }
        }
        if plain {
            // Exact when it fits, as serde_json reads integers.
            let magnitude = self.s[int_start..self.at].iter().try_fold(0u64, |n, d| {
                n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
            });
            match magnitude {
                Some(n) if !negative => return Ok(Value::Number(Number::from(n))),
                Some(n) if n <= 1 << 63 => {
                    return Ok(Value::Number(Number::from((n as i64).wrapping_neg())))
                }
                _ => {}
            }
        }
        (self.float)(self.text(start))
            .and_then(js_number)
            .ok_or_else(|| self.error(Syntax::NumberOutOfRange))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn same_as_serde(text: &str) {
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(parse_native(text), Ok(theirs), "{text}");
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"jsonrpc":"2.0","method":"minecraft:notification/players/joined","params":[{"id":"853c80ef","name":"jeb_"}]}"#,
            r#" [ 1 , -2 , 18446744073709551615, -9223372036854775808, 0.5, 1e-7, true, false, null, {} , [] ] "#,
            r#"{"a":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00 é 😀","a":2}"#,
            "\"\"",
            "0",
            "-0.25",
        ] {
            same_as_serde(text);
        }
    }

    #[test]
    fn numbers_read_as_javascript_reads_them() {
        assert_eq!(parse_native("[1.0, -0.0, 2e3]"), Ok(json!([1, 0, 2000])));
        // Beyond u64, as a float.
        assert_eq!(
            parse_native("18446744073709551616"),
            Ok(json!(18446744073709551616.0))
        );
        assert!(parse_native("1e400").is_err());
        assert_eq!(parse_native("1e2").unwrap(), json!(100));
    }

    #[test]
    fn lone_surrogates_become_the_replacement_character() {
        assert_eq!(parse_native(r#""\ud800x""#), Ok(json!("\u{FFFD}x")));
        assert_eq!(parse_native(r#""\ud800\u0041""#), Ok(json!("\u{FFFD}A")));
        assert_eq!(parse_native(r#""\udc00""#), Ok(json!("\u{FFFD}")));
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for text in [
            "",
            " ",
            "{",
            "[1,]",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{1:2}",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "+1",
            "\"a",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\u{1}\"",
            "tru",
            "nul",
            "[] x",
            "NaN",
            "Infinity",
            "'a'",
        ] {
            assert!(
                serde_json::from_str::<Value>(text).is_err(),
                "serde takes {text:?}"
            );
            assert!(parse_native(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn each_refusal_says_what_and_at_which_byte() {
        for (text, error, at) in [
            ("", Syntax::UnexpectedEnd, 0),
            ("[] x", Syntax::TrailingCharacters, 3),
            ("[1 2]", Syntax::ExpectedCommaOrBracket, 3),
            ("{1:2}", Syntax::ExpectedKey, 1),
            ("{\"a\" 1}", Syntax::ExpectedColon, 5),
            ("{\"a\":1 2", Syntax::ExpectedCommaOrBrace, 7),
            ("tru", Syntax::ExpectedValue, 0),
            ("\"\u{1}\"", Syntax::ControlCharacter, 1),
            ("\"a", Syntax::UnterminatedString, 2),
            ("\"\\u12", Syntax::UnterminatedString, 3),
            ("\"\\x\"", Syntax::InvalidEscape, 3),
            ("\"\\u12g4\"", Syntax::InvalidUnicodeEscape, 3),
            ("-", Syntax::ExpectedDigit, 1),
            ("01", Syntax::LeadingZero, 2),
            ("1.", Syntax::ExpectedFractionDigit, 2),
            ("1e", Syntax::ExpectedExponentDigit, 2),
            ("1e400", Syntax::NumberOutOfRange, 5),
        ] {
            assert_eq!(
                parse_native(text),
                Err(Problem::syntax(error, at)),
                "{text:?}"
            );
        }
        assert_eq!(
            parse_native("[1 2]").unwrap_err().to_string(),
            "expected `,` or `]` at byte 3"
        );
    }

    #[test]
    fn nesting_is_limited_as_in_serde_json() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(serde_json::from_str::<Value>(&deep(MAX_DEPTH)).is_ok());
        assert!(serde_json::from_str::<Value>(&deep(MAX_DEPTH + 1)).is_err());
        assert!(parse_native(&deep(MAX_DEPTH)).is_ok());
        assert_eq!(
            parse_native(&deep(MAX_DEPTH + 1)),
            Err(Problem::syntax(Syntax::TooDeep, MAX_DEPTH))
        );
    }
}
