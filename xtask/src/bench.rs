//! `cargo xtask bench [--small] [--build]`: the panel against a plain-JS floor page on the
//! same simulator state, in headless Chromium (`bench/run.mjs` does the measuring). Prints
//! a table `figure | floor | panel | ratio` and writes the figures to
//! `target/bench/latest.json` (`latest-small.json` with `--small`).

use super::*;

/// The simulator the benchmark runs: the debug build, as the e2e tests use.
pub(crate) fn sim_bin() -> PathBuf {
    root().join("target/debug/msmp-sim")
}

/// `node bench/run.mjs`, pointed at `dist/` and the simulator.
pub(crate) fn node_command(small: bool) -> Command {
    let mut c = cmd("node");
    c.arg("bench/run.mjs")
        .env("MSMP_SIM_BIN", sim_bin())
        .env("E2E_DIST", root().join("dist"));
    if small {
        c.arg("--small");
    }
    c
}

pub(crate) fn build_sim() -> Result<()> {
    let mut c = cargo();
    c.args(["build", "-p", "msmp-sim", "--bin", "msmp-sim"]);
    run(c)
}

pub(crate) fn bench(args: &[String]) -> Result<()> {
    for a in args {
        if !["--small", "--build"].contains(&a.as_str()) {
            return Err(format!("unknown option `{a}`\n\n{USAGE}"));
        }
    }
    let has = |flag: &str| args.iter().any(|a| a == flag);
    setup()?;
    let dist = root().join("dist");
    if has("--build") || !dist.join("index.html").exists() {
        dist::build(None)?;
    } else {
        println!("using the release bundle in dist/ as it is (`--build` rebuilds it first)");
    }
    build_sim()?;
    run(node_command(has("--small")))
}
