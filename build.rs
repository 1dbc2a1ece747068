//! Release builds ask the linker to place the functions a typical run
//! executes side by side, in the order of `link/hot-functions.txt` (made by
//! `bench/hot_functions.py`). The kernel maps a binary's code in 64 KiB
//! steps around each page a run touches, so ~1 MB of executed code spread
//! over 6 MB of `.text` kept ~4 MB of the binary resident; packed together it
//! keeps about what it runs, which is most of a small program's peak memory.
//! Names missing from the list (code changed since it was made) only lose
//! their place; the build never depends on the list being current.

fn main() {
    const LIST: &str = "link/hot-functions.txt";
    println!("cargo::rerun-if-changed={LIST}");
    println!("cargo::rerun-if-changed=build.rs");
    // The wrapper that adds the executable's codegen flags (see it).
    println!("cargo::rerun-if-changed=link/rustc-wrapper");
    println!("cargo::rerun-if-env-changed=MLPY_NO_FUNCTION_ORDER");
    println!("cargo::rerun-if-env-changed=MLPY_PIE");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    // The option is the LLVM linker's, which Rust uses by default on this
    // target; other targets build without it, and so does a build with
    // MLPY_NO_FUNCTION_ORDER set (for another linker).
    let lld_target = std::env::var("TARGET").is_ok_and(|t| t == "x86_64-unknown-linux-gnu");
    let opted_out = std::env::var_os("MLPY_NO_FUNCTION_ORDER").is_some();
    if !release || !lld_target || opted_out {
        return;
    }
    let Ok(dir) = std::env::var("CARGO_MANIFEST_DIR") else {
        return;
    };
    let list = std::path::Path::new(&dir).join(LIST);
    if list.is_file() {
        println!(
            "cargo::rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            list.display()
        );
        println!("cargo::rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
    // Relative relocations packed as bitmaps (DT_RELR) instead of one
    // 24-byte record each: the table shrinks from ~330 KB to a few KB, and
    // the loader reads and applies far less at start-up.
    println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    println!("cargo::rustc-link-arg-bins=-Wl,-z,separate-code");
}
