//! The project's task runner (std only, so it compiles in seconds): `cargo xtask <command>`.
//!
//! - `setup`  install whatever is missing (wasm32 target, trunk, wasm-bindgen-cli, npm
//!   packages, Chromium + ChromeDriver); idempotent, quick when everything is present.
//! - `dev`    setup, then run the simulator and `trunk serve`, and print one URL to open.
//! - `test`   setup, then every check: lint, native tests, browser tests, release build,
//!   simulator build, end-to-end tests. The last line printed is `N passed, M failed`.

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
  test    setup, then run every check and test; the last line is `N passed, M failed`
          --only a,b      run only these stages (lint, native, wasm, dist, sim, e2e);
                          e2e also runs dist and sim
          --skip a,b      skip these stages
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup().map(|_| true),
        Some("dev") => dev(&args[1..]).map(|_| true),
        Some("test") => test(&args[1..]),
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

// ---------------------------------------------------------------------------------------
// setup

/// The exact wasm-bindgen version Cargo.lock resolved (trunk insists the CLI matches it).
fn locked_version(lock: &str, package: &str) -> Option<String> {
    let mut in_pkg = false;
    for line in lock.lines() {
        let line = line.trim();
        if line == "[[package]]" {
            in_pkg = false;
        } else if line == format!("name = \"{package}\"") {
            in_pkg = true;
        } else if in_pkg {
            if let Some(v) = line.strip_prefix("version = \"") {
                return Some(v.trim_end_matches('"').to_string());
            }
        }
    }
    None
}

