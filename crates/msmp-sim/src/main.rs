//! `msmp-sim`: a faithful MSMP server simulator on a WebSocket.

use clap::Parser;
use msmp::catalog::ProtocolVersion;
use msmp_sim::auth::valid_secret;
use msmp_sim::server::{self, tls, Limits, Server, ServerConfig};
use msmp_sim::variant::Variant;
use msmp_sim::{Sim, SimConfig};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// The environment variable the secret may come from (`cargo xtask dev` uses it).
const SECRET_ENV: &str = "MSMP_SIM_SECRET";

#[derive(Parser, Debug)]
#[command(
    name = "msmp-sim",
    version,
    about = "A faithful Minecraft Server Management Protocol server simulator"
)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 = any free port; the first stdout line says which).
    #[arg(long, default_value_t = 25585)]
    port: u16,
    /// Serve this many independent servers (own lists, players, settings and activity;
    /// the same secret and origins) on consecutive ports from --port, or on free ports
    /// with --port 0; one "listening on" line each, in order.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    count: u16,
    /// Exactly 40 characters of [A-Za-z0-9]. Visible to every local user (ps): prefer
    /// --secret-file or the MSMP_SIM_SECRET environment variable. Generated and printed
    /// when none of the three is given.
    #[arg(long)]
    secret: Option<String>,
    /// Read the secret from this file (surrounding whitespace ignored).
    #[arg(long, value_name = "FILE", conflicts_with = "secret")]
    secret_file: Option<PathBuf>,
    /// Comma-separated browser origins allowed to connect (exact match, no trimming).
    #[arg(long, default_value = "")]
    allowed_origins: String,
    /// Protocol version to simulate.
    #[arg(long, default_value = "3.0.0", value_parser = parse_protocol)]
    protocol: ProtocolVersion,
    /// status-heartbeat-interval in seconds (0 = off, the default).
    #[arg(long, value_name = "SECONDS")]
    heartbeat: Option<u64>,
    /// TLS certificate chain (PEM).
    #[arg(long, requires = "tls_key", conflicts_with = "tls_self_signed")]
    tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Generate a self-signed certificate for localhost/127.0.0.1 (its PEM path is printed).
    #[arg(long)]
    tls_self_signed: bool,
    /// Keep lists, settings and game rules in this JSON file across restarts (with
    /// --count N, one file per server: FILE-1, FILE-2, ... before its extension).
    #[arg(long)]
    state_file: Option<PathBuf>,
    /// Fake players online at start.
    #[arg(long, default_value_t = 0)]
    players: usize,
    /// Keep a light, seeded stream of joins, leaves, saves and rule changes going.
    #[arg(long)]
    activity: bool,
    /// Open connections at most, handshakes in progress included. When all are taken, a
    /// new connection replaces the oldest still in its handshake, else it is refused (503).
    #[arg(long, value_name = "N", default_value_t = server::DEFAULT_MAX_CONNECTIONS as u32,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: u32,
    /// Behave like a server without these methods or notifications (comma-separated names,
    /// `minecraft:` optional), as a bridge that implements a subset does: gone from
    /// rpc.discover and answered "Method not found".
    #[arg(long, value_name = "METHODS", value_delimiter = ',')]
    omit: Vec<String>,
    /// The protocol version rpc.discover reports (behaviour stays --protocol's), e.g. a
    /// version newer than any a client knows.
    #[arg(long, value_name = "VERSION")]
    report_version: Option<String>,
    /// Offer an extra namespace, as a mod would: the method console:log/recent and the
    /// notification console:notification/line.
    #[arg(long)]
    console_namespace: bool,
    /// Seconds a new connection has to finish its TLS and WebSocket handshakes.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_seconds)]
    handshake_timeout: Duration,
}

