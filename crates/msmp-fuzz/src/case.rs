//! A case: a starting state and a few steps (frames, socket events, clock moves, the
//! user's actions), run through the panel mirror with every invariant checked after
//! each step. Cases are plain data, written to and read from a small text format so a
//! failure can be replayed (`msmp-fuzz --replay FILE`).

use crate::check;
use crate::corpus::{Corpus, Starts};
use crate::frames;
use crate::gen;
use crate::panel::Panel;
use crate::rng::Rng;
use msmp::catalog;
use msmp::jsonrpc::json_text;
use msmp::link::Link;
use serde_json::{json, Value};
use std::panic::{self, AssertUnwindSafe};

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A text frame's bytes; not UTF-8 means the browser fails the connection (1007).
    Frame(Vec<u8>),
    /// The next animation frame: queued frames are applied.
    Flush,
    /// A text frame of this many bytes, over the limit (never materialized).
    Oversized(usize),
    Binary,
    Open,
    Close(u16),
    Advance(u64),
    Call(String, Option<Value>),
    Connect,
    Disconnect,
    Retry,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub base: usize,
    pub steps: Vec<Step>,
}

/// Where and how a case failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub step: usize,
    pub message: String,
}

pub fn run_step(p: &mut Panel, step: &Step) -> Result<(), String> {
    let slices = check::SliceMark::of(&mut p.model);
    match step {
        Step::Frame(bytes) => p.on_bytes(bytes),
        Step::Flush => p.flush(),
        Step::Oversized(len) => p.on_oversized(*len),
        Step::Binary => p.on_binary(),
        Step::Open => p.on_open(),
        Step::Close(code) => p.on_close(*code),
        Step::Advance(ms) => p.advance(*ms),
        Step::Call(method, param) => p.call(method, param.as_ref()).map(|_| ()),
        Step::Connect => p.connect(),
        Step::Disconnect => p.disconnect(),
        Step::Retry => p.retry_now(),
    }?;
    slices.check(&mut p.model)?;
    p.log_bytes.update(&p.model)?;
    check::panel(p)
}

fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic".into())
}

/// Runs one step, turning a panic into a failure.
fn guarded(p: &mut Panel, step: &Step) -> Result<(), String> {
    match panic::catch_unwind(AssertUnwindSafe(|| run_step(p, step))) {
        Ok(r) => r,
        Err(e) => Err(format!("panic: {}", panic_text(&*e))),
    }
}

/// Replays a case from its base; the frames still queued at the end are applied too.
pub fn run(corpus: &Corpus, starts: &mut Starts, case: &Case) -> Result<(), Failure> {
    let mut p = starts.start(corpus, case.base);
    for (i, step) in case.steps.iter().chain([&Step::Flush]).enumerate() {
        guarded(&mut p, step).map_err(|message| Failure {
            step: i.min(case.steps.len().saturating_sub(1)),
            message,
        })?;
    }
    starts.finish(case.base, p);
    Ok(())
}

/// Generates a fresh case while running it, so frames can answer the calls that are
/// actually pending at that point; returns the case and how it ended.
pub fn generate(
    corpus: &Corpus,
    starts: &mut Starts,
    rng: &mut Rng,
) -> (Case, Result<(), Failure>) {
    let base = pick_base(corpus, rng);
    let mut p = starts.start(corpus, base);
    let n = 1 + rng.below(6);
    let mut steps = Vec::with_capacity(n);
    for i in 0..n {
        let step = next_step(corpus, &p, rng);
        let r = guarded(&mut p, &step);
        steps.push(step);
        if let Err(message) = r {
            return (Case { base, steps }, Err(Failure { step: i, message }));
        }
    }
    if let Err(message) = guarded(&mut p, &Step::Flush) {
        let step = steps.len() - 1;
        return (Case { base, steps }, Err(Failure { step, message }));
    }
    starts.finish(base, p);
    (Case { base, steps }, Ok(()))
}