/// `key = "value"` from Trunk.toml (a flat look-up is enough for our own file).
fn toml_value(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

fn setup() -> Result<()> {
    let start = Instant::now();
    println!("== setup");
    let root = root();

    // 1. The wasm32 target for the active toolchain.
    let sysroot = output_line("rustc", &["--print", "sysroot"]).ok_or("rustc not found")?;
    let target_lib = Path::new(&sysroot).join("lib/rustlib").join(WASM_TARGET);
    if target_lib.is_dir() {
        ok(&format!("rust target {WASM_TARGET}"));
    } else if output_line("rustup", &["--version"]).is_some() {
        run({
            let mut c = cmd("rustup");
            c.args(["target", "add", WASM_TARGET]);
            c
        })?;
    } else {
        return Err(format!(
            "the Rust target {WASM_TARGET} is missing and rustup is not available: \
             install it with `rustup target add {WASM_TARGET}`"
        ));
    }

    // 2. trunk, exact version (0.22 needs a newer rustc than this machine's).
    let want = format!("trunk {TRUNK_VERSION}");
    if output_line("trunk", &["--version"]).as_deref() == Some(want.as_str()) {
        ok(&want);
    } else {
        run({
            let mut c = cargo();
            c.args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]);
            c
        })?;
        check_version("trunk", &want)?;
    }

    // 3. wasm-bindgen-cli matching Cargo.lock (installed without --locked: its own
    //    lockfile wants a crate version the registry does not serve).
    let lock =
        fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let wb = locked_version(&lock, "wasm-bindgen").ok_or("wasm-bindgen is not in Cargo.lock")?;
    let trunk_toml = fs::read_to_string(root.join("Trunk.toml")).unwrap_or_default();
    if let Some(t) = toml_value(&trunk_toml, "wasm_bindgen") {
        if t != wb {
            return Err(format!(
                "Trunk.toml pins wasm_bindgen = \"{t}\" but Cargo.lock has wasm-bindgen {wb}: make them equal"
            ));
        }
    }
    let want_wb = format!("wasm-bindgen {wb}");
    let want_runner = format!("wasm-bindgen-test-runner {wb}");
    if output_line("wasm-bindgen", &["--version"]).as_deref() == Some(want_wb.as_str())
        && output_line("wasm-bindgen-test-runner", &["--version"]).as_deref()
            == Some(want_runner.as_str())
    {
        ok(&want_wb);
    } else {
        run({
            let mut c = cargo();
            c.args(["install", "wasm-bindgen-cli", "--version", &wb]);
            c
        })?;
        check_version("wasm-bindgen", &want_wb)?;
    }

    // 4. npm packages from the committed lock (binaryen 132 for wasm-opt, playwright-core, ws).
    npm_setup(&root)?;

    // 5. Debian's Chromium and ChromeDriver, same major version.
    chromium_setup()?;

    // 6. Crates for offline builds (trunk passes --offline to cargo).
    let mut fetch = cargo();
    fetch.args(["fetch", "--locked"]).stdout(Stdio::null());
    run_quiet(fetch)?;
    ok("crates fetched (cargo fetch --locked)");

    println!("== setup done in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}

fn ok(what: &str) {
    println!("   ok  {what}");
}

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

fn check_version(program: &str, want: &str) -> Result<()> {
    match output_line(program, &["--version"]) {
        Some(v) if v == want => {
            ok(want);
            Ok(())
        }
        other => Err(format!(
            "after installing, `{program} --version` says {other:?}, expected `{want}` \
             (is {} first on PATH?)",
            cargo_bin_dir().display()
        )),
    }
}

fn npm_setup(root: &Path) -> Result<()> {
    let node = output_line("node", &["--version"]);
    let major: u32 = node
        .as_deref()
        .and_then(|v| v.trim_start_matches('v').split('.').next()?.parse().ok())
        .unwrap_or(0);
    if major < 18 || output_line("npm", &["--version"]).is_none() {
        return Err(format!(
            "Node.js 18+ and npm are needed (found node {node:?}): install them, e.g. \
             `apt-get install nodejs npm`"
        ));
    }
    let lock =
        fs::read(root.join("package-lock.json")).map_err(|e| format!("package-lock.json: {e}"))?;
    let stamp = root.join("node_modules/.xtask-package-lock.json");
    let binaryen_ok = fs::read_to_string(root.join("node_modules/binaryen/package.json"))
        .map(|p| p.contains(&format!("\"version\": \"{BINARYEN_MAJOR}.")))
        .unwrap_or(false);
    if binaryen_ok && fs::read(&stamp).ok().as_deref() == Some(&lock[..]) {
        ok(&format!(
            "npm packages (node {}, binaryen {BINARYEN_MAJOR})",
            node.unwrap_or_default()
        ));
        return Ok(());
    }
    run({
        let mut c = cmd("npm");
        c.args(["ci", "--no-audit", "--no-fund"]);
        c
    })?;
    let wasm_opt = output_line(
        root.join("node_modules/.bin/wasm-opt")
            .to_str()
            .unwrap_or("wasm-opt"),
        &["--version"],
    )
    .unwrap_or_default();
    if !wasm_opt.contains(&format!("version {BINARYEN_MAJOR}")) {
        return Err(format!(
            "node_modules/.bin/wasm-opt --version says `{wasm_opt}`, expected {BINARYEN_MAJOR}"
        ));
    }
    fs::write(&stamp, &lock).map_err(|e| format!("{}: {e}", stamp.display()))?;
    ok(&format!("npm packages installed ({wasm_opt})"));
    Ok(())
}

/// "Chromium 156.0.8078.73 built on Debian …" / "ChromeDriver 156.0.8078.73 (…)" → "156".
fn major_of(version_line: &str) -> Option<String> {
    version_line
        .split_whitespace()
        .nth(1)?
        .split('.')
        .next()
        .map(str::to_string)
}

fn chromium_versions() -> (Option<String>, Option<String>) {
    let browser = Path::new(CHROMIUM)
        .exists()
        .then(|| output_line(CHROMIUM, &["--version"]))
        .flatten();
    let driver = Path::new(CHROMEDRIVER)
        .exists()
        .then(|| output_line(CHROMEDRIVER, &["--version"]))
        .flatten();
    (browser, driver)
}

fn chromium_setup() -> Result<()> {
    let matched = |(b, d): &(Option<String>, Option<String>)| match (b, d) {
        (Some(b), Some(d)) => major_of(b).is_some() && major_of(b) == major_of(d),
        _ => false,
    };
    let found = chromium_versions();
    if matched(&found) {
        ok(found.0.as_deref().unwrap_or_default());
        return Ok(());
    }
    let why = format!("found browser {:?}, driver {:?}", found.0, found.1);
    if !(is_root() && have_apt()) {
        return Err(format!(
            "Chromium and a ChromeDriver of the same version are needed at {CHROMIUM} and \
             {CHROMEDRIVER} ({why}). Install them as root: \
             `apt-get update && apt-get install -y chromium chromium-driver`"
        ));
    }
    let mut update = cmd("apt-get");
    update.arg("update");
    run(update)?;
    let mut install = cmd("apt-get");
    install
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive");
    run(install)?;
    let found = chromium_versions();
    if !matched(&found) {
        return Err(format!(
            "after apt-get install: browser {:?}, driver {:?}: versions must match",
            found.0, found.1
        ));
    }
    ok(found.0.as_deref().unwrap_or_default());
    Ok(())
}

// ---------------------------------------------------------------------------------------
// dev

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: i32) {
    STOP.store(true, Ordering::SeqCst);
}

