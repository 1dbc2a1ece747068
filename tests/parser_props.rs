//! Property tests: the parser and compiler must return (a program or a
//! diagnostic) for any input, never panic. Inputs are random soups of ML tokens, which reach
//! far more parser states than random bytes, plus raw bytes and soups with
//! bytes mixed in for the lexer.

use mlpy::lang::compiler::compile;
use mlpy::lang::diagnostics::SourceFile;
use mlpy::lang::parser::parse;
use proptest::prelude::*;

/// Tokens and fragments the lexer and parser care about, including the
/// tricky ones (`//` after operands, unterminated strings, escapes, numbers
/// at the edge of i64, capability words).
const VOCABULARY: &[&str] = &[
    // keywords
    "function",
    "fn",
    "return",
    "if",
    "elif",
    "else",
    "while",
    "for",
    "in",
    "break",
    "continue",
    "try",
    "except",
    "finally",
    "throw",
    "import",
    "as",
    "nonlocal",
    "capability",
    "true",
    "false",
    "null",
    "undefined",
    // contextual words and names
    "resource",
    "allow",
    "read",
    "write",
    "x",
    "y",
    "_a1",
    "f",
    // literals
    "0",
    "42",
    "5.",
    ".5",
    "1e3",
    "1.5.5",
    "9223372036854775808",
    "'s'",
    "\"t\"",
    "'\\d+'",
    "'\\x41\\u00e9'",
    "'unterminated",
    "\"",
    "'\\",
    // operators and punctuation
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "&&",
    "||",
    "!",
    "?",
    ":",
    "=",
    "=>",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ";",
    ".",
    "+=",
    "===",
    "**",
    "++",
    // trivia and junk
    "\n",
    "// comment\n",
    "/*",
    "@",
    "&",
    "|",
    "é",
    "\u{feff}",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCABULARY), 0..80)
        .prop_map(|tokens| tokens.join(" "))
}

/// Tokens glued together without spaces, where adjacency changes the lexing.
fn glued_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCABULARY), 0..80)
        .prop_map(|tokens| tokens.concat())
}

fn random_bytes() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..200)
        .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

fn mixed_soup() -> impl Strategy<Value = String> {
    (token_soup(), random_bytes(), token_soup()).prop_map(|(a, b, c)| format!("{a}{b}{c}"))
}

/// Checks the parts of a result every caller relies on. What parses is
/// compiled too, and every diagnostic is drawn against its source, as the
/// REPL does.
fn check(src: &str) {
    let file = SourceFile::new("t.ml", src);
    let diagnostic = match parse(src) {
        Ok(program) => match compile(&program, file.clone(), &[], true) {
            Ok(_) => return,
            Err(e) => e,
        },
        Err(e) => e,
    };
    let e = diagnostic;
    assert!(!e.message.is_empty());
    assert!(e.span.start <= e.span.end);
    assert!(
        e.span.end as usize <= src.len(),
        "span {:?} past the end of {src:?}",
        e.span
    );
    assert!(e.render(&file).contains(&e.message));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(src in token_soup()) {
        check(&src);
    }

    #[test]
    fn glued_tokens_never_panic(src in glued_soup()) {
        check(&src);
    }

    #[test]
    fn random_bytes_never_panic(src in random_bytes()) {
        check(&src);
    }

    #[test]
    fn mixed_input_never_panics(src in mixed_soup()) {
        check(&src);
    }

    #[test]
    fn prefixes_of_a_valid_program_never_panic(cut in 0usize..PROGRAM.len()) {
        check(&PROGRAM[..cut]);
    }
}

/// What a REPL sees while the program is typed line by line: every prefix
/// ending inside a construct must be reported as incomplete input.
#[test]
fn line_prefixes_of_a_valid_program_are_complete_or_incomplete() {
    parse(PROGRAM).expect("the sample program parses");
    let ends = PROGRAM.match_indices('\n').map(|(i, _)| i + 1);
    for end in ends {
        let src = &PROGRAM[..end];
        if let Err(e) = parse(src) {
            assert!(
                e.incomplete,
                "prefix {src:?} gave a plain error: {}",
                e.message
            );
        }
    }
}

/// A program touching most of the grammar; its prefixes end mid-construct.
const PROGRAM: &str = r#"import a.b as c;
capability Files { resource "data/*"; allow read "*.json"; }
function f(x: number, y) {
    nonlocal z;
    if (x < y) { return x // y; } elif (x == y) { return -x; } else if (!x) { throw {message: "m"}; } else { return; }
}
g = fn(p) => {k: p, if: [1, 2.5, 'q\n',]};
h = function name(n) { return n > 0 ? n * name(n - 1) : 1; };
[a, b] = [b, a];
{p, q} = obj;
s[1:-1:2] = t.u[v](w)(x);
for (i in range(10)) { while (true) { break; } continue; }
try { risky(); } except (e) { log(e.message); } finally { done = true; }
;
"#;
