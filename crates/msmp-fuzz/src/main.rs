//! `msmp-fuzz [--cases N] [--secs T] [--seed S] [--jobs J] [--keep-going] [--out DIR]
//! [--replay FILE]`: runs cases until N are done or T seconds have passed, whichever comes
//! first, and prints cases, seconds and cases/s (with `--jobs`, in that many processes). On a failure it prints the seed and the failing frame, writes the
//! raw and the minimized case to DIR (default `target/fuzz-failures`) and exits with 1.
//! `cargo xtask fuzz` builds it with coverage counters and runs it.

use msmp_fuzz::case::{self, Case, Failure, Step};
use msmp_fuzz::corpus::{Corpus, Starts};
use msmp_fuzz::coverage::{self, Coverage};
use msmp_fuzz::rng::Rng;
use msmp_fuzz::shrink;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// SanitizerCoverage calls this once per instrumented module, before `main`.
#[no_mangle]
pub extern "C" fn __sanitizer_cov_8bit_counters_init(start: *mut u8, end: *mut u8) {
    coverage::register(start, end);
}

/// Interesting cases kept for mutation; beyond this, new ones replace random old ones.
const POOL_MAX: usize = 20_000;

struct Options {
    cases: u64,
    secs: Option<f64>,
    seed: u64,
    out: PathBuf,
    replay: Option<PathBuf>,
    /// Report each new kind of failure and go on, instead of stopping at the first.
    keep_going: bool,
    /// Worker processes, each with its own seed (seed, seed + 1, ...) and share of cases.
    jobs: u64,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        cases: 1_000_000,
        secs: None,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
        out: PathBuf::from("target/fuzz-failures"),
        replay: None,
        keep_going: false,
        jobs: 1,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--cases" => o.cases = number(&value()?)?,
            "--secs" => o.secs = Some(value()?.parse().map_err(|_| "--secs needs seconds")?),
            "--seed" => o.seed = number(&value()?)?,
            "--out" => o.out = PathBuf::from(value()?),
            "--replay" => o.replay = Some(PathBuf::from(value()?)),
            "--keep-going" => o.keep_going = true,
            "--jobs" => o.jobs = number(&value()?)?.max(1),
            _ => return Err(format!("unknown option {a}")),
        }
    }
    Ok(o)
}

/// `10000000`, `10_000_000`, `10M` and `200k` alike.
fn number(s: &str) -> Result<u64, String> {
    let s = s.replace('_', "");
    let (digits, mult) = match s.chars().last() {
        Some('k' | 'K') => (&s[..s.len() - 1], 1_000),
        Some('m' | 'M') => (&s[..s.len() - 1], 1_000_000),
        _ => (&s[..], 1),
    };
    digits
        .parse::<u64>()
        .map(|n| n * mult)
        .map_err(|_| format!("not a number: {s}"))
}

static PANIC_AT: Mutex<String> = Mutex::new(String::new());

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("msmp-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    if o.jobs > 1 && o.replay.is_none() {
        return jobs(&o);
    }
    let mut o = o;
    // The starting states depend on the seed: a saved case names the one it ran with.
    if let Some(seed) = o.replay.as_ref().and_then(saved_seed) {
        o.seed = seed;
    }
    let t = Instant::now();
    let corpus = Corpus::build(o.seed);
    println!(
        "corpus: {} frames from msmp-sim, {} methods answered, {} notifications, {} starting states ({:.2} s)",
        corpus.frames.len(),
        corpus.answers.len(),
        corpus.notifications.len(),
        corpus.bases.len(),
        t.elapsed().as_secs_f64()
    );
    // Panics are expected findings: keep where they happened, print nothing here.
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut at) = PANIC_AT.lock() {
            *at = info.location().map(|l| l.to_string()).unwrap_or_default();
        }
    }));
    if let Some(path) = &o.replay {
        return replay(&corpus, path);
    }
    fuzz(&corpus, &o)
}

/// The seed in a saved case's first line (`# msmp-fuzz … case: seed S case N`).
fn saved_seed(path: &PathBuf) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    let first = text.lines().next()?;
    let rest = first.split_once(": seed ")?.1;
    rest.split_whitespace().next()?.parse().ok()
}

