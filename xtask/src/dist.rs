//! `cargo xtask dist`: the release bundle for static hosting, as small as Rust can make it.
//!
//! Stable Rust links a precompiled std built for speed, with panic formatting and
//! location strings. A pinned nightly rebuilds std for size (`-Zbuild-std`) and aborts on
//! panic without formatting anything (`-Cpanic=immediate-abort`): about 10% less gzip,
//! measured side by side. Plain `trunk build --release` on stable still works, just larger.

use super::*;

/// Pinned so a release is reproducible; bump it deliberately: `cargo xtask test` builds
/// the bundle its end-to-end tests run against with it.
pub(crate) const SIZE_TOOLCHAIN: &str = "nightly-2026-10-30";

/// Flags for the wasm32 target of the size build. `--cfg erase_components` repeats
/// `.cargo/config.toml`'s, so the build has it whether cargo joins the two or prefers this.
/// `msmp_split` turns on the chunks of `src/ui/lazy.rs`; the split tool needs the link's
/// relocations (`--emit-relocs`) to cut the module apart (`split.rs`).
const SIZE_RUSTFLAGS: &str = "--cfg erase_components -Zunstable-options -Cpanic=immediate-abort \
     --cfg msmp_split -Clink-args=--emit-relocs";

fn sysroot() -> Option<PathBuf> {
    // A probe: without this, rustup may install the toolchain (whole) just to answer.
    let out = cmd("rustc")
        .args([&format!("+{SIZE_TOOLCHAIN}"), "--print", "sysroot"])
        .env("RUSTUP_AUTO_INSTALL", "0")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
}

/// Installs the pinned nightly with std's sources, and fetches std's own dependencies so
/// the offline build (trunk passes `--offline` to cargo) finds them.
pub(crate) fn setup_toolchain() -> Result<()> {
    let ready = |s: &Path| {
        s.join("lib/rustlib/src/rust/library/Cargo.lock").exists()
            && s.join("lib/rustlib").join(WASM_TARGET).is_dir()
    };
    if !sysroot().is_some_and(|s| ready(&s)) {
        if output_line("rustup", &["--version"]).is_none() {
            return Err(format!(
                "the release build needs rustup to install {SIZE_TOOLCHAIN} (rust-src); \
                 without it, `trunk build --release` builds a larger bundle on stable"
            ));
        }
        let mut c = cmd("rustup");
        c.args([
            "toolchain",
            "install",
            SIZE_TOOLCHAIN,
            "--profile",
            "minimal",
        ])
        .args(["--component", "rust-src", "--target", WASM_TARGET]);
        run(c)?;
    }
    let sysroot = sysroot().ok_or(format!("{SIZE_TOOLCHAIN} does not run after installing"))?;
    // Through rustup: `cargo xtask` hands us stable's own cargo, which knows no `+toolchain`.
    let mut fetch = cmd("rustup");
    fetch
        .args(["run", SIZE_TOOLCHAIN, "cargo", "fetch"])
        .arg("--manifest-path")
        .arg(sysroot.join("lib/rustlib/src/rust/library/Cargo.toml"))
        .stdout(Stdio::null());
    run_quiet(fetch)?;
    setup::ok(&format!("{SIZE_TOOLCHAIN} with rust-src (release build)"));
    Ok(())
}

/// `trunk build --release` into `out` with the size toolchain, its module split into a
/// start module and chunks (`split.rs`), then its JS and stylesheet minified (`xtask/minify.mjs`) and its Content-Security-Policy added
/// (`xtask/csp.mjs`). Its own target directory keeps the stable debug builds
/// (tests, `trunk serve`) from being rebuilt after it.
pub(crate) fn build(public_url: Option<&str>, out: &Path) -> Result<()> {
    setup_toolchain()?;
    let mut c = cmd("trunk");
    c.args(["build", "--release", "--dist"]).arg(out);
    if let Some(url) = public_url {
        c.args(["--public-url", url]);
    }
    c.env("RUSTUP_TOOLCHAIN", SIZE_TOOLCHAIN)
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        // std's smaller variants of sorting and formatting: -2.2 KB gzip.
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            SIZE_RUSTFLAGS,
        )
        .env("CARGO_TARGET_DIR", root().join("target/release-size"));
    run(c)?;
    split::apply(out)?;
    let mut minify = cmd("node");
    minify.arg(root().join("xtask/minify.mjs")).arg(out);
    run_quiet(minify)?;
    // Last: the policy hashes the inline bootstrap script as finally written.
    let mut csp = cmd("node");
    csp.arg(root().join("xtask/csp.mjs")).arg(out);
    run(csp)
}