extern "C" {
    fn signal(signum: i32, handler: usize) -> usize;
    fn kill(pid: i32, sig: i32) -> i32;
}

const SIGINT: i32 = 2;
const SIGKILL: i32 = 9;
const SIGTERM: i32 = 15;

/// Ctrl-C / SIGTERM set STOP instead of killing xtask, so it can stop its children. The
/// handler is reset to the default in the children when they exec.
fn catch_signals() {
    // SAFETY: installs an async-signal-safe handler that only stores an atomic.
    unsafe {
        signal(SIGINT, on_signal as extern "C" fn(i32) as usize);
        signal(SIGTERM, on_signal as extern "C" fn(i32) as usize);
    }
}

fn terminate(children: &mut [(&str, &mut Child)]) {
    for (_, c) in children.iter_mut() {
        if let Ok(None) = c.try_wait() {
            // SAFETY: plain kill(2) on our own child's pid.
            unsafe { kill(c.id() as i32, SIGTERM) };
        }
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    for (name, c) in children.iter_mut() {
        loop {
            match c.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() >= deadline => {
                    eprintln!("xtask: {name} did not stop in 5 s, killing it");
                    // SAFETY: as above.
                    unsafe { kill(c.id() as i32, SIGKILL) };
                    c.wait().ok();
                    break;
                }
                Ok(None) => thread::sleep(Duration::from_millis(100)),
            }
        }
    }
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

/// A secret as the real server wants it: 40 ASCII letters and digits, from the OS's CSPRNG.
fn random_secret() -> Result<String> {
    const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut urandom = fs::File::open("/dev/urandom").map_err(|e| format!("/dev/urandom: {e}"))?;
    let mut secret = String::with_capacity(40);
    let mut buf = [0u8; 64];
    while secret.len() < 40 {
        urandom.read_exact(&mut buf).map_err(|e| e.to_string())?;
        for b in buf {
            // 248 = 4 * 62: reject the rest so every character is equally likely.
            if b < 248 && secret.len() < 40 {
                secret.push(ALNUM[(b % 62) as usize] as char);
            }
        }
    }
    Ok(secret)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The panel's one-click URL: server and secret in the fragment (never sent to any server,
/// read by the panel and then removed from the address bar).
fn panel_url(web_port: u16, server: &str, secret: &str) -> String {
    format!(
        "http://127.0.0.1:{web_port}/#server={}&secret={}",
        percent_encode(server),
        percent_encode(secret)
    )
}

/// `listening on ws://HOST:PORT` → `ws://HOST:PORT`.
fn parse_listening(line: &str) -> Option<String> {
    let url = line.trim().strip_prefix("listening on ")?;
    (url.starts_with("ws://") || url.starts_with("wss://")).then(|| url.to_string())
}

fn dev(args: &[String]) -> Result<()> {
    check_flags(args, &["--port", "--sim-port", "--protocol", "--players"])?;
    let web_port: u16 = flag_value(args, "--port", 8080)?;
    let sim_port: u16 = flag_value(args, "--sim-port", 0)?;
    let players: u32 = flag_value(args, "--players", 5)?;
    let protocol: Option<String> =
        flag_value(args, "--protocol", String::new()).map(|p| Some(p).filter(|p| !p.is_empty()))?;

    setup()?;
    if TcpListener::bind(("127.0.0.1", web_port)).is_err() {
        return Err(format!(
            "port {web_port} on 127.0.0.1 is in use: pick another with `cargo xtask dev --port N`"
        ));
    }
    println!("== building the simulator (release)");
    let mut build = cargo();
    build.args(["build", "--release", "-p", "msmp-sim", "--bin", "msmp-sim"]);
    run(build)?;

    let root = root();
    let state_dir = root.join("target/dev");
    fs::create_dir_all(&state_dir).map_err(|e| format!("{}: {e}", state_dir.display()))?;
    let secret = random_secret()?;
    let origins = format!("http://127.0.0.1:{web_port},http://localhost:{web_port}");

    catch_signals();
    let mut sim_cmd = cmd(root.join("target/release/msmp-sim").to_str().unwrap());
    sim_cmd
        .args(["--host", "127.0.0.1", "--port", &sim_port.to_string()])
        .args(["--secret", &secret, "--allowed-origins", &origins])
        .args(["--players", &players.to_string(), "--activity"])
        // A heartbeat every few seconds keeps the Overview's status visibly live.
        .args(["--heartbeat", "5"])
        .arg("--state-file")
        .arg(state_dir.join("sim-state.json"));
    if let Some(p) = &protocol {
        sim_cmd.args(["--protocol", p]);
    }
    sim_cmd.stdin(Stdio::null()).stdout(Stdio::piped());
    println!("== starting msmp-sim (origins {origins}, state target/dev/sim-state.json)");
    let mut sim = sim_cmd
        .spawn()
        .map_err(|e| format!("cannot start target/release/msmp-sim: {e}"))?;

    // Read the first line (where it listens) with a deadline, then forward the rest.
    let (tx, rx) = mpsc::channel();
    let stdout = sim.stdout.take().expect("piped");
    thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().and_then(|l| l.ok());
        tx.send(first).ok();
        for line in lines.map_while(|l| l.ok()) {
            println!("[sim] {line}");
        }
    });
    let server = match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(Some(line)) => parse_listening(&line),
        _ => None,
    };
    let Some(server) = server else {
        terminate(&mut [("msmp-sim", &mut sim)]);
        return Err("msmp-sim did not print `listening on ws://HOST:PORT` within 30 s".into());
    };
    println!("== msmp-sim listening on {server}");

    let mut trunk_cmd = cmd("trunk");
    trunk_cmd
        .args([
            "serve",
            "--address",
            "127.0.0.1",
            "--port",
            &web_port.to_string(),
        ])
        // Its own output dir, so a release build or `cargo xtask test` (dist/) can run
        // beside it without either clobbering the other's files.
        .args(["--dist", "target/dev/dist", "--disable-address-lookup"])
        .stdin(Stdio::null());
    println!("== starting trunk serve on http://127.0.0.1:{web_port} (first build takes a while)");
    let mut trunk = match trunk_cmd.spawn() {
        Ok(t) => t,
        Err(e) => {
            terminate(&mut [("msmp-sim", &mut sim)]);
            return Err(format!("cannot start trunk: {e}"));
        }
    };

    let url = panel_url(web_port, &server, &secret);
    let mut announced = false;
    let outcome = loop {
        if STOP.load(Ordering::SeqCst) {
            break Ok(());
        }
        if let Ok(Some(s)) = sim.try_wait() {
            break Err(format!("msmp-sim exited ({s})"));
        }
        if let Ok(Some(s)) = trunk.try_wait() {
            break Err(format!("trunk serve exited ({s})"));
        }
        if !announced
            && TcpStream::connect_timeout(
                &([127, 0, 0, 1], web_port).into(),
                Duration::from_millis(200),
            )
            .is_ok()
        {
            announced = true;
            println!();
            println!("  MSMP panel is ready. Open this URL (it connects to the simulator):");
            println!();
            println!("    {url}");
            println!();
            println!("  Ctrl-C stops trunk and the simulator.");
            println!();
        }
        thread::sleep(Duration::from_millis(250));
    };
    println!("\n== stopping");
    terminate(&mut [("trunk", &mut trunk), ("msmp-sim", &mut sim)]);
    outcome
}

