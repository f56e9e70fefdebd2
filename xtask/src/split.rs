//! The release bundle in pieces: pages marked in `src/ui/lazy.rs` leave the start module
//! for chunks the browser fetches on their first visit (`wasm_split_cli_support`, run by the
//! `xtask-split` tool, on the wasm cargo linked with `--emit-relocs`). Trunk cannot split
//! (trunk-rs/trunk#1022), so it builds as usual and this then replaces the module it wrote.
//!
//! Names: Trunk's `msmp-panel-HASH.js` / `_bg.wasm` stay; the loader the start module
//! imports is `msmp-panel-HASH-split.js` and each chunk `msmp-panel-HASH-<chunk>.wasm`, so a
//! new build never meets a stale chunk from a cache.

use super::*;

/// What `cargo build` (run by trunk with `CARGO_TARGET_DIR=target/release-size`) linked.
fn linked_wasm() -> PathBuf {
    root().join("target/release-size/wasm32-unknown-unknown/release/msmp-panel.wasm")
}

/// Files of a split bundle that are fetched on demand, not at start.
pub(crate) fn is_chunk(name: &str) -> bool {
    name.starts_with("msmp-panel-") && (name.contains("-split_") || name.contains("-chunk_"))
}

/// Trunk's name stem for the app, `msmp-panel-HASH`, from its JS loader in `dist`.
fn stem(dist: &Path) -> Result<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        let name = name.to_string_lossy();
        if let Some(stem) = name.strip_suffix(".js") {
            if stem.starts_with("msmp-panel-") && !stem.ends_with("-split") {
                found.push(stem.to_string());
            }
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!(
            "expected one msmp-panel-*.js in {}, found {found:?}",
            dist.display()
        )),
    }
}

/// Splits the linked module and puts the pieces in `dist` in place of Trunk's: the start
/// module through wasm-bindgen (keeping the exports the chunks link against), then every
/// module through the same wasm-opt pass Trunk runs (index.html's `data-wasm-opt-params`).
pub(crate) fn apply(dist: &Path) -> Result<()> {
    let stem = stem(dist)?;
    let work = root().join("target/split");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let link = format!("{stem}-split.js");
    let mut split = cargo();
    split
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "xtask-split",
            "--",
        ])
        .arg(linked_wasm())
        .arg(&work)
        .arg(format!("./{stem}.js"))
        .arg(format!("./{link}"));
    run_quiet(split)?;
    let mut bindgen = cmd("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--keep-lld-exports", "--no-typescript"])
        .arg("--out-dir")
        .arg(dist)
        .args(["--out-name", &stem])
        .arg(work.join("main.wasm"));
    run_quiet(bindgen)?;
    let mut loader = read(&work.join(&link))?;
    let mut modules = vec![dist.join(format!("{stem}_bg.wasm"))];
    for entry in fs::read_dir(&work).map_err(|e| e.to_string())? {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        let name = name.to_string_lossy().into_owned();
        if !name.ends_with(".wasm") || name == "main.wasm" {
            continue;
        }
        let quoted = format!("\"./{name}\"");
        if !loader.contains(&quoted) {
            return Err(format!("{link} does not load {name}"));
        }
        let renamed = format!("{stem}-{name}");
        loader = loader.replace(&quoted, &format!("\"./{renamed}\""));
        fs::copy(work.join(&name), dist.join(&renamed)).map_err(|e| e.to_string())?;
        modules.push(dist.join(renamed));
    }
    fs::write(dist.join(&link), loader).map_err(|e| e.to_string())?;
    let params = opt_params()?;
    for module in modules {
        let mut opt = cmd("wasm-opt");
        opt.arg("-Oz").arg(&module).args(params.split_whitespace());
        opt.arg("-o").arg(&module);
        run_quiet(opt)?;
    }
    Ok(())
}

/// index.html's `data-wasm-opt-params`: one place says how every build is optimized.
fn opt_params() -> Result<String> {
    let html = read(&root().join("index.html"))?;
    let (_, rest) = html
        .split_once("data-wasm-opt-params=\"")
        .ok_or("index.html has no data-wasm-opt-params")?;
    Ok(rest.split('"').next().unwrap_or_default().to_string())
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}
