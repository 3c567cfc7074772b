//! Embeds every `locales/<lang>/*.ftl` file in the binary: one table, generated at build
//! time, so a community adds a language by adding a folder (no Rust to touch). `en-US`, the
//! source language, comes first; the others follow in name order, their files too.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut locales: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let folders = std::fs::read_dir(&root).expect("the locales/ folder");
    for folder in folders {
        let folder = folder.expect("a locales/ entry");
        if !folder.path().is_dir() {
            continue;
        }
        let code = folder.file_name().to_string_lossy().into_owned();
        let mut files: Vec<(String, String)> = std::fs::read_dir(folder.path())
            .expect("a locale folder")
            .filter_map(Result::ok)
            .map(|f| f.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .map(|p| {
                let name = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                (name, p.display().to_string())
            })
            .collect();
        files.sort();
        locales.push((code, files));
    }
    locales.sort_by(|a, b| (a.0 != "en-US", &a.0).cmp(&(b.0 != "en-US", &b.0)));
    assert!(
        locales.first().is_some_and(|l| l.0 == "en-US"),
        "locales/en-US (the source language) is missing"
    );
    let mut out = String::from(
        "/// Every locale folder: its code and its files (name, text), `en-US` first.\n\
         pub(super) static SOURCES: &[(&str, &[(&str, &str)])] = &[\n",
    );
    for (code, files) in &locales {
        let _ = writeln!(out, "    ({code:?}, &[");
        for (name, path) in files {
            let _ = writeln!(out, "        ({name:?}, include_str!({path:?})),");
        }
        out.push_str("    ]),\n");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("locales.rs");
    std::fs::write(dest, out).expect("write locales.rs");
}