// ---------------------------------------------------------------------------------------
// test

#[derive(Default, Debug, Clone, Copy, PartialEq)]
struct Counts {
    passed: u64,
    failed: u64,
    skipped: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.passed += o.passed;
        self.failed += o.failed;
        self.skipped += o.skipped;
    }
}

/// Sums cargo / libtest / wasm-bindgen-test-runner summaries:
/// `test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; …`.
fn parse_libtest(output: &str) -> Counts {
    let mut c = Counts::default();
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(kind), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = n.parse::<u64>() else { continue };
            match kind {
                "passed" => c.passed += n,
                "failed" => c.failed += n,
                "ignored" => c.skipped += n,
                _ => {}
            }
        }
    }
    c
}

/// node --test summaries, spec (`ℹ pass 3`) or TAP (`# pass 3`) reporter.
fn parse_node_test(output: &str) -> Counts {
    let mut c = Counts::default();
    for line in output.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("ℹ ").or_else(|| line.strip_prefix("# ")) else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let (Some(kind), Some(n), None) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        let Ok(n) = n.parse::<u64>() else { continue };
        match kind {
            "pass" => c.passed = n,
            "fail" | "cancelled" => c.failed += n,
            "skipped" | "todo" => c.skipped += n,
            _ => {}
        }
    }
    c
}

