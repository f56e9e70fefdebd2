//! `cargo xtask test`: every stage, and the closing `N passed, M failed` line.

use super::*;

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
pub(crate) fn run_tee(mut c: Command) -> (bool, String) {
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

pub(crate) fn test(args: &[String]) -> Result<bool> {
    check_flags(args, &["--only", "--skip"])?;
    let list = |name: &str| -> BTreeSet<String> {
        flag_value(args, name, String::new())
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    const ALL: [&str; 9] = [
        "lint", "native", "fuzz", "wasm", "dist", "stable", "sim", "e2e", "bench",
    ];
    let mut only = list("--only");
    let skip = list("--skip");
    for s in only.iter().chain(&skip) {
        if !ALL.contains(&s.as_str()) {
            return Err(format!("unknown stage `{s}` (stages: {})", ALL.join(", ")));
        }
    }
    if only.contains("e2e") || only.contains("bench") {
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

    if wanted("fuzz") {
        // A short run of `cargo xtask fuzz` with a fixed seed: it fails on any broken
        // invariant, and its figures are printed, not asserted.
        timed("fuzz", &mut || {
            let (ok, note) = fuzz::smoke();
            let counts = Counts {
                passed: ok as u64,
                failed: !ok as u64,
                skipped: 0,
            };
            (ok, Some(counts), note)
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
            if let Err(e) = dist::build(None, &root.join("dist")) {
                return (false, None, e);
            }
            // The same bundle for a host serving it under a sub-path (wasm-opt again, ~20 s).
            if let Err(e) = dist::build(Some("/admin/"), &root.join(dist::SUBPATH_DIST)) {
                return (false, None, e);
            }
            match dist::report(&root.join("dist")) {
                Ok(note) => (true, None, note),
                Err(e) => (false, None, e),
            }
        });
    }

    if wanted("stable") {
        timed("stable", &mut || match dist::stable_build() {
            Ok(out) => (
                out.join("index.html").exists(),
                None,
                "trunk build --release on stable".into(),
            ),
            Err(e) => (false, None, e),
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

    if wanted("bench") {
        // The benchmark at 200 entries as a smoke test: it passes when it completes and
        // prints its figures; no time is asserted.
        timed("bench", &mut || {
            if !built {
                return (false, None, "not run: dist or sim failed".into());
            }
            let (lists, _) = run_tee(bench::node_command("run.mjs", true, &sim_bin));
            let (fleet, _) = run_tee(bench::node_command("fleet.mjs", true, &sim_bin));
            let ok = lists && fleet;
            let counts = Counts {
                passed: ok as u64,
                failed: !ok as u64,
                skipped: 0,
            };
            (
                ok,
                Some(counts),
                "target/bench/latest-small.json, fleet-small.json".into(),
            )
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
