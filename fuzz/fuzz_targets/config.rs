//! The `mlpy.json` reader on arbitrary text (JSON with comments and
//! trailing commas, then every key's type and value checks).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let root = Path::new("/nonexistent-mlpy-fuzz-root");
    if let Ok(config) = mlpy::config::read_file_text(text, &root.join("mlpy.json"), root) {
        let _ = config.describe();
    }
});