/// Seconds, fractions allowed (tests use short timeouts), from a millisecond to a day.
fn parse_seconds(s: &str) -> Result<Duration, String> {
    s.parse::<f64>()
        .ok()
        .filter(|v| (0.001..=86_400.0).contains(v))
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("expected seconds between 0.001 and 86400, got {s:?}"))
}

/// Server `i`'s state file: FILE itself for a single server, else FILE-1, FILE-2, ...
/// (numbered from 1, before the extension).
fn state_file_of(file: Option<&Path>, i: usize, count: usize) -> Option<PathBuf> {
    let file = file?;
    if count == 1 {
        return Some(file.to_path_buf());
    }
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let name = match file.extension() {
        Some(ext) => format!("{stem}-{}.{}", i + 1, ext.to_string_lossy()),
        None => format!("{stem}-{}", i + 1),
    };
    Some(file.with_file_name(name))
}

fn parse_protocol(s: &str) -> Result<ProtocolVersion, String> {
    ProtocolVersion::parse(s).ok_or_else(|| {
        let all: Vec<&str> = ProtocolVersion::ALL.iter().map(|v| v.as_str()).collect();
        format!("unknown protocol version {s:?}; one of {}", all.join(", "))
    })
}

fn main() -> ExitCode {
    // Taken out of the environment at once (still single-threaded), so nothing this
    // process might start inherits it.
    let env_secret = std::env::var_os(SECRET_ENV);
    std::env::remove_var(SECRET_ENV);
    let cli = Cli::parse();
    match run(cli, env_secret) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("msmp-sim: {e}");
            ExitCode::from(2)
        }
    }
}

/// The secret and whether it was generated: `--secret`, `--secret-file`, the environment
/// variable, else a new one. Errors never show it.
fn resolve_secret(
    cli: &Cli,
    env_secret: Option<std::ffi::OsString>,
) -> Result<(String, bool), String> {
    let (given, from) = if let Some(s) = &cli.secret {
        (s.clone(), "--secret".to_string())
    } else if let Some(path) = &cli.secret_file {
        (
            read_secret_file(path)?,
            format!("the secret in {}", path.display()),
        )
    } else if let Some(v) = env_secret {
        let s = v
            .into_string()
            .map_err(|_| format!("{SECRET_ENV} is not valid UTF-8"))?;
        (s, SECRET_ENV.to_string())
    } else {
        return Ok((tls::random_secret()?, true));
    };
    if valid_secret(&given) {
        return Ok((given, false));
    }
    Err(format!(
        "{from} must be exactly 40 characters of [A-Za-z0-9] (got {} characters{})",
        given.chars().count(),
        if given.chars().all(|c| c.is_ascii_alphanumeric()) {
            ""
        } else {
            ", some not alphanumeric"
        }
    ))
}

fn read_secret_file(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read secret file {}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode();
            if mode & 0o077 != 0 {
                eprintln!(
                    "warning: secret file {} is readable by other users (mode {:o}); chmod 600 it",
                    path.display(),
                    mode & 0o777
                );
            }
        }
    }
    Ok(text.trim().to_string())
}