/// Runs a command, echoing its stdout live while keeping a copy; stderr passes through.
fn run_tee(mut c: Command) -> (bool, String) {
    let what = describe(&c);
    println!("$ {what}");
    let mut child = match c.stdin(Stdio::null()).stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("cannot start `{what}`: {e}");
            return (false, String::new());
        }
    };
    let mut copy = String::new();
    let stdout = child.stdout.take().expect("piped");
    let out = io::stdout();
    for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
        let mut lock = out.lock();
        writeln!(lock, "{line}").ok();
        lock.flush().ok();
        copy.push_str(&line);
        copy.push('\n');
    }
    let ok = child.wait().map(|s| s.success()).unwrap_or(false);
    (ok, copy)
}

struct Stage {
    name: &'static str,
    ok: bool,
    counts: Option<Counts>,
    note: String,
    secs: f64,
}

fn test(args: &[String]) -> Result<bool> {
    check_flags(args, &["--only", "--skip"])?;
    let list = |name: &str| -> BTreeSet<String> {
        flag_value(args, name, String::new())
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    const ALL: [&str; 6] = ["lint", "native", "wasm", "dist", "sim", "e2e"];
    let mut only = list("--only");
    let skip = list("--skip");
    for s in only.iter().chain(&skip) {
        if !ALL.contains(&s.as_str()) {
            return Err(format!("unknown stage `{s}` (stages: {})", ALL.join(", ")));
        }
    }
    if only.contains("e2e") {
        only.extend(["dist".to_string(), "sim".to_string()]);
    }
    let wanted = |s: &str| (only.is_empty() || only.contains(s)) && !skip.contains(s);

    let total_start = Instant::now();
    setup()?;
    let root = root();
    let mut stages: Vec<Stage> = Vec::new();
    let mut timed = |name: &'static str, f: &mut dyn FnMut() -> (bool, Option<Counts>, String)| {
        println!("\n== stage {name}");
        let t = Instant::now();
        let (ok, counts, note) = f();
        let secs = t.elapsed().as_secs_f64();
        println!(
            "== stage {name}: {} in {secs:.1} s",
            if ok { "ok" } else { "FAILED" }
        );
        stages.push(Stage {
            name,
            ok,
            counts,
            note,
            secs,
        });
        ok
    };
    let mut built = true; // dist and sim, which e2e needs

    if wanted("lint") {
        timed("lint", &mut || {
            let mut notes = Vec::new();
            let mut all_ok = true;
            let mut fmt = cargo();
            fmt.args(["fmt", "--all", "--", "--check"]);
            let mut clippy = cargo();
            clippy.args(["clippy", "--workspace", "--", "-D", "warnings"]);
            let mut clippy_wasm = cargo();
            clippy_wasm.args([
                "clippy",
                "--target",
                WASM_TARGET,
                "-p",
                "msmp-panel",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]);
            for (label, c) in [
                ("fmt", fmt),
                ("clippy", clippy),
                ("clippy wasm32", clippy_wasm),
            ] {
                let ok = run(c).is_ok();
                all_ok &= ok;
                notes.push(format!("{label} {}", if ok { "ok" } else { "FAILED" }));
            }
            (all_ok, None, notes.join(", "))
        });
    }

    if wanted("native") {
        timed("native", &mut || {
            let mut c = cargo();
            c.args([
                "test",
                "--workspace",
                "--lib",
                "--bins",
                "--tests",
                "--no-fail-fast",
            ]);
            let (ok, out) = run_tee(c);
            (ok, Some(parse_libtest(&out)), String::new())
        });
    }

    if wanted("wasm") {
        timed("wasm", &mut || {
            let mut c = cargo();
            c.args([
                "test",
                "--target",
                WASM_TARGET,
                "-p",
                "msmp-panel",
                "--bins",
                "--tests",
            ]);
            if root.join("src/lib.rs").exists() {
                c.arg("--lib");
            }
            c.arg("--no-fail-fast")
                .env(
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                    "wasm-bindgen-test-runner",
                )
                .env("CHROMEDRIVER", CHROMEDRIVER)
                .env_remove("GECKODRIVER")
                .env_remove("SAFARIDRIVER")
                .env("WASM_BINDGEN_TEST_TIMEOUT", "60");
            let (ok, out) = run_tee(c);
            (ok, Some(parse_libtest(&out)), String::new())
        });
    }

    if wanted("dist") {
        built &= timed("dist", &mut || {
            let mut c = cmd("trunk");
            c.args(["build", "--release"]);
            let ok = run(c).is_ok();
            if !ok {
                return (false, None, "trunk build --release failed".into());
            }
            match dist_report(&root.join("dist")) {
                Ok(note) => (true, None, note),
                Err(e) => (false, None, e),
            }
        });
    }

    let sim_bin = root.join("target/debug/msmp-sim");
    if wanted("sim") {
        built &= timed("sim", &mut || {
            let mut c = cargo();
            c.args(["build", "-p", "msmp-sim", "--bin", "msmp-sim"]);
            let ok = run(c).is_ok() && sim_bin.exists();
            (
                ok,
                None,
                format!(
                    "{}",
                    sim_bin.strip_prefix(&root).unwrap_or(&sim_bin).display()
                ),
            )
        });
    }

    if wanted("e2e") {
        timed("e2e", &mut || {
            if !built {
                return (false, None, "not run: dist or sim failed".into());
            }
            let mut c = cmd("node");
            // A hung browser or server must not stall CI: 5 minutes per test at most.
            c.args([
                "--test",
                "--test-reporter=spec",
                "--test-timeout=300000",
                "e2e/",
            ])
            .env("MSMP_SIM_BIN", &sim_bin)
            .env("E2E_DIST", root.join("dist"));
            let (ok, out) = run_tee(c);
            let counts = parse_node_test(&out);
            (ok, Some(counts), String::new())
        });
    }

    // Summary. A stage that failed without reporting a failed test counts as one failure.
    let mut total = Counts::default();
    println!(
        "\n== summary ({:.0} s in all)",
        total_start.elapsed().as_secs_f64()
    );
    for s in &stages {
        let mut c = s.counts.unwrap_or_default();
        if !s.ok && c.failed == 0 {
            c.failed = 1;
        }
        let counts = match s.counts {
            Some(_) => format!(
                "{} passed, {} failed, {} skipped",
                c.passed, c.failed, c.skipped
            ),
            None if !s.ok => "stage failed".to_string(),
            None => String::new(),
        };
        println!(
            "  {:<7} {:<6} {:>6.1} s  {counts}{}{}",
            s.name,
            if s.ok { "ok" } else { "FAILED" },
            s.secs,
            if counts.is_empty() || s.note.is_empty() {
                ""
            } else {
                "; "
            },
            s.note
        );
        total += c;
    }
    let all_ok = stages.iter().all(|s| s.ok);
    let mut last = format!("{} passed, {} failed", total.passed, total.failed);
    if total.skipped > 0 {
        last.push_str(&format!(", {} skipped", total.skipped));
    }
    println!("{last}");
    Ok(all_ok)
}

