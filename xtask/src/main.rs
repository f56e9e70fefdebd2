//! The project's task runner (std only, so it compiles in seconds): `cargo xtask <command>`.
//!
//! - `setup`  install whatever is missing (wasm32 target, trunk, wasm-bindgen-cli, npm
//!   packages, Chromium + ChromeDriver); idempotent, quick when everything is present.
//! - `dev`    setup, then run the simulator and `trunk serve`, and print one URL to open.
//! - `dist`   build tools, then the release bundle in `dist/` (pinned nightly, built for size).
//! - `fuzz`   build the frame fuzzer (crates/msmp-fuzz) with coverage counters and run it.
//! - `test`   setup, then every check: lint, native tests, browser tests, release build,
//!   simulator build, end-to-end tests. The last line printed is `N passed, M failed`.
//! - `bench`  the panel against a plain-JS floor page at 10k entries (figures, no asserts).

use std::collections::BTreeSet;
use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

mod bench;
mod dev;
mod dist;
mod fuzz;
mod setup;
mod split;
mod test;

use dev::dev;
use setup::setup;
use test::test;

const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const BINARYEN_MAJOR: &str = "132";

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup   install what is missing (wasm32 target, trunk, wasm-bindgen-cli, npm packages,
          Chromium + ChromeDriver); quick when everything is present
  dev     setup, start the simulator and `trunk serve`, print the URL to open
          --port N        port of trunk serve on 127.0.0.1 (default 8080)
          --sim-port N    port of the simulator (default 0 = any free port)
          --protocol V    protocol version the simulator speaks (default: the simulator's)
          --players N     fake players online at start (default 5)
          --servers N     run N simulated servers (one secret); the URL opens them all
  dist    install the build tools (as setup, without Chromium) and a pinned nightly that
          rebuilds std for size, then build the release bundle into dist/ (for static
          hosting) and print its sizes
          --public-url P  where dist/ will be served from, e.g. /admin/ (default /)
  fuzz    build crates/msmp-fuzz (coverage-guided, stable Rust) and run it: frames through
          the panel's decode path, client core, reducers and connection policy, with
          invariants checked after every step; prints cases, seconds and cases/s; a failing
          case is minimized and saved to target/fuzz-failures/
          --cases N       stop after N cases (default 1000000; 10M and 200k work too)
          --secs T        stop after T seconds, whichever comes first
          --seed S        seed (default: from the clock; printed)
          --jobs J        run J worker processes (seeds S, S+1, ...) and add up their figures
          --keep-going    report each new kind of failure and go on
          --replay FILE   run one saved case again
  test    setup, then run every check and test; the last line is `N passed, M failed`
          --only a,b      run only these stages (lint, native, fuzz, wasm, dist, sim, e2e,
                          bench); e2e and bench also run dist and sim
          --skip a,b      skip these stages
  bench   setup, then time the release bundle in dist/ against a plain-JS floor page on the
          same simulator state (10k-entry lists, 10k joins); prints figure | floor | panel |
          ratio and writes target/bench/latest.json; about 15 minutes
          --small         200 entries and 200 joins (what the test stage `bench` runs)
          --build         rebuild dist/ first (it is built when missing)
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup().map(|_| true),
        Some("dev") => dev(&args[1..]).map(|_| true),
        Some("test") => test(&args[1..]),
        Some("dist") => dist::dist(&args[1..]).map(|_| true),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("bench") => bench::bench(&args[1..]).map(|_| true),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(true)
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

type Result<T> = std::result::Result<T, String>;

// ---------------------------------------------------------------------------------------
// Paths and environment

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}

fn cargo_bin_dir() -> PathBuf {
    match env::var_os("CARGO_HOME") {
        Some(h) => PathBuf::from(h).join("bin"),
        None => PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cargo/bin"),
    }
}

/// PATH for every child: npm's binaryen (wasm-opt 132) first, so trunk never picks
/// Debian's wasm-opt 108; then cargo's bin dir (trunk, wasm-bindgen).
fn child_path() -> OsString {
    let mut dirs = vec![root().join("node_modules/.bin"), cargo_bin_dir()];
    if let Some(p) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&p));
    }
    env::join_paths(dirs).expect("PATH entries contain no separator")
}

fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", child_path());
    c
}

fn cargo() -> Command {
    cmd(&env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs a command with inherited output; Err when it cannot start or fails.
fn run(mut c: Command) -> Result<()> {
    let what = describe(&c);
    println!("$ {what}");
    let status = c
        .status()
        .map_err(|e| format!("cannot start `{what}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{what}` failed ({status})"))
    }
}

/// Runs a command with captured output, shown only when it fails.
fn run_quiet(mut c: Command) -> Result<()> {
    let what = describe(&c);
    let out = c
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start `{what}`: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        io::stderr().write_all(&out.stderr).ok();
        Err(format!("`{what}` failed ({})", out.status))
    }
}

/// First line of a command's output (stdout, else stderr), None when it cannot run or fails.
fn output_line(program: &str, args: &[&str]) -> Option<String> {
    let out = cmd(program).args(args).stdin(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = if out.stdout.is_empty() {
        out.stderr
    } else {
        out.stdout
    };
    String::from_utf8_lossy(&text)
        .lines()
        .next()
        .map(|l| l.trim().to_string())
}

fn is_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

fn have_apt() -> bool {
    Path::new("/usr/bin/apt-get").exists()
}

fn flag_value<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Result<T> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{name} needs a valid value")),
    }
}

fn check_flags(args: &[String], known: &[&str]) -> Result<()> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if !known.contains(&a.as_str()) {
            return Err(format!("unknown option `{a}`\n\n{USAGE}"));
        }
        it.next();
    }
    Ok(())
}