fn pick_base(corpus: &Corpus, rng: &mut Rng) -> usize {
    // The full event log is costly to copy: rarely.
    loop {
        let i = rng.below(corpus.bases.len());
        if !corpus.bases[i].name.starts_with("full") || rng.chance(1, 16) {
            return i;
        }
    }
}

/// A step that makes sense in `p`'s state most of the time, and sometimes one that does not.
pub fn next_step(corpus: &Corpus, p: &Panel, rng: &mut Rng) -> Step {
    if rng.chance(1, 12) {
        return other_step(p, rng);
    }
    if p.socket_open() {
        if p.queued() > 0 && rng.chance(2, 3) {
            return Step::Flush;
        }
        return Step::Frame(frames::frame(corpus, p, rng));
    }
    match *p.link() {
        _ if p.socket_exists() => match rng.below(10) {
            0 => Step::Close(*rng.pick(&[1006, 1000, 1011])),
            _ => Step::Open,
        },
        Link::Lost { retry_at_ms, .. } if rng.bool() => {
            Step::Advance(retry_at_ms.saturating_sub(p.now))
        }
        Link::Idle => Step::Connect,
        _ => other_step(p, rng),
    }
}

fn other_step(p: &Panel, rng: &mut Rng) -> Step {
    match rng.below(9) {
        0 => Step::Advance(rng.below(2_000) as u64),
        1 => Step::Advance(msmp::client::DEFAULT_TIMEOUT_MS + rng.below(70_000) as u64),
        2 => Step::Close(*rng.pick(&[1006, 1000, 1001, 1011, 4000])),
        3 => Step::Retry,
        4 => Step::Connect,
        5 if rng.chance(1, 4) => Step::Disconnect,
        6 if rng.chance(1, 8) => {
            Step::Oversized(msmp::link::MAX_FRAME_LEN + 1 + rng.below(1 << 20))
        }
        6 => Step::Binary,
        7 => Step::Open,
        _ => {
            let methods = catalog::all();
            let m = rng.pick(methods);
            let param = m
                .param
                .map(|s| gen::shaped(rng, &s.schema, msmp::ProtocolVersion::LATEST));
            let _ = p;
            Step::Call(m.name.to_string(), param)
        }
    }
}

// ---- mutation of whole cases ------------------------------------------------------------

/// A variant of `case`: a frame edited, a step added, dropped or repeated, the clock moved.
pub fn mutate(corpus: &Corpus, case: &Case, rng: &mut Rng) -> Case {
    let mut c = case.clone();
    for _ in 0..1 + rng.below(3) {
        let len = c.steps.len();
        match rng.below(8) {
            0..=3 if len > 0 => {
                let i = rng.below(len);
                if let Step::Frame(bytes) = &mut c.steps[i] {
                    let text = std::str::from_utf8(bytes).ok().map(str::to_string);
                    match text.and_then(|t| serde_json::from_str::<Value>(&t).ok()) {
                        Some(mut v) if rng.bool() => {
                            gen::mutate_value(rng, &mut v);
                            *bytes = json_text(&v).into_bytes();
                        }
                        _ => {
                            let donor = rng.pick(&corpus.frames).as_bytes();
                            gen::mutate_bytes(rng, bytes, donor);
                        }
                    }
                } else if let Step::Advance(ms) = &mut c.steps[i] {
                    *ms = rng.below(120_000) as u64;
                }
            }
            4 if len < 16 => {
                // A new step, generated from the base's state.
                let p = &corpus.bases[c.base].panel;
                let step = if rng.bool() {
                    Step::Frame(frames::frame(corpus, p, rng))
                } else {
                    other_step(p, rng)
                };
                c.steps.insert(rng.below(len + 1), step);
            }
            5 if len > 1 => {
                c.steps.remove(rng.below(len));
            }
            6 if len > 0 && len < 16 => {
                let i = rng.below(len);
                let s = c.steps[i].clone();
                c.steps.insert(i, s);
            }
            _ => c.base = rng.below(corpus.bases.len()),
        }
    }
    c
}

