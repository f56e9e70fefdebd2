//! `cargo xtask dev`: the simulator and `trunk serve`, and the one URL to open.

use super::*;

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

/// The panel's one-click URL: servers and secret in the fragment (never sent to any server,
/// read by the panel and then removed from the address bar). Several servers are named
/// "Server 1", "Server 2", ...
fn panel_url(web_port: u16, servers: &[String], secret: &str) -> String {
    let mut fragment = Vec::new();
    for (i, server) in servers.iter().enumerate() {
        fragment.push(format!(
            "server={}&secret={}",
            percent_encode(server),
            percent_encode(secret)
        ));
        if servers.len() > 1 {
            fragment.push(format!("name=Server%20{}", i + 1));
        }
    }
    format!("http://127.0.0.1:{web_port}/#{}", fragment.join("&"))
}

/// `listening on ws://HOST:PORT` → `ws://HOST:PORT`.
fn parse_listening(line: &str) -> Option<String> {
    let url = line.trim().strip_prefix("listening on ")?;
    (url.starts_with("ws://") || url.starts_with("wss://")).then(|| url.to_string())
}

/// The environment variable msmp-sim reads its secret from (and removes at once).
const SECRET_ENV: &str = "MSMP_SIM_SECRET";

/// The simulator's command. The secret goes in the environment of this one child, never
/// on its command line (every local user can read that in `ps`); xtask's own
/// environment, which trunk inherits, never holds it.
fn sim_command(
    root: &Path,
    sim_port: u16,
    secret: &str,
    origins: &str,
    players: u32,
    protocol: Option<&str>,
    count: u16,
) -> Command {
    let mut c = cmd(root.join("target/release/msmp-sim").to_str().unwrap());
    c.env(SECRET_ENV, secret)
        .args(["--host", "127.0.0.1", "--port", &sim_port.to_string()])
        .args(["--allowed-origins", origins])
        .args(["--players", &players.to_string(), "--activity"])
        .args(["--count", &count.to_string()])
        // A heartbeat every few seconds keeps the Overview's status visibly live.
        .args(["--heartbeat", "5"])
        .arg("--state-file")
        .arg(root.join("target/dev/sim-state.json"));
    if let Some(p) = protocol {
        c.args(["--protocol", p]);
    }
    c
}

pub(crate) fn dev(args: &[String]) -> Result<()> {
    check_flags(
        args,
        &[
            "--port",
            "--sim-port",
            "--protocol",
            "--players",
            "--servers",
        ],
    )?;
    let web_port: u16 = flag_value(args, "--port", 8080)?;
    let sim_port: u16 = flag_value(args, "--sim-port", 0)?;
    let players: u32 = flag_value(args, "--players", 5)?;
    let count: u16 = flag_value(args, "--servers", 1)?;
    if count == 0 {
        return Err("--servers must be at least 1".into());
    }
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
    let mut sim_cmd = sim_command(
        &root,
        sim_port,
        &secret,
        &origins,
        players,
        protocol.as_deref(),
        count,
    );
    sim_cmd.stdin(Stdio::null()).stdout(Stdio::piped());
    println!("== starting msmp-sim (origins {origins}, state target/dev/sim-state.json)");
    let mut sim = sim_cmd
        .spawn()
        .map_err(|e| format!("cannot start target/release/msmp-sim: {e}"))?;

    // Read the first lines (where each server listens) with a deadline, then forward the rest.
    let (tx, rx) = mpsc::channel();
    let stdout = sim.stdout.take().expect("piped");
    thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        for _ in 0..count {
            tx.send(lines.next().and_then(|l| l.ok())).ok();
        }
        for line in lines.map_while(|l| l.ok()) {
            println!("[sim] {line}");
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut servers = Vec::new();
    while servers.len() < usize::from(count) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx
            .recv_timeout(left)
            .ok()
            .flatten()
            .as_deref()
            .and_then(parse_listening)
        {
            Some(server) => servers.push(server),
            None => {
                terminate(&mut [("msmp-sim", &mut sim)]);
                return Err(format!(
                    "msmp-sim did not print `listening on ws://HOST:PORT` for {count} servers within 30 s"
                ));
            }
        }
    }
    println!("== msmp-sim listening on {}", servers.join(", "));

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

    let url = panel_url(web_port, &servers, &secret);
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
        let url = panel_url(8080, &["ws://127.0.0.1:25585".into()], "abc123");
        assert_eq!(
            url,
            "http://127.0.0.1:8080/#server=ws%3A%2F%2F127.0.0.1%3A25585&secret=abc123"
        );
        assert!(!url.contains('?'));
        let two = panel_url(8080, &["ws://a:1".into(), "ws://b:2".into()], "k");
        assert_eq!(
            two,
            "http://127.0.0.1:8080/#server=ws%3A%2F%2Fa%3A1&secret=k&name=Server%201\
             &server=ws%3A%2F%2Fb%3A2&secret=k&name=Server%202"
        );
        assert_eq!(percent_encode("a b&c=d#é"), "a%20b%26c%3Dd%23%C3%A9");
    }

    #[test]
    fn the_secret_reaches_the_simulator_by_its_environment_only() {
        let secret = random_secret().unwrap();
        let c = sim_command(
            Path::new("/w"),
            0,
            &secret,
            "http://127.0.0.1:8080",
            5,
            Some("3.1.0"),
            3,
        );
        let args: Vec<String> = c
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert!(!args.iter().any(|a| a.contains(&secret)), "{args:?}");
        assert!(!args.iter().any(|a| a.starts_with("--secret")), "{args:?}");
        assert!(args.windows(2).any(|w| w == ["--protocol", "3.1.0"]));
        assert!(args.windows(2).any(|w| w == ["--count", "3"]));
        let env: Vec<_> = c.get_envs().filter(|(k, _)| *k == SECRET_ENV).collect();
        assert_eq!(env.len(), 1);
        assert_eq!(env[0].1.and_then(|v| v.to_str()), Some(secret.as_str()));
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
}
