//! `xtask-split IN.wasm OUT_DIR MAIN_JS LINK_JS`: runs `wasm_split_cli_support` on a wasm
//! built with `--emit-relocs`. Writes `OUT_DIR/main.wasm`, one `split_*.wasm` per
//! `#[wasm_split]` module, `chunk_*.wasm` for code several of them share, and `LINK_JS`, the
//! loader the start module imports (which imports `initSync` back from `MAIN_JS`; both paths
//! relative to the directory the files will be served from). Prints one path per chunk.

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, main_js, link_js] = args.as_slice() else {
        eprintln!("usage: xtask-split IN.wasm OUT_DIR MAIN_JS LINK_JS");
        std::process::exit(2);
    };
    let bytes = std::fs::read(input).unwrap_or_else(|e| fail(&format!("{input}: {e}")));
    let out_dir = PathBuf::from(out_dir);
    let main_out = out_dir.join("main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&bytes);
    options.output_dir = &out_dir;
    options.main_out_path = &main_out;
    options.main_module = main_js;
    options.link_name = link_js;
    match wasm_split_cli_support::transform(options) {
        Ok(split) => {
            for module in &split.split_modules {
                println!("{}", module.display());
            }
        }
        Err(e) => fail(&format!("{e:?}")),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("xtask-split: {message}");
    std::process::exit(1);
}
