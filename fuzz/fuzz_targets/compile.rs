//! Lexer, parser and compiler on arbitrary text, plus what the REPL does
//! with a line before running it: decide whether it is complete, and draw
//! any diagnostic against the source (caret lines over multi-byte text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mlpy::lang::compiler::compile;
use mlpy::lang::diagnostics::SourceFile;
use mlpy::lang::parser::parse;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = mlpy::repl::classify(&text);
    let file = SourceFile::new("<fuzz>", text.as_ref());
    let diagnostic = match parse(&file.text) {
        Ok(program) => match compile(&program, file.clone(), &[], true) {
            Ok(_) => return,
            Err(d) => d,
        },
        Err(d) => d,
    };
    let _ = diagnostic.render(&file);
});
