//! `cargo xtask setup`: installs what is missing, checks versions, fast when all is there.
//! (The release build's nightly toolchain is set up by `dist`, only when it builds.)

use super::*;

/// The exact wasm-bindgen version Cargo.lock resolved (trunk insists the CLI matches it).
fn locked_version(lock: &str, package: &str) -> Option<String> {
    let mut in_pkg = false;
    for line in lock.lines() {
        let line = line.trim();
        if line == "[[package]]" {
            in_pkg = false;
        } else if line == format!("name = \"{package}\"") {
            in_pkg = true;
        } else if in_pkg {
            if let Some(v) = line.strip_prefix("version = \"") {
                return Some(v.trim_end_matches('"').to_string());
            }
        }
    }
    None
}

/// `key = "value"` from Trunk.toml (a flat look-up is enough for our own file).
fn toml_value(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Everything: what building needs, plus Chromium for the tests.
pub(crate) fn setup() -> Result<()> {
    let start = Instant::now();
    println!("== setup");
    build_tools()?;
    // Debian's Chromium and ChromeDriver, same major version.
    chromium_setup()?;
    cjk_font_setup()?;
    println!("== setup done in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}

/// What building the panel needs (`cargo xtask dist` on a machine without a browser).
pub(crate) fn build_tools() -> Result<()> {
    let root = root();

    // 1. The wasm32 target for the active toolchain.
    let sysroot = output_line("rustc", &["--print", "sysroot"]).ok_or("rustc not found")?;
    let target_lib = Path::new(&sysroot).join("lib/rustlib").join(WASM_TARGET);
    if target_lib.is_dir() {
        ok(&format!("rust target {WASM_TARGET}"));
    } else if output_line("rustup", &["--version"]).is_some() {
        run({
            let mut c = cmd("rustup");
            c.args(["target", "add", WASM_TARGET]);
            c
        })?;
    } else {
        return Err(format!(
            "the Rust target {WASM_TARGET} is missing and rustup is not available: \
             install it with `rustup target add {WASM_TARGET}`"
        ));
    }

    // 2. trunk, exact version (0.22 needs a newer rustc than this machine's).
    let want = format!("trunk {TRUNK_VERSION}");
    if output_line("trunk", &["--version"]).as_deref() == Some(want.as_str()) {
        ok(&want);
    } else {
        run({
            let mut c = cargo();
            c.args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]);
            c
        })?;
        check_version("trunk", &want)?;
    }

    // 3. wasm-bindgen-cli matching Cargo.lock (installed without --locked: its own
    //    lockfile wants a crate version the registry does not serve).
    let lock =
        fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let wb = locked_version(&lock, "wasm-bindgen").ok_or("wasm-bindgen is not in Cargo.lock")?;
    let trunk_toml = fs::read_to_string(root.join("Trunk.toml")).unwrap_or_default();
    if let Some(t) = toml_value(&trunk_toml, "wasm_bindgen") {
        if t != wb {
            return Err(format!(
                "Trunk.toml pins wasm_bindgen = \"{t}\" but Cargo.lock has wasm-bindgen {wb}: make them equal"
            ));
        }
    }
    let want_wb = format!("wasm-bindgen {wb}");
    let want_runner = format!("wasm-bindgen-test-runner {wb}");
    if output_line("wasm-bindgen", &["--version"]).as_deref() == Some(want_wb.as_str())
        && output_line("wasm-bindgen-test-runner", &["--version"]).as_deref()
            == Some(want_runner.as_str())
    {
        ok(&want_wb);
    } else {
        run({
            let mut c = cargo();
            c.args(["install", "wasm-bindgen-cli", "--version", &wb]);
            c
        })?;
        check_version("wasm-bindgen", &want_wb)?;
    }

    // 4. npm packages from the committed lock (binaryen 132 for wasm-opt, playwright-core, ws,
    //    and terser, lightningcss, @gfx/zopfli for the release bundle).
    npm_setup(&root)?;

    // 5. Crates for offline builds (trunk passes --offline to cargo).
    let mut fetch = cargo();
    fetch.args(["fetch", "--locked"]).stdout(Stdio::null());
    run_quiet(fetch)?;
    ok("crates fetched (cargo fetch --locked)");
    Ok(())
}

pub(crate) fn ok(what: &str) {
    println!("   ok  {what}");
}

fn check_version(program: &str, want: &str) -> Result<()> {
    match output_line(program, &["--version"]) {
        Some(v) if v == want => {
            ok(want);
            Ok(())
        }
        other => Err(format!(
            "after installing, `{program} --version` says {other:?}, expected `{want}` \
             (is {} first on PATH?)",
            cargo_bin_dir().display()
        )),
    }
}

fn npm_setup(root: &Path) -> Result<()> {
    let node = output_line("node", &["--version"]);
    let major: u32 = node
        .as_deref()
        .and_then(|v| v.trim_start_matches('v').split('.').next()?.parse().ok())
        .unwrap_or(0);
    if major < 18 || output_line("npm", &["--version"]).is_none() {
        return Err(format!(
            "Node.js 18+ and npm are needed (found node {node:?}): install them, e.g. \
             `apt-get install nodejs npm`"
        ));
    }
    let lock =
        fs::read(root.join("package-lock.json")).map_err(|e| format!("package-lock.json: {e}"))?;
    let stamp = root.join("node_modules/.xtask-package-lock.json");
    let binaryen_ok = fs::read_to_string(root.join("node_modules/binaryen/package.json"))
        .map(|p| p.contains(&format!("\"version\": \"{BINARYEN_MAJOR}.")))
        .unwrap_or(false);
    if binaryen_ok && fs::read(&stamp).ok().as_deref() == Some(&lock[..]) {
        ok(&format!(
            "npm packages (node {}, binaryen {BINARYEN_MAJOR})",
            node.unwrap_or_default()
        ));
        return Ok(());
    }
    run({
        let mut c = cmd("npm");
        c.args(["ci", "--no-audit", "--no-fund"]);
        c
    })?;
    let wasm_opt = output_line(
        root.join("node_modules/.bin/wasm-opt")
            .to_str()
            .unwrap_or("wasm-opt"),
        &["--version"],
    )
    .unwrap_or_default();
    if !wasm_opt.contains(&format!("version {BINARYEN_MAJOR}")) {
        return Err(format!(
            "node_modules/.bin/wasm-opt --version says `{wasm_opt}`, expected {BINARYEN_MAJOR}"
        ));
    }
    fs::write(&stamp, &lock).map_err(|e| format!("{}: {e}", stamp.display()))?;
    ok(&format!("npm packages installed ({wasm_opt})"));
    Ok(())
}

/// "Chromium 156.0.8078.73 built on Debian …" / "ChromeDriver 156.0.8078.73 (…)" → "156".
fn major_of(version_line: &str) -> Option<String> {
    version_line
        .split_whitespace()
        .nth(1)?
        .split('.')
        .next()
        .map(str::to_string)
}

fn chromium_versions() -> (Option<String>, Option<String>) {
    let browser = Path::new(CHROMIUM)
        .exists()
        .then(|| output_line(CHROMIUM, &["--version"]))
        .flatten();
    let driver = Path::new(CHROMEDRIVER)
        .exists()
        .then(|| output_line(CHROMEDRIVER, &["--version"]))
        .flatten();
    (browser, driver)
}

/// A font with Chinese glyphs, so the screenshots of the Chinese panel show text, not boxes
/// (the tests read the DOM and pass without it). WenQuanYi Micro Hei: 4 MB, the smallest.
fn cjk_font_setup() -> Result<()> {
    let has_font =
        || output_line("fc-list", &[":lang=zh", "family"]).is_some_and(|l| !l.is_empty());
    if has_font() {
        ok("a Chinese font");
        return Ok(());
    }
    if !(is_root() && have_apt()) {
        println!("   note: no Chinese font; screenshots of the Chinese panel show boxes (install fonts-wqy-microhei)");
        return Ok(());
    }
    let install = || {
        let mut c = cmd("apt-get");
        c.args([
            "install",
            "-y",
            "--no-install-recommends",
            "fonts-wqy-microhei",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive");
        run(c)
    };
    // Package lists may be missing or stale on a machine that already had Chromium.
    if install().is_err() {
        let mut update = cmd("apt-get");
        update.arg("update");
        let _ = run(update).and_then(|()| install());
    }
    // Not worth failing the set-up for: only screenshots need it.
    if has_font() {
        ok("a Chinese font (fonts-wqy-microhei)");
    } else {
        println!(
            "   note: fonts-wqy-microhei could not be installed; Chinese screenshots show boxes"
        );
    }
    Ok(())
}

fn chromium_setup() -> Result<()> {
    let matched = |(b, d): &(Option<String>, Option<String>)| match (b, d) {
        (Some(b), Some(d)) => major_of(b).is_some() && major_of(b) == major_of(d),
        _ => false,
    };
    let found = chromium_versions();
    if matched(&found) {
        ok(found.0.as_deref().unwrap_or_default());
        return Ok(());
    }
    let why = format!("found browser {:?}, driver {:?}", found.0, found.1);
    if !(is_root() && have_apt()) {
        return Err(format!(
            "Chromium and a ChromeDriver of the same version are needed at {CHROMIUM} and \
             {CHROMEDRIVER} ({why}). Install them as root: \
             `apt-get update && apt-get install -y chromium chromium-driver`"
        ));
    }
    let mut update = cmd("apt-get");
    update.arg("update");
    run(update)?;
    let mut install = cmd("apt-get");
    install
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive");
    run(install)?;
    let found = chromium_versions();
    if !matched(&found) {
        return Err(format!(
            "after apt-get install: browser {:?}, driver {:?}: versions must match",
            found.0, found.1
        ));
    }
    ok(found.0.as_deref().unwrap_or_default());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_locked_versions_and_trunk_pins() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-test\"\nversion = \"0.3.80\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(lock, "wasm-bindgen-test").as_deref(),
            Some("0.3.80")
        );
        assert_eq!(locked_version(lock, "leptos"), None);
        let toml = "[tools]\nwasm_bindgen = \"0.2.130\"\nwasm_opt = \"version_132\"\n";
        assert_eq!(toml_value(toml, "wasm_bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(
            major_of("Chromium 156.0.8078.73 built on Debian").as_deref(),
            Some("156")
        );
        assert_eq!(
            major_of("ChromeDriver 156.0.8078.73 (abc)").as_deref(),
            Some("156")
        );
    }
}
