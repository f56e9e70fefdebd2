//! What was wrong with something a server sent (or with JSON text), as data.
//!
//! The decoders (`from_json`), the schema checks (`validate`), the JSON reader
//! (`from_text`), the frame decoder (`jsonrpc`), the client core, the link and the model
//! report a [`Problem`]: where in the value ([`Path`], built from JSON keys and indexes,
//! the same in every language) and what ([`Kind`], with the values that say it). `Display`
//! writes it in English, for logs, the simulator and tests; the panel words each kind in
//! its user's language instead and never calls it (its bundle would carry the formatting).
//!
//! Everything here is small: keys are the schema's own `&'static str`s, and the only text
//! that came from a server is a method name, an id or an error it sent, cut to a bound
//! when the event log keeps it ([`Problem::cut`]).

use crate::jsonrpc::Id;
use serde_json::Value;
use std::fmt;

/// One step into a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// An object's member (the schema's name for it).
    Key(&'static str),
    /// An array's element.
    Index(usize),
}

/// Where in a value, from the outside in; empty for the value itself. Written the same in
/// every language: `player.name`, `[1].ip`, `[0]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Step>);

impl Path {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(k) if i == 0 => f.write_str(k)?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// The type a value should have had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    Object,
    Array,
    String,
    Number,
    Integer,
    Boolean,
    BooleanOrInteger,
    /// A name of the schema's enum component, by the component's name (`difficulty`).
    EnumName(&'static str),
    /// An object of the schema's component, by its name (`player`).
    ComponentObject(&'static str),
}

/// The type a value had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Got {
    Null,
    Boolean,
    /// A number with a fraction (or beyond the integers JSON readers keep exact).
    Fraction,
    Integer,
    String,
    Array,
    Object,
}

impl Got {
    pub fn of(v: &Value) -> Got {
        match v {
            Value::Null => Got::Null,
            Value::Bool(_) => Got::Boolean,
            Value::Number(n) if n.is_f64() => Got::Fraction,
            Value::Number(_) => Got::Integer,
            Value::String(_) => Got::String,
            Value::Array(_) => Got::Array,
            Value::Object(_) => Got::Object,
        }
    }
}

/// Why JSON text does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    UnexpectedEnd,
    TrailingCharacters,
    /// Nested deeper than [`crate::from_text::MAX_DEPTH`] levels.
    TooDeep,
    ExpectedValue,
    ExpectedKey,
    ExpectedColon,
    ExpectedCommaOrBracket,
    ExpectedCommaOrBrace,
    ControlCharacter,
    UnterminatedString,
    InvalidEscape,
    InvalidUnicodeEscape,
    ExpectedDigit,
    LeadingZero,
    ExpectedFractionDigit,
    ExpectedExponentDigit,
    NumberOutOfRange,
}

/// What was wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    // A value of the wrong shape (the path says where).
    WrongType {
        wanted: Wanted,
        got: Got,
    },
    /// The member the path names is absent (or `null` where that counts as absent).
    Missing,
    /// A notification's params are not exactly one argument.
    NotOneParam,
    /// A setting's method for a key the catalog does not know.
    UnknownSetting(&'static str),
    // JSON text.
    /// Text that does not read as JSON, and the byte where that showed.
    Syntax {
        error: Syntax,
        at: usize,
    },
    // Frames that could not be used.
    /// A frame that is not JSON.
    NotJson {
        error: Syntax,
        at: usize,
    },
    EmptyBatch,
    NotAnObject,
    MethodNotString,
    /// A request from the server (a frame with a method and an id), by its method.
    Request {
        method: String,
    },
    BadId,
    /// An `error` that is not an error object, answering no known id.
    BadError,
    /// Neither `method`, `result` nor `error`.
    NothingToDo,
    ResultWithoutId,
    NoPendingCall {
        id: Id,
    },
    /// An error the server could not tie to a request, as the server worded it.
    Unattributed {
        error: String,
    },
    /// A frame over the size limit (both in MiB), dropped unread.
    TooLong {
        mib: usize,
        limit_mib: usize,
    },
    /// Frames waiting to be applied: too many, so the link is dropped and made again.
    Overloaded {
        queued: usize,
    },
    /// A binary frame (or one that is not text at all).
    Binary,
    /// Words the caller chose itself (the panel's reason for ignoring a message), kept as
    /// they are.
    Text(String),
}

