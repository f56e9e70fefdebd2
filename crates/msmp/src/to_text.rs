//! JSON text from a `Value`, written by hand. serde_json's generic serializer and formatter
//! cost the panel's bundle about 2 KB gzip for what is one short recursive function; the
//! output is byte for byte serde_json's (`to_string` and `to_string_pretty`), which the
//! tests below check on generated values.

use serde_json::Value;

/// Compact (`indent` None) or indented by two spaces per level.
pub(crate) fn write(v: &Value, indent: Option<usize>, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // `Number`'s Display is serde_json's own number writer (itoa, shortest floats).
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                separator(i, indent, out);
                write(item, indent.map(|d| d + 1), out);
            }
            close(items.is_empty(), indent, ']', out);
        }
        Value::Object(fields) => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                separator(i, indent, out);
                string(key, out);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write(item, indent.map(|d| d + 1), out);
            }
            close(fields.is_empty(), indent, '}', out);
        }
    }
}

fn separator(index: usize, indent: Option<usize>, out: &mut String) {
    if index > 0 {
        out.push(',');
    }
    if let Some(depth) = indent {
        newline(depth + 1, out);
    }
}

fn close(empty: bool, indent: Option<usize>, bracket: char, out: &mut String) {
    if let (Some(depth), false) = (indent, empty) {
        newline(depth, out);
    }
    out.push(bracket);
}

fn newline(depth: usize, out: &mut String) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map, Number};

    fn text(v: &Value) -> String {
        let mut s = String::new();
        write(v, None, &mut s);
        s
    }

    fn pretty(v: &Value) -> String {
        let mut s = String::new();
        write(v, Some(0), &mut s);
        s
    }

    /// A small deterministic generator (xorshift) of nested values with awkward strings
    /// and numbers.
    struct Gen(u64);

    impl Gen {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn string(&mut self) -> String {
            const PARTS: &[&str] = &[
                "a",
                "Steve",
                "\"",
                "\\",
                "\n",
                "\r",
                "\t",
                "\u{8}",
                "\u{c}",
                "\u{0}",
                "\u{1f}",
                "\u{7f}",
                "é",
                "名",
                "😀",
                "</script>",
                " ",
            ];
            let n = self.next() % 5;
            (0..n)
                .map(|_| PARTS[(self.next() % PARTS.len() as u64) as usize])
                .collect()
        }

        fn value(&mut self, depth: u32) -> Value {
            let pick = self.next() % if depth > 3 { 6 } else { 8 };
            match pick {
                0 => Value::Null,
                1 => Value::Bool(self.next().is_multiple_of(2)),
                2 => json!(self.next() >> (self.next() % 64)),
                3 => json!(-((self.next() >> 2) as i64) >> (self.next() % 62)),
                4 => {
                    let bits = self.next();
                    let f = f64::from_bits(bits);
                    let f = if f.is_finite() { f } else { bits as f64 / 7.0 };
                    Value::Number(Number::from_f64(f).unwrap())
                }
                5 => Value::String(self.string()),
                6 => Value::Array(
                    (0..self.next() % 4)
                        .map(|_| self.value(depth + 1))
                        .collect(),
                ),
                _ => {
                    let mut m = Map::new();
                    for _ in 0..self.next() % 4 {
                        m.insert(self.string(), self.value(depth + 1));
                    }
                    Value::Object(m)
                }
            }
        }
    }

    #[test]
    fn matches_serde_json_on_generated_values() {
        let mut g = Gen(0x9e37_79b9_7f4a_7c15);
        for _ in 0..5000 {
            let v = g.value(0);
            assert_eq!(text(&v), serde_json::to_string(&v).unwrap());
            assert_eq!(pretty(&v), serde_json::to_string_pretty(&v).unwrap());
        }
    }

    #[test]
    fn escapes_and_layout() {
        let v = json!({"a": [1, -2, 0.5, 1e300, [], {}], "b\"\n": "\u{1}é"});
        assert_eq!(
            text(&v),
            r#"{"a":[1,-2,0.5,1e+300,[],{}],"b\"\n":"\u0001é"}"#
        );
        assert_eq!(
            pretty(&json!({"a": [1, {}], "b": {"c": null}})),
            "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": {\n    \"c\": null\n  }\n}"
        );
    }
}
