//! The REPL's dot-command parser, and the usage message it prints when a
//! line is refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mlpy::repl::commands::{is_command, parse_command};

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    let _ = is_command(&line);
    if let Err(usage) = parse_command(&line) {
        let _ = usage.render();
    }
});
