//! TLS for `wss://`: a PEM certificate and key from files, or a self-signed one for
//! localhost/127.0.0.1. rustls with the ring provider (no aws-lc-rs).

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;
use tokio_rustls::rustls::crypto::ring::default_provider;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

fn config(
    certs: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<TlsAcceptor, String> {
    let cfg = ServerConfig::builder_with_provider(Arc::new(default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup failed: {e}"))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| format!("TLS certificate/key rejected: {e}"))?;
    Ok(TlsAcceptor::from(Arc::new(cfg)))
}

/// From PEM files.
pub fn from_files(cert: &Path, key: &Path) -> Result<TlsAcceptor, String> {
    let open = |p: &Path| {
        File::open(p)
            .map(BufReader::new)
            .map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    let certs = rustls_pemfile::certs(&mut open(cert)?)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("bad certificate PEM in {}: {e}", cert.display()))?;
    if certs.is_empty() {
        return Err(format!("no certificate found in {}", cert.display()));
    }
    let key = rustls_pemfile::private_key(&mut open(key)?)
        .map_err(|e| format!("bad key PEM in {}: {e}", key.display()))?
        .ok_or_else(|| format!("no private key found in {}", key.display()))?;
    config(certs, key)
}

/// A fresh self-signed certificate for localhost and 127.0.0.1; returns its PEM too.
pub fn self_signed() -> Result<(TlsAcceptor, String), String> {
    let ck =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .map_err(|e| format!("cannot generate a certificate: {e}"))?;
    let pem = ck.cert.pem();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(ck.signing_key.serialize_der()));
    let acceptor = config(vec![ck.cert.der().clone()], key)?;
    Ok((acceptor, pem))
}

/// A new secret: 40 alphanumerics from the OS's secure random source.
pub fn random_secret() -> Result<String, String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(40);
    let rng = default_provider().secure_random;
    while out.len() < 40 {
        let mut buf = [0u8; 64];
        rng.fill(&mut buf)
            .map_err(|_| "no secure randomness available".to_string())?;
        // Reject bytes past the last full alphabet cycle so every character is equally likely.
        out.extend(
            buf.iter()
                .filter(|b| usize::from(**b) < 248)
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
                .take(40 - out.len()),
        );
    }
    Ok(out)
}
