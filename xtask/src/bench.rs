//! `cargo xtask bench [--small] [--build]`: the panel against a plain-JS floor page on the
//! same simulator state, in headless Chromium (`bench/run.mjs` does the measuring). Prints
//! each figure for the panel and two floors (every row drawn, as many rows as the panel),
//! with the panel's ratio to each, and writes the figures to
//! `target/bench/latest.json` (`latest-small.json` with `--small`). Then the fleet figures
//! (`bench/fleet.mjs`): 100 simulated servers in one tab (10 with `--small`), written to
//! `target/bench/fleet.json` (`fleet-small.json`).

use super::*;

/// `node bench/<script>`, pointed at `dist/` and the simulator binary `sim`.
pub(crate) fn node_command(script: &str, small: bool, sim: &Path) -> Command {
    let mut c = cmd("node");
    c.arg(format!("bench/{script}"))
        .env("MSMP_SIM_BIN", sim)
        .env("E2E_DIST", root().join("dist"));
    if small {
        c.arg("--small");
    }
    c
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
        dist::build(None, &dist)?;
    } else {
        println!("using the release bundle in dist/ as it is (`--build` rebuilds it first)");
    }
    // The release build: a debug simulator takes ~20 s to load 10k-entry lists and ~0.7 s to
    // answer the panel's first batch, which would blur the connect figures.
    let mut sim = cargo();
    sim.args(["build", "--release", "-p", "msmp-sim", "--bin", "msmp-sim"]);
    run(sim)?;
    let sim = root().join("target/release/msmp-sim");
    run(node_command("run.mjs", has("--small"), &sim))?;
    run(node_command("fleet.mjs", has("--small"), &sim))
}
