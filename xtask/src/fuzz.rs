//! `cargo xtask fuzz`: builds `crates/msmp-fuzz` natively with SanitizerCoverage's inline
//! 8-bit counters (stable rustc, no extra tools: the fuzzer reads the counters itself for
//! coverage guidance) and runs it. `--target` keeps the flags off build scripts and proc
//! macros, which could not link against the fuzzer's counter hook.

use super::*;

const FLAGS: &str = "-C passes=sancov-module -C llvm-args=-sanitizer-coverage-level=3 \
                     -C llvm-args=-sanitizer-coverage-inline-8bit-counters";

/// Options passed on to the fuzzer, and whether each takes a value.
const OPTIONS: [(&str, bool); 7] = [
    ("--cases", true),
    ("--jobs", true),
    ("--seed", true),
    ("--secs", true),
    ("--replay", true),
    ("--out", true),
    ("--keep-going", false),
];

fn host() -> Result<String> {
    let out = cmd("rustc")
        .arg("-vV")
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .ok_or_else(|| "rustc -vV names no host".into())
}

/// Builds the fuzzer; returns its path.
fn build() -> Result<PathBuf> {
    let host = host()?;
    let mut c = cargo();
    c.args([
        "build",
        "--profile",
        "fuzz",
        "-p",
        "msmp-fuzz",
        "--target",
        &host,
    ])
    .env("RUSTFLAGS", FLAGS)
    .env_remove("CARGO_ENCODED_RUSTFLAGS");
    run(c)?;
    Ok(root().join("target").join(host).join("fuzz/msmp-fuzz"))
}

pub(crate) fn fuzz(args: &[String]) -> Result<bool> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match OPTIONS.iter().find(|(name, _)| name == a) {
            Some((_, true)) if it.next().is_none() => return Err(format!("{a} needs a value")),
            Some(_) => {}
            None => return Err(format!("unknown option `{a}`\n\n{USAGE}")),
        }
    }
    let bin = build()?;
    let mut c = cmd(&bin.to_string_lossy());
    c.args(args);
    let what = describe(&c);
    println!("$ {what}");
    let status = c
        .status()
        .map_err(|e| format!("cannot start `{what}`: {e}"))?;
    Ok(status.success())
}

/// The CI smoke: a fixed seed, 200k cases or 10 s, whichever comes first. Returns whether
/// it passed and its closing figures.
pub(crate) fn smoke() -> (bool, String) {
    let bin = match build() {
        Ok(bin) => bin,
        Err(e) => return (false, e),
    };
    let mut c = cmd(&bin.to_string_lossy());
    c.args(["--cases", "200000", "--secs", "10", "--seed", "1"]);
    let (ok, out) = test::run_tee(c);
    let figures = out
        .lines()
        .find(|l| l.contains(" cases/s;"))
        .and_then(|l| l.split(": ").nth(1))
        .map(|f| f.split(';').next().unwrap_or(f).to_string());
    let cases = out
        .lines()
        .find(|l| l.contains(" cases/s;"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("?");
    let failure = out.lines().find_map(|l| l.strip_prefix("FAILED: "));
    let note = match (failure, figures) {
        (Some(f), _) => format!("{f} (see target/fuzz-failures/)"),
        (None, Some(f)) => format!("{cases} cases, {f}"),
        (None, None) => "no figures".to_string(),
    };
    (ok, note)
}