/// What was wrong, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: Path,
    pub kind: Kind,
}

impl From<Kind> for Problem {
    fn from(kind: Kind) -> Problem {
        Problem {
            path: Path::default(),
            kind,
        }
    }
}

impl Problem {
    /// `v` is not what was wanted. (Not generic, and never inlined: one copy serves every
    /// decoder, which the panel's bundle pays per copy.)
    #[inline(never)]
    pub fn wrong(wanted: Wanted, v: &Value) -> Problem {
        Kind::WrongType {
            wanted,
            got: Got::of(v),
        }
        .into()
    }

    /// The member `key` is missing.
    #[inline(never)]
    pub fn missing(key: &'static str) -> Problem {
        Problem {
            path: Path(vec![Step::Key(key)]),
            kind: Kind::Missing,
        }
    }

    /// A problem of JSON text at byte `at`.
    pub fn syntax(error: Syntax, at: usize) -> Problem {
        Kind::Syntax { error, at }.into()
    }

    /// Words the caller chose, kept as they are.
    pub fn text(words: impl Into<String>) -> Problem {
        Kind::Text(words.into()).into()
    }

    /// The same problem, seen from the value that holds this one at `step`.
    #[inline(never)]
    pub fn within(mut self, step: Step) -> Problem {
        self.path.0.insert(0, step);
        self
    }

    /// Bytes of text it holds that came from elsewhere (a server's method name, id or
    /// error, the caller's words): what the event log counts for it.
    pub fn text_len(&self) -> usize {
        match &self.kind {
            Kind::Request { method: s } | Kind::Unattributed { error: s } | Kind::Text(s) => {
                s.len()
            }
            Kind::NoPendingCall { id: Id::Str(s) } => s.len(),
            _ => 0,
        }
    }

    /// Cuts the text it holds to at most `max` bytes (at a character boundary).
    pub fn cut(&mut self, max: usize) {
        let s = match &mut self.kind {
            Kind::Request { method: s } | Kind::Unattributed { error: s } | Kind::Text(s) => s,
            Kind::NoPendingCall { id: Id::Str(s) } => s,
            _ => return,
        };
        let mut end = s.len().min(max);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

impl fmt::Display for Wanted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Wanted::Object => f.write_str("an object"),
            Wanted::Array => f.write_str("an array"),
            Wanted::String => f.write_str("a string"),
            Wanted::Number => f.write_str("a number"),
            Wanted::Integer => f.write_str("an integer"),
            Wanted::Boolean => f.write_str("a boolean"),
            Wanted::BooleanOrInteger => f.write_str("a boolean or an integer"),
            Wanted::EnumName(c) => write!(f, "a {c} name"),
            Wanted::ComponentObject(c) => write!(f, "a {c} object"),
        }
    }
}

impl fmt::Display for Got {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Got::Null => "null",
            Got::Boolean => "a boolean",
            Got::Fraction => "a fractional number",
            Got::Integer => "an integer",
            Got::String => "a string",
            Got::Array => "an array",
            Got::Object => "an object",
        })
    }
}

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Syntax::UnexpectedEnd => "unexpected end",
            Syntax::TrailingCharacters => "trailing characters",
            Syntax::TooDeep => {
                return write!(
                    f,
                    "nested deeper than {} levels",
                    crate::from_text::MAX_DEPTH
                )
            }
            Syntax::ExpectedValue => "expected a value",
            Syntax::ExpectedKey => "expected a key",
            Syntax::ExpectedColon => "expected `:`",
            Syntax::ExpectedCommaOrBracket => "expected `,` or `]`",
            Syntax::ExpectedCommaOrBrace => "expected `,` or `}`",
            Syntax::ControlCharacter => "control character in a string",
            Syntax::UnterminatedString => "unterminated string",
            Syntax::InvalidEscape => "invalid escape",
            Syntax::InvalidUnicodeEscape => "invalid \\u escape",
            Syntax::ExpectedDigit => "expected a digit",
            Syntax::LeadingZero => "leading zero in a number",
            Syntax::ExpectedFractionDigit => "expected a digit after `.`",
            Syntax::ExpectedExponentDigit => "expected a digit in the exponent",
            Syntax::NumberOutOfRange => "number out of range",
        })
    }
}