fn gzip_size(path: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    if !out.status.success() {
        return Err(format!("gzip {} failed", path.display()));
    }
    Ok(out.stdout.len() as u64)
}

/// Prints the release bundle's sizes (raw and gzip -9) and returns a one-line summary.
fn dist_report(dist: &Path) -> std::result::Result<String, String> {
    if !dist.join("index.html").exists() {
        return Err("dist/index.html missing".into());
    }
    let mut rows = Vec::new();
    for entry in fs::read_dir(dist).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ["wasm", "js", "css"].contains(&ext) {
            let raw = fs::metadata(&path).map_err(|e| e.to_string())?.len();
            let gz = gzip_size(&path)?;
            rows.push((ext.to_string(), path, raw, gz));
        }
    }
    rows.sort();
    let kb = |n: u64| n as f64 / 1024.0;
    println!("  release bundle (dist/):");
    let (mut raw_total, mut gz_total) = (0, 0);
    let mut parts = Vec::new();
    for (ext, path, raw, gz) in &rows {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!(
            "    {name:<48} {:>8.1} KB raw {:>8.1} KB gzip",
            kb(*raw),
            kb(*gz)
        );
        raw_total += raw;
        gz_total += gz;
        parts.push(format!("{ext} {:.0}/{:.0}", kb(*raw), kb(*gz)));
    }
    println!(
        "    {:<48} {:>8.1} KB raw {:>8.1} KB gzip",
        "total",
        kb(raw_total),
        kb(gz_total)
    );
    if !rows.iter().any(|r| r.0 == "wasm") {
        return Err("no .wasm in dist/".into());
    }
    Ok(format!(
        "KB raw/gzip: {}; total {:.0}/{:.0}",
        parts.join(", "),
        kb(raw_total),
        kb(gz_total)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_is_40_alphanumerics_and_random() {
        let a = random_secret().unwrap();
        let b = random_secret().unwrap();
        assert_eq!(a.len(), 40);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()), "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn url_puts_server_and_secret_in_the_fragment() {
        let url = panel_url(8080, "ws://127.0.0.1:25585", "abc123");
        assert_eq!(
            url,
            "http://127.0.0.1:8080/#server=ws%3A%2F%2F127.0.0.1%3A25585&secret=abc123"
        );
        assert!(!url.contains('?'));
        assert_eq!(percent_encode("a b&c=d#é"), "a%20b%26c%3Dd%23%C3%A9");
    }

    #[test]
    fn reads_the_simulator_first_line() {
        assert_eq!(
            parse_listening("listening on ws://127.0.0.1:41234\n").as_deref(),
            Some("ws://127.0.0.1:41234")
        );
        assert_eq!(
            parse_listening("listening on wss://localhost:1").as_deref(),
            Some("wss://localhost:1")
        );
        assert_eq!(parse_listening("secret: abc"), None);
    }

    #[test]
    fn counts_cargo_test_summaries() {
        let out = "running 3 tests\n\
            test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
            test result: FAILED. 5 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n\
            test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(
            parse_libtest(out),
            Counts {
                passed: 8,
                failed: 2,
                skipped: 1
            }
        );
    }

    #[test]
    fn counts_node_test_summaries() {
        let spec = "▶ smoke\n✔ loads (12ms)\nℹ tests 4\nℹ suites 1\nℹ pass 3\nℹ fail 1\n\
                    ℹ cancelled 0\nℹ skipped 0\nℹ todo 0\nℹ duration_ms 1234.5\n";
        assert_eq!(
            parse_node_test(spec),
            Counts {
                passed: 3,
                failed: 1,
                skipped: 0
            }
        );
        let tap = "# tests 2\n# pass 1\n# fail 0\n# skipped 1\n";
        assert_eq!(
            parse_node_test(tap),
            Counts {
                passed: 1,
                failed: 0,
                skipped: 1
            }
        );
    }

    #[test]
    fn reads_locked_versions_and_trunk_pins() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-test\"\nversion = \"0.3.80\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(lock, "wasm-bindgen-test").as_deref(),
            Some("0.3.80")
        );
        assert_eq!(locked_version(lock, "leptos"), None);
        let toml = "[tools]\nwasm_bindgen = \"0.2.130\"\nwasm_opt = \"version_132\"\n";
        assert_eq!(toml_value(toml, "wasm_bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(
            major_of("Chromium 156.0.8078.73 built on Debian").as_deref(),
            Some("156")
        );
        assert_eq!(
            major_of("ChromeDriver 156.0.8078.73 (abc)").as_deref(),
            Some("156")
        );
    }
}