// ---- the text format --------------------------------------------------------------------

/// One step per line: `frame "<JSON string>"` (or `frame-bytes <hex>` when not UTF-8),
/// `binary`, `open`, `close N`, `advance MS`, `call METHOD [JSON]`, `connect`,
/// `disconnect`, `retry`. The first line is `base N`.
pub fn write(case: &Case) -> String {
    let mut out = format!("base {}\n", case.base);
    for s in &case.steps {
        let line = match s {
            Step::Frame(b) => match std::str::from_utf8(b) {
                Ok(t) => format!("frame {}", json_text(&json!(t))),
                Err(_) => format!(
                    "frame-bytes {}",
                    b.iter().map(|x| format!("{x:02x}")).collect::<String>()
                ),
            },
            Step::Flush => "flush".into(),
            Step::Oversized(n) => format!("oversized {n}"),
            Step::Binary => "binary".into(),
            Step::Open => "open".into(),
            Step::Close(c) => format!("close {c}"),
            Step::Advance(ms) => format!("advance {ms}"),
            Step::Call(m, None) => format!("call {m}"),
            Step::Call(m, Some(p)) => format!("call {m} {}", json_text(p)),
            Step::Connect => "connect".into(),
            Step::Disconnect => "disconnect".into(),
            Step::Retry => "retry".into(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

pub fn read(text: &str) -> Result<Case, String> {
    let mut case = Case {
        base: 0,
        steps: Vec::new(),
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let bad = |what: &str| format!("line {}: {what}: {line}", n + 1);
        let step = match word {
            "base" => {
                case.base = rest.parse().map_err(|_| bad("bad base"))?;
                continue;
            }
            "frame" => {
                let t: String = serde_json::from_str(rest).map_err(|_| bad("bad frame"))?;
                Step::Frame(t.into_bytes())
            }
            "frame-bytes" => Step::Frame(
                (0..rest.len() / 2)
                    .map(|i| u8::from_str_radix(&rest[2 * i..2 * i + 2], 16))
                    .collect::<Result<_, _>>()
                    .map_err(|_| bad("bad hex"))?,
            ),
            "flush" => Step::Flush,
            "oversized" => Step::Oversized(rest.parse().map_err(|_| bad("bad length"))?),
            "binary" => Step::Binary,
            "open" => Step::Open,
            "close" => Step::Close(rest.parse().map_err(|_| bad("bad code"))?),
            "advance" => Step::Advance(rest.parse().map_err(|_| bad("bad ms"))?),
            "call" => {
                let (m, p) = rest.split_once(' ').unwrap_or((rest, ""));
                let p = if p.is_empty() {
                    None
                } else {
                    Some(serde_json::from_str(p).map_err(|_| bad("bad param"))?)
                };
                Step::Call(m.to_string(), p)
            }
            "connect" => Step::Connect,
            "disconnect" => Step::Disconnect,
            "retry" => Step::Retry,
            _ => return Err(bad("unknown step")),
        };
        case.steps.push(step);
    }
    Ok(case)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_survive_their_text_format() {
        let case = Case {
            base: 3,
            steps: vec![
                Step::Frame(b"{\"a\":\"\\n\xc3\xa9\"}\n".to_vec()),
                Step::Frame(vec![0xff, 0x00, b'{']),
                Step::Flush,
                Step::Oversized(17 << 20),
                Step::Binary,
                Step::Open,
                Step::Close(1006),
                Step::Advance(31_000),
                Step::Call(
                    "minecraft:allowlist/add".into(),
                    Some(json!([{"name": "x"}])),
                ),
                Step::Call("minecraft:players".into(), None),
                Step::Connect,
                Step::Disconnect,
                Step::Retry,
            ],
        };
        assert_eq!(read(&write(&case)).unwrap(), case);
        assert!(read("base 0\nwarp 9\n").is_err());
    }
}
