//! `msmp-sim`: a faithful MSMP server simulator on a WebSocket.

use clap::Parser;
use msmp::catalog::ProtocolVersion;
use msmp_sim::auth::valid_secret;
use msmp_sim::server::{tls, Server, ServerConfig};
use msmp_sim::{Sim, SimConfig};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Exactly 40 characters of [A-Za-z0-9]; generated and printed when absent.
    #[arg(long)]
    secret: Option<String>,
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
    /// Keep lists, settings and game rules in this JSON file across restarts.
    #[arg(long)]
    state_file: Option<PathBuf>,
    /// Fake players online at start.
    #[arg(long, default_value_t = 0)]
    players: usize,
    /// Keep a light, seeded stream of joins, leaves, saves and rule changes going.
    #[arg(long)]
    activity: bool,
}

fn parse_protocol(s: &str) -> Result<ProtocolVersion, String> {
    ProtocolVersion::parse(s).ok_or_else(|| {
        let all: Vec<&str> = ProtocolVersion::ALL.iter().map(|v| v.as_str()).collect();
        format!("unknown protocol version {s:?}; one of {}", all.join(", "))
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("msmp-sim: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let (secret, generated) = match cli.secret {
        Some(s) if valid_secret(&s) => (s, false),
        Some(s) => {
            return Err(format!(
                "--secret must be exactly 40 characters of [A-Za-z0-9] (got {} characters{})",
                s.chars().count(),
                if s.chars().all(|c| c.is_ascii_alphanumeric()) {
                    ""
                } else {
                    ", some not alphanumeric"
                }
            ))
        }
        None => (tls::random_secret()?, true),
    };
    let (acceptor, self_signed_pem) = if cli.tls_self_signed {
        let (a, pem) = tls::self_signed()?;
        (Some(a), Some(pem))
    } else if let (Some(cert), Some(key)) = (&cli.tls_cert, &cli.tls_key) {
        (Some(tls::from_files(cert, key)?), None)
    } else {
        (None, None)
    };
    let stored = match &cli.state_file {
        Some(p) if p.exists() => Some(
            std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?,
        ),
        _ => None,
    };
    let config = SimConfig {
        protocol: cli.protocol,
        heartbeat_secs: cli.heartbeat,
        players: cli.players,
        activity: cli.activity,
        ..SimConfig::default()
    };
    let sim = Sim::new(&config, stored.as_deref(), 0).map_err(|e| {
        format!(
            "state file {}: {e}",
            cli.state_file
                .as_deref()
                .unwrap_or_else(|| "".as_ref())
                .display()
        )
    })?;
    let scheme = if acceptor.is_some() { "wss" } else { "ws" };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let server = Server::bind(
            ServerConfig {
                host: cli.host.clone(),
                port: cli.port,
                secret: secret.clone(),
                allowed_origins: cli.allowed_origins,
                tls: acceptor,
                state_file: cli.state_file,
            },
            sim,
        )
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", cli.host, cli.port))?;
        let addr = server.local_addr().map_err(|e| e.to_string())?;
        let host = if addr.is_ipv6() {
            format!("[{}]", addr.ip())
        } else {
            addr.ip().to_string()
        };
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {scheme}://{host}:{}", addr.port());
        if generated {
            // Printed once so the user can connect; never logged otherwise.
            let _ = writeln!(out, "secret: {secret}");
        }
        if let Some(pem) = self_signed_pem {
            let path = std::env::temp_dir().join(format!(
                "msmp-sim-{}-{}.pem",
                std::process::id(),
                addr.port()
            ));
            std::fs::write(&path, pem)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            let _ = writeln!(out, "certificate: {}", path.display());
        }
        let _ = out.flush();
        drop(out);
        eprintln!(
            "simulating protocol {} ({})",
            config.protocol,
            msmp_sim::world::game_version(config.protocol).name
        );
        let stop = server.stop_handle();
        tokio::spawn(async move {
            wait_for_signal().await;
            eprintln!("stopping");
            stop.stop();
        });
        server.run().await;
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