fn run(cli: Cli, env_secret: Option<std::ffi::OsString>) -> Result<(), String> {
    let (secret, generated) = resolve_secret(&cli, env_secret)?;
    let (acceptor, self_signed_pem) = if cli.tls_self_signed {
        let (a, pem) = tls::self_signed()?;
        (Some(a), Some(pem))
    } else if let (Some(cert), Some(key)) = (&cli.tls_cert, &cli.tls_key) {
        (Some(tls::from_files(cert, key)?), None)
    } else {
        (None, None)
    };
    let config = SimConfig {
        protocol: cli.protocol,
        heartbeat_secs: cli.heartbeat,
        players: cli.players,
        activity: cli.activity,
        variant: Variant {
            omit: cli.omit.clone(),
            report_version: cli.report_version.clone(),
            console: cli.console_namespace,
        },
        ..SimConfig::default()
    };
    let count = usize::from(cli.count);
    let mut sims = Vec::with_capacity(count);
    for i in 0..count {
        let file = state_file_of(cli.state_file.as_deref(), i, count);
        let stored = match &file {
            Some(p) if p.exists() => Some(
                std::fs::read_to_string(p)
                    .map_err(|e| format!("cannot read {}: {e}", p.display()))?,
            ),
            _ => None,
        };
        // Each server its own seed: its own fake players online and its own activity.
        let own = SimConfig {
            seed: config.seed.wrapping_add(i as u64),
            first_player: i * config.players,
            ..config.clone()
        };
        let sim = Sim::new(&own, stored.as_deref(), 0).map_err(|e| {
            let shown = file.as_deref().unwrap_or_else(|| "".as_ref()).display();
            format!("state file {shown}: {e}")
        })?;
        sims.push((sim, file));
    }
    let encrypted = acceptor.is_some();
    let scheme = if encrypted { "wss" } else { "ws" };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let mut servers = Vec::with_capacity(count);
        for (i, (sim, state_file)) in sims.into_iter().enumerate() {
            // Consecutive ports from --port, or each a free one with --port 0.
            let port = match cli.port {
                0 => 0,
                p => u16::try_from(usize::from(p) + i)
                    .map_err(|_| format!("--port {p} --count {count} runs past port 65535"))?,
            };
            let server = Server::bind(
                ServerConfig {
                    host: cli.host.clone(),
                    port,
                    secret: secret.clone(),
                    allowed_origins: cli.allowed_origins.clone(),
                    tls: acceptor.clone(),
                    state_file,
                    limits: Limits {
                        max_connections: cli.max_connections as usize,
                        handshake_timeout: cli.handshake_timeout,
                        ..Limits::default()
                    },
                },
                sim,
            )
            .await
            .map_err(|e| format!("cannot listen on {}:{port}: {e}", cli.host))?;
            servers.push(server);
        }
        let mut out = std::io::stdout().lock();
        let mut first_port = 0;
        for server in &servers {
            let addr = server.local_addr().map_err(|e| e.to_string())?;
            if !encrypted && !addr.ip().is_loopback() && first_port == 0 {
                eprintln!(
                    "warning: listening on {} without TLS: clients send the secret, and \
                     everything else, across the network in clear text. Use \
                     --tls-cert/--tls-key, or --host 127.0.0.1.",
                    addr.ip()
                );
            }
            if first_port == 0 {
                first_port = addr.port();
            }
            let host = if addr.is_ipv6() {
                format!("[{}]", addr.ip())
            } else {
                addr.ip().to_string()
            };
            let _ = writeln!(out, "listening on {scheme}://{host}:{}", addr.port());
        }
        if generated {
            // Printed once so the user can connect; never logged otherwise.
            let _ = writeln!(out, "secret: {secret}");
        }
        if let Some(pem) = self_signed_pem {
            let path = std::env::temp_dir()
                .join(format!("msmp-sim-{}-{first_port}.pem", std::process::id(),));
            std::fs::write(&path, pem)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            let _ = writeln!(out, "certificate: {}", path.display());
        }
        let _ = out.flush();
        drop(out);
        eprintln!(
            "simulating protocol {} ({}){}",
            config.protocol,
            msmp_sim::world::game_version(config.protocol).name,
            if count > 1 {
                format!(", {count} servers")
            } else {
                String::new()
            }
        );
        let stops: Vec<_> = servers.iter().map(Server::stop_handle).collect();
        tokio::spawn(async move {
            wait_for_signal().await;
            eprintln!("stopping");
            for stop in stops {
                stop.stop();
            }
        });
        let running: Vec<_> = servers
            .into_iter()
            .map(|server| tokio::spawn(server.run()))
            .collect();
        for r in running {
            let _ = r.await;
        }
        Ok::<(), String>(())
    })?;
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let Ok(mut term) = signal(SignalKind::terminate()) else {
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