/// Where the test stage builds the bundle for hosting under `/admin/` (e2e `embed.test.mjs`).
pub(crate) const SUBPATH_DIST: &str = "target/admin-dist";

/// `trunk build --release` on plain stable Rust into `target/stable-dist/`: the build a
/// user without the nightly makes, so the size pipeline is never the only one that works.
pub(crate) fn stable_build() -> Result<PathBuf> {
    let out = root().join("target/stable-dist");
    let mut c = cmd("trunk");
    c.args(["build", "--release", "--dist"]).arg(&out);
    run(c)?;
    Ok(out)
}

/// `cargo xtask dist [--public-url /sub/path/]`
pub(crate) fn dist(args: &[String]) -> Result<()> {
    check_flags(args, &["--public-url"])?;
    let url: String = flag_value(args, "--public-url", String::new())?;
    setup::build_tools()?;
    build(
        (!url.is_empty()).then_some(url.as_str()),
        &root().join("dist"),
    )?;
    report(&root().join("dist")).map(|_| ())
}

/// The bundle's assets: what a browser downloads besides index.html.
fn assets(dist: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ["wasm", "js", "css"].contains(&ext) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Writes `<asset>.gz` (Zopfli, still gzip) and `<asset>.br` (brotli 11) beside each
/// asset: see `xtask/precompress.mjs`.
fn precompress(dist: &Path) -> Result<()> {
    let mut node = cmd("node");
    node.arg(root().join("xtask/precompress.mjs"))
        .args(assets(dist)?);
    run_quiet(node)
}

fn size(path: &Path) -> Result<u64> {
    fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// What everything loaded at start (wasm + js + css) may weigh as shipped gzip, in KiB:
/// `cargo xtask dist` (and the test stage `dist`) fails above it. Chunks fetched when a page
/// is first opened (`split.rs`) are listed and summed apart.
pub(crate) const BUDGET_GZIP_KIB: f64 = 200.0;

/// Precompresses the bundle, prints its sizes (raw, gzip, brotli) and returns a
/// one-line summary; an error when the gzip total at start is over [`BUDGET_GZIP_KIB`].
pub(crate) fn report(dist: &Path) -> Result<String> {
    if !dist.join("index.html").exists() {
        return Err("dist/index.html missing".into());
    }
    precompress(dist)?;
    let kb = |n: u64| n as f64 / 1024.0;
    let line = |name: &str, s: [u64; 3]| {
        println!(
            "    {name:<52} {:>7.1} KB raw {:>7.1} KB gzip {:>7.1} KB brotli",
            kb(s[0]),
            kb(s[1]),
            kb(s[2])
        )
    };
    println!("  release bundle (dist/; .gz and .br beside each asset):");
    // [start, on demand] x [raw, gzip, brotli]
    let mut totals = [[0u64; 3]; 2];
    let mut parts = Vec::new();
    let mut chunks = 0;
    for path in assets(dist)? {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let with = |ext: &str| PathBuf::from(format!("{}.{ext}", path.display()));
        let sizes = [size(&path)?, size(&with("gz"))?, size(&with("br"))?];
        let later = split::is_chunk(&name);
        line(
            &format!("{name}{}", if later { " (on demand)" } else { "" }),
            sizes,
        );
        for (t, s) in totals[later as usize].iter_mut().zip(sizes) {
            *t += s;
        }
        if later {
            chunks += 1;
            continue;
        }
        let ext = path.extension().unwrap_or_default().to_string_lossy();
        parts.push(format!(
            "{ext} {:.0}/{:.0}/{:.0}",
            kb(sizes[0]),
            kb(sizes[1]),
            kb(sizes[2])
        ));
    }
    line("loaded at start", totals[0]);
    line(&format!("{chunks} chunks loaded on demand"), totals[1]);
    if !parts.iter().any(|p| p.starts_with("wasm")) {
        return Err("no .wasm in dist/".into());
    }
    let gzip = kb(totals[0][1]);
    println!("    budget: {gzip:.1} of {BUDGET_GZIP_KIB:.0} KiB gzip at start");
    if gzip > BUDGET_GZIP_KIB {
        return Err(format!(
            "the bundle loaded at start is {gzip:.1} KiB gzip, over its budget of {BUDGET_GZIP_KIB:.0} KiB"
        ));
    }
    Ok(format!(
        "KB raw/gzip/brotli at start: {}; total {:.0}/{:.0}/{:.0}; {chunks} chunks {:.0}/{:.0}/{:.0}",
        parts.join(", "),
        kb(totals[0][0]),
        kb(totals[0][1]),
        kb(totals[0][2]),
        kb(totals[1][0]),
        kb(totals[1][1]),
        kb(totals[1][2])
    ))
}