fn replay(corpus: &Corpus, path: &PathBuf) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("msmp-fuzz: cannot read {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let case = match case::read(&text) {
        Ok(c) if c.base < corpus.bases.len() => c,
        Ok(c) => {
            eprintln!("msmp-fuzz: no starting state {}", c.base);
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("msmp-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    match case::run(corpus, &mut Starts::new(corpus), &case) {
        Ok(()) => {
            println!("replay: {} steps, all invariants hold", case.steps.len());
            ExitCode::SUCCESS
        }
        Err(f) => {
            println!(
                "replay: step {} fails: {}",
                f.step + 1,
                with_location(&f.message)
            );
            ExitCode::FAILURE
        }
    }
}

fn with_location(message: &str) -> String {
    let at = PANIC_AT.lock().map(|s| s.clone()).unwrap_or_default();
    if message.starts_with("panic") && !at.is_empty() {
        format!("{message} (at {at})")
    } else {
        message.to_string()
    }
}

fn fuzz(corpus: &Corpus, o: &Options) -> ExitCode {
    let mut cov = Coverage::new();
    println!(
        "seed {}; up to {} cases{}; coverage guidance: {}",
        o.seed,
        o.cases,
        o.secs.map(|s| format!(" or {s} s")).unwrap_or_default(),
        if cov.enabled() {
            format!("on ({} edges instrumented)", cov.edges())
        } else {
            "off (build without SanitizerCoverage counters)".to_string()
        }
    );
    let mut pool: Vec<Case> = Vec::new();
    let mut starts = Starts::new(corpus);
    let mut steps = 0u64;
    let mut mutated = 0u64;
    let start = Instant::now();
    let deadline = o.secs.map(Duration::from_secs_f64);
    let mut next_report = Duration::from_secs(5);
    let mut done = 0u64;
    let mut failures = 0u64;
    let mut kinds = std::collections::BTreeSet::new();
    // Time spent minimizing failures (with --keep-going) is not fuzzing time.
    let mut shrinking = Duration::ZERO;
    while done < o.cases {
        if done.is_multiple_of(1024) {
            let elapsed = start.elapsed();
            if deadline.is_some_and(|d| elapsed >= d) {
                break;
            }
            if elapsed >= next_report {
                next_report += Duration::from_secs(5);
                println!(
                    "  {done} cases, {:.0} cases/s, {} kept{}",
                    done as f64 / (elapsed - shrinking).as_secs_f64(),
                    pool.len(),
                    coverage_note(&cov)
                );
            }
        }
        let mut rng = Rng::for_case(o.seed, done);
        cov.reset();
        let (case, result) = if pool.is_empty() || rng.chance(1, 2) {
            case::generate(corpus, &mut starts, &mut rng)
        } else {
            mutated += 1;
            let c = case::mutate(corpus, rng.pick(&pool), &mut rng);
            let r = case::run(corpus, &mut starts, &c);
            (c, r)
        };
        done += 1;
        steps += case.steps.len() as u64;
        if let Err(f) = result {
            failures += 1;
            if !o.keep_going {
                return failed(corpus, o, done - 1, &case, &f);
            }
            if kinds.insert(shrink::signature(&f.message)) {
                let t = Instant::now();
                failed(corpus, o, done - 1, &case, &f);
                shrinking += t.elapsed();
            }
            continue;
        }
        if cov.enabled() && cov.novel() {
            if pool.len() < POOL_MAX {
                pool.push(case);
            } else {
                let i = rng.below(POOL_MAX);
                pool[i] = case;
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let shrunk = shrinking.as_secs_f64();
    let of_it = if shrunk > 0.0 {
        format!(" ({shrunk:.1} s of it minimizing failures)")
    } else {
        String::new()
    };
    println!(
        "{done} cases ({steps} steps, {mutated} mutated from kept cases) in {secs:.2} s{of_it}: {:.0} cases/s, {:.0} steps/s; {} kept{}",
        done as f64 / (secs - shrunk),
        steps as f64 / (secs - shrunk),
        pool.len(),
        coverage_note(&cov)
    );
    if failures > 0 {
        println!("{failures} cases failed, {} kinds: {kinds:?}", kinds.len());
        return ExitCode::FAILURE;
    }
    println!("no invariant broken");
    ExitCode::SUCCESS
}

fn coverage_note(cov: &Coverage) -> String {
    if cov.enabled() {
        format!(", {} of {} edges covered", cov.covered(), cov.edges())
    } else {
        String::new()
    }
}

fn failed(corpus: &Corpus, o: &Options, index: u64, case: &Case, f: &Failure) -> ExitCode {
    let message = with_location(&f.message);
    println!(
        "\nFAILED: case {index} of seed {}: step {}: {message}",
        o.seed,
        f.step + 1
    );
    println!("starting state: {}", corpus.bases[case.base].name);
    print_frame("failing step", &case.steps[f.step]);
    let small = shrink::minimize(corpus, case, &f.message, Duration::from_secs(20));
    let small_failure = case::run(corpus, &mut Starts::new(corpus), &small).err();
    if let Err(e) = std::fs::create_dir_all(&o.out) {
        eprintln!("cannot create {}: {e}", o.out.display());
        return ExitCode::FAILURE;
    }
    let header = |what: &str, msg: &str| {
        format!(
            "# msmp-fuzz {what} case: seed {} case {index}\n# starting state: {}\n# {}\n# replay: cargo xtask fuzz --replay THIS_FILE\n",
            o.seed,
            corpus.bases[case.base].name,
            msg.replace('\n', " ")
        )
    };
    let raw = o.out.join(format!("seed-{}-case-{index}.raw.txt", o.seed));
    let min = o.out.join(format!("seed-{}-case-{index}.min.txt", o.seed));
    let small_msg = small_failure
        .as_ref()
        .map(|f| f.message.clone())
        .unwrap_or_default();
    let written = std::fs::write(&raw, header("raw", &message) + &case::write(case))
        .and_then(|_| std::fs::write(&min, header("minimized", &small_msg) + &case::write(&small)));
    if let Err(e) = written {
        eprintln!("cannot write the failing case: {e}");
    }
    if let Some(sf) = &small_failure {
        println!(
            "minimized to {} steps: {}",
            small.steps.len(),
            with_location(&sf.message)
        );
        print_frame("minimized failing step", &small.steps[sf.step]);
    }
    println!("saved {} and {}", raw.display(), min.display());
    ExitCode::FAILURE
}

fn print_frame(what: &str, step: &Step) {
    match step {
        Step::Frame(b) => println!("{what}: frame {}", String::from_utf8_lossy(b)),
        other => println!("{what}: {other:?}"),
    }
}

/// Runs `--jobs` copies of this program, each on its own seed and share of the cases,
/// prefixes their output with their number, and adds their figures up.
fn jobs(o: &Options) -> ExitCode {
    use std::io::{BufRead, BufReader};
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("msmp-fuzz: cannot find myself: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{} workers, seeds {}..={}, {} cases in all",
        o.jobs,
        o.seed,
        o.seed + o.jobs - 1,
        o.cases
    );
    let start = Instant::now();
    let mut readers = Vec::new();
    for i in 0..o.jobs {
        let share = o.cases / o.jobs + u64::from(i < o.cases % o.jobs);
        let mut c = std::process::Command::new(&exe);
        c.args([
            "--cases",
            &share.to_string(),
            "--seed",
            &(o.seed + i).to_string(),
        ])
        .arg("--out")
        .arg(&o.out)
        .stdout(std::process::Stdio::piped());
        if let Some(secs) = o.secs {
            c.args(["--secs", &secs.to_string()]);
        }
        if o.keep_going {
            c.arg("--keep-going");
        }
        let mut child = match c.spawn() {
            Ok(child) => child,
            Err(e) => {
                eprintln!("msmp-fuzz: cannot start worker {i}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let out = child.stdout.take().expect("piped");
        readers.push(std::thread::spawn(move || {
            let mut figures = (0u64, 0u64, 0f64);
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                println!("[{i}] {line}");
                // "N cases (S steps, ...) in T s ...: R cases/s, ..."
                if line.contains(" cases/s, ") && !line.starts_with(' ') {
                    let mut w = line.split_whitespace();
                    let cases = w.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                    let steps = w
                        .nth(1)
                        .and_then(|n| n.trim_start_matches('(').parse().ok())
                        .unwrap_or(0);
                    let secs = line
                        .split_once(" in ")
                        .and_then(|(_, r)| r.split_whitespace().next())
                        .and_then(|t| t.parse().ok())
                        .unwrap_or(0.0);
                    figures = (cases, steps, secs);
                }
            }
            (child.wait().map(|s| s.success()).unwrap_or(false), figures)
        }));
    }
    let mut all_ok = true;
    let (mut cases, mut steps) = (0, 0);
    for r in readers {
        let (ok, (c, s, _)) = r.join().unwrap_or((false, (0, 0, 0.0)));
        all_ok &= ok;
        cases += c;
        steps += s;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "all workers: {cases} cases ({steps} steps) in {secs:.2} s of wall time: {:.0} cases/s, {:.0} steps/s",
        cases as f64 / secs,
        steps as f64 / secs
    );
    if all_ok {
        ExitCode::SUCCESS
    } else {
        println!("some worker failed (see above)");
        ExitCode::FAILURE
    }
}