/// English, for logs, the simulator and tests (the panel words problems itself).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == Kind::Missing {
            return write!(f, "`{}` is missing", self.path);
        }
        if !self.path.is_empty() {
            write!(f, "at {}: ", self.path)?;
        }
        match &self.kind {
            Kind::WrongType { wanted, got } => write!(f, "expected {wanted}, got {got}"),
            Kind::Missing => Ok(()),
            Kind::NotOneParam => f.write_str("expected exactly one parameter"),
            Kind::UnknownSetting(key) => write!(f, "unknown setting {key}"),
            Kind::Syntax { error, at } => write!(f, "{error} at byte {at}"),
            Kind::NotJson { error, at } => write!(f, "not JSON: {error} at byte {at}"),
            Kind::EmptyBatch => f.write_str("empty batch"),
            Kind::NotAnObject => f.write_str("frame is not a JSON object"),
            Kind::MethodNotString => f.write_str("\"method\" is not a string"),
            Kind::Request { method } => write!(f, "unexpected request from the server: {method}"),
            Kind::BadId => f.write_str("response id is neither a number nor a string"),
            Kind::BadError => f.write_str("\"error\" is not a JSON-RPC error object"),
            Kind::NothingToDo => f.write_str("neither method, result nor error"),
            Kind::ResultWithoutId => f.write_str("a result without an id"),
            Kind::NoPendingCall { id } => write!(f, "a response to no pending call (id {id})"),
            Kind::Unattributed { error } => write!(f, "server error for no request: {error}"),
            Kind::TooLong { mib, limit_mib } => write!(
                f,
                "a frame of {mib} MiB, over the {limit_mib} MiB limit: dropped unread"
            ),
            Kind::Overloaded { queued } => write!(
                f,
                "{queued} frames waiting: the server sends faster than they can be applied; \
                 the link is dropped and made again, which fetches everything afresh"
            ),
            Kind::Binary => f.write_str("a binary frame (MSMP sends text)"),
            Kind::Text(words) => f.write_str(words),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_read_as_json_paths_and_problems_in_english() {
        let p = Problem::wrong(Wanted::String, &json!(5))
            .within(Step::Key("name"))
            .within(Step::Key("player"))
            .within(Step::Index(3));
        assert_eq!(p.path.to_string(), "[3].player.name");
        assert_eq!(
            p.to_string(),
            "at [3].player.name: expected a string, got an integer"
        );
        let m = Problem::missing("key").within(Step::Key("rule"));
        assert_eq!(m.to_string(), "`rule.key` is missing");
        assert_eq!(
            Problem::syntax(Syntax::TooDeep, 128).to_string(),
            "nested deeper than 127 levels at byte 128"
        );
        assert_eq!(
            Problem::from(Kind::NoPendingCall {
                id: Id::Str("7".into())
            })
            .to_string(),
            "a response to no pending call (id \"7\")"
        );
        let wanted = Wanted::EnumName("difficulty");
        assert_eq!(
            Problem::wrong(wanted, &json!(1.5)).to_string(),
            "expected a difficulty name, got a fractional number"
        );
    }

    #[test]
    fn server_text_is_counted_and_cut_at_a_character_boundary() {
        let mut p = Problem::from(Kind::Request {
            method: "é".repeat(10),
        });
        assert_eq!(p.text_len(), 20);
        p.cut(5);
        assert_eq!(
            p.kind,
            Kind::Request {
                method: "éé".into()
            }
        );
        let mut q = Problem::wrong(Wanted::Array, &json!({}));
        q.cut(0);
        assert_eq!(q.text_len(), 0);
        assert_eq!(
            q.kind,
            Kind::WrongType {
                wanted: Wanted::Array,
                got: Got::Object
            }
        );
    }
}
