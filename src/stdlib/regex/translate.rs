//! Python `re` pattern syntax → `fancy-regex` syntax.
//!
//! `fancy-regex` already understands most of Python's syntax (lookaround,
//! backreferences, `(?P<name>...)`, `(?P=name)`), but differs where it
//! matters: Python's `$` also matches before a final newline, `\Z` is the
//! absolute end, `\0` and `\012` are octal, an unquantifying `{` is a
//! literal, `[` `&&` `~~` inside a class are plain characters, `\<` is a
//! literal `<`, and verbose mode keeps blanks inside classes. Rather than
//! patch strings, one pass walks the pattern with a small group stack (for
//! scoped flags) and writes an equivalent pattern. Verbose mode is applied
//! here, so the engine never sees `x`. The pass also records what `Match`
//! needs later: group count, names, and the order in which groups close
//! (Python's `lastgroup` is the group that closed last). Replacement
//! templates live in `template.rs`.

/// Python flag bits (spec 5.8).
pub const IGNORECASE: i64 = 2;
pub const MULTILINE: i64 = 8;
pub const DOTALL: i64 = 16;
pub const UNICODE: i64 = 32;
pub const VERBOSE: i64 = 64;
pub const ASCII: i64 = 256;

/// A translated pattern and the facts about its groups.
#[derive(Debug)]
pub struct Translated {
    pub pattern: String,
    /// Names of groups 1..=n (`None` for unnamed ones).
    pub names: Vec<Option<String>>,
    /// Group numbers in the order their `)` appears.
    pub close_order: Vec<usize>,
}

/// Scoped state of one open group.
#[derive(Clone, Copy)]
struct Frame {
    verbose: bool,
    multiline: bool,
    /// The group number for capturing groups.
    group: Option<usize>,
}

struct Translator {
    chars: Vec<char>,
    i: usize,
    out: String,
    flags: i64,
    stack: Vec<Frame>,
    names: Vec<Option<String>>,
    close_order: Vec<usize>,
}

/// Translates `pattern` under Python `flags`; the error text is Python-like.
pub fn translate(pattern: &str, flags: i64) -> Result<Translated, String> {
    let mut t = Translator {
        chars: pattern.chars().collect(),
        i: 0,
        out: String::with_capacity(pattern.len() + 16),
        flags,
        stack: Vec::new(),
        names: Vec::new(),
        close_order: Vec::new(),
    };
    t.leading_flags()?;
    let top = Frame {
        verbose: t.flags & VERBOSE != 0,
        multiline: t.flags & MULTILINE != 0,
        group: None,
    };
    t.stack.push(top);
    t.engine_flags();
    while t.i < t.chars.len() {
        t.step()?;
    }
    if t.stack.len() > 1 {
        return Err("missing ), unterminated subpattern".into());
    }
    Ok(Translated {
        pattern: t.out,
        names: t.names,
        close_order: t.close_order,
    })
}

impl Translator {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn frame(&self) -> Frame {
        self.stack.last().copied().unwrap_or(Frame {
            verbose: false,
            multiline: false,
            group: None,
        })
    }

    fn rest_starts_with(&self, s: &str) -> bool {
        s.chars().enumerate().all(|(k, c)| self.peek(k) == Some(c))
    }

    /// Python allows global inline flags `(?aimsux)` only at the start.
    fn leading_flags(&mut self) -> Result<(), String> {
        while self.rest_starts_with("(?") {
            let mut k = 2;
            let mut bits = 0;
            while let Some(c) = self.peek(k) {
                match flag_bit(c) {
                    Some(b) => bits |= b,
                    None => break,
                }
                k += 1;
            }
            if k == 2 || self.peek(k) != Some(')') {
                return Ok(());
            }
            self.flags |= bits;
            self.i += k + 1;
        }
        Ok(())
    }

    fn engine_flags(&mut self) {
        let mut letters = String::new();
        if self.flags & IGNORECASE != 0 {
            letters.push('i');
        }
        if self.flags & MULTILINE != 0 {
            letters.push('m');
        }
        if self.flags & DOTALL != 0 {
            letters.push('s');
        }
        if !letters.is_empty() {
            self.out.push_str(&format!("(?{letters})"));
        }
    }

    fn step(&mut self) -> Result<(), String> {
        let c = self.chars[self.i];
        self.i += 1;
        let frame = self.frame();
        match c {
            ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' if frame.verbose => {}
            '#' if frame.verbose => self.skip_comment(),
            '\\' => self.escape(false)?,
            '[' => self.class()?,
            '(' => self.open_group()?,
            ')' => self.close_group()?,
            '$' if frame.multiline => self.out.push('$'),
            // Python's `$` also matches just before a final newline.
            '$' => self.out.push_str(r"(?=\n?\z)"),
            '{' => self.brace(),
            '}' | '#' | '&' | '~' => {
                self.out.push('\\');
                self.out.push(c);
            }
            _ => self.out.push(c),
        }
        Ok(())
    }

    fn skip_comment(&mut self) {
        while let Some(c) = self.peek(0) {
            self.i += 1;
            if c == '\n' {
                break;
            }
        }
    }

    /// `{m}`, `{m,}`, `{,n}`, `{m,n}` quantify; any other `{` is literal.
    fn brace(&mut self) {
        let mut k = 0;
        let mut text = String::new();
        while let Some(c) = self.peek(k) {
            if c == '}' {
                break;
            }
            text.push(c);
            k += 1;
        }
        let valid = self.peek(k) == Some('}') && is_quantifier_body(&text);
        if !valid {
            self.out.push_str(r"\{");
            return;
        }
        let body = if text.starts_with(',') {
            format!("0{text}")
        } else {
            text
        };
        self.out.push('{');
        self.out.push_str(&body);
        self.out.push('}');
        self.i += k + 1;
    }

    fn open_group(&mut self) -> Result<(), String> {
        let frame = self.frame();
        if self.peek(0) != Some('?') {
            self.capture(None);
            return Ok(());
        }
        if self.rest_starts_with("?P<") {
            self.i += 3;
            let name = self.name_until('>')?;
            self.capture(Some(name));
            return Ok(());
        }
        if self.rest_starts_with("?P=") {
            self.i += 3;
            let name = self.name_until(')')?;
            if !self.names.iter().any(|n| n.as_deref() == Some(&name)) {
                return Err(format!("unknown group name '{name}'"));
            }
            self.out.push_str(&format!(r"\k<{name}>"));
            return Ok(());
        }
        if self.rest_starts_with("?#") {
            while let Some(c) = self.peek(0) {
                self.i += 1;
                if c == ')' {
                    return Ok(());
                }
            }
            return Err("missing ), unterminated comment".into());
        }
        for lead in ["?:", "?=", "?!", "?<=", "?<!", "?>"] {
            if self.rest_starts_with(lead) {
                self.i += lead.len();
                self.out.push('(');
                self.out.push_str(lead);
                self.stack.push(Frame {
                    group: None,
                    ..frame
                });
                return Ok(());
            }
        }
        if self.rest_starts_with("?(") {
            return self.conditional();
        }
        self.scoped_flags()
    }

    fn capture(&mut self, name: Option<String>) {
        self.names.push(name.clone());
        let group = self.names.len();
        match name {
            Some(n) => self.out.push_str(&format!("(?P<{n}>")),
            None => self.out.push('('),
        }
        let frame = self.frame();
        self.stack.push(Frame {
            group: Some(group),
            ..frame
        });
    }

    /// A group name (Python identifier) up to `end`, consuming `end`.
    fn name_until(&mut self, end: char) -> Result<String, String> {
        let mut name = String::new();
        while let Some(c) = self.peek(0) {
            self.i += 1;
            if c == end {
                return valid_name(name);
            }
            name.push(c);
        }
        Err(format!("missing {end}, unterminated name"))
    }

    /// `(?(1)yes|no)` / `(?(name)yes|no)`.
    fn conditional(&mut self) -> Result<(), String> {
        self.i += 2;
        let id = self.name_or_number_until(')')?;
        if id.chars().all(|c| c.is_ascii_digit()) {
            self.out.push_str(&format!("(?({id})"));
        } else {
            self.out.push_str(&format!("(?(<{id}>)"));
        }
        let frame = self.frame();
        self.stack.push(Frame {
            group: None,
            ..frame
        });
        Ok(())
    }

    fn name_or_number_until(&mut self, end: char) -> Result<String, String> {
        let mut id = String::new();
        while let Some(c) = self.peek(0) {
            self.i += 1;
            if c == end {
                if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) {
                    return Ok(id);
                }
                return valid_name(id);
            }
            id.push(c);
        }
        Err(format!("missing {end}, unterminated name"))
    }

    /// `(?i:...)`, `(?-i:...)`; global flags elsewhere than the start fail.
    fn scoped_flags(&mut self) -> Result<(), String> {
        let mut k = 1;
        let (mut on, mut off) = (0, 0);
        let mut negate = false;
        loop {
            match self.peek(k) {
                Some('-') if !negate => negate = true,
                Some(':') => break,
                Some(')') => return Err("global flags not at the start of the expression".into()),
                Some(c) => match flag_bit(c) {
                    Some(b) if negate => off |= b,
                    Some(b) => on |= b,
                    None => return Err(format!("unknown extension ?{c}")),
                },
                None => return Err("missing -, : or )".into()),
            }
            k += 1;
        }
        self.i += k + 1;
        let engine = |bits: i64| {
            [(IGNORECASE, 'i'), (MULTILINE, 'm'), (DOTALL, 's')]
                .iter()
                .filter(|(b, _)| bits & b != 0)
                .map(|(_, c)| *c)
                .collect::<String>()
        };
        let (on_letters, off_letters) = (engine(on), engine(off));
        self.out.push_str("(?");
        self.out.push_str(&on_letters);
        if !off_letters.is_empty() {
            self.out.push('-');
            self.out.push_str(&off_letters);
        }
        self.out.push(':');
        let mut frame = self.frame();
        frame.group = None;
        frame.verbose = (frame.verbose || on & VERBOSE != 0) && off & VERBOSE == 0;
        frame.multiline = (frame.multiline || on & MULTILINE != 0) && off & MULTILINE == 0;
        self.stack.push(frame);
        Ok(())
    }

    fn close_group(&mut self) -> Result<(), String> {
        if self.stack.len() <= 1 {
            return Err("unbalanced parenthesis".into());
        }
        if let Some(Frame { group: Some(g), .. }) = self.stack.pop() {
            self.close_order.push(g);
        }
        self.out.push(')');
        Ok(())
    }

    /// A character class, copied item by item with Python's literal rules.
    fn class(&mut self) -> Result<(), String> {
        self.out.push('[');
        if self.peek(0) == Some('^') {
            self.out.push('^');
            self.i += 1;
        }
        if self.peek(0) == Some(']') {
            self.out.push_str(r"\]");
            self.i += 1;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek(0) else {
                return Err("unterminated character set".into());
            };
            self.i += 1;
            match c {
                ']' => break,
                '\\' => self.escape(true)?,
                '-' if first || self.peek(0) == Some(']') || self.out.ends_with('-') => {
                    self.out.push_str(r"\-")
                }
                '[' | '&' | '~' | '^' | '#' | ' ' => {
                    self.out.push('\\');
                    self.out.push(c);
                }
                _ => self.out.push(c),
            }
            first = false;
        }
        self.out.push(']');
        Ok(())
    }

    /// One escape after `\`, inside a class or not.
    fn escape(&mut self, in_class: bool) -> Result<(), String> {
        let Some(c) = self.peek(0) else {
            return Err("bad escape (end of pattern)".into());
        };
        self.i += 1;
        let ascii = self.flags & ASCII != 0;
        match c {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' if ascii => {
                let class = ascii_class(c);
                if in_class {
                    self.out.push_str(class);
                } else {
                    self.out.push_str(&format!("[{class}]"));
                }
            }
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                self.out.push('\\');
                self.out.push(c);
            }
            'b' if in_class => self.push_code(0x08),
            // The engine cannot switch Unicode off inline; spell the ASCII
            // word boundary out with lookaround.
            'b' if ascii => self.out.push_str(concat!(
                r"(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])",
                r"|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))"
            )),
            'B' if ascii => self.out.push_str(concat!(
                r"(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])",
                r"|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))"
            )),
            'b' | 'B' | 'A' => {
                self.out.push('\\');
                self.out.push(c);
            }
            'Z' | 'z' if !in_class => self.out.push_str(r"\z"),
            'n' => self.push_code(0x0a),
            't' => self.push_code(0x09),
            'r' => self.push_code(0x0d),
            'f' => self.push_code(0x0c),
            'v' => self.push_code(0x0b),
            'a' => self.push_code(0x07),
            'x' => self.hex_escape(2, c)?,
            'u' => self.hex_escape(4, c)?,
            'U' => self.hex_escape(8, c)?,
            '0'..='9' => self.digit_escape(c, in_class)?,
            c if c.is_ascii_alphanumeric() => return Err(format!("bad escape \\{c}")),
            c => self.push_literal(c),
        }
        Ok(())
    }

    fn push_code(&mut self, code: u32) {
        self.out.push_str(&format!("\\u{{{code:04X}}}"));
    }

    /// A literal character, escaped when the engine could read it as syntax.
    fn push_literal(&mut self, c: char) {
        if c.is_ascii_punctuation() && c != '<' && c != '>' {
            self.out.push('\\');
            self.out.push(c);
        } else if c.is_whitespace() {
            self.push_code(c as u32);
        } else {
            self.out.push(c);
        }
    }

    fn hex_escape(&mut self, digits: usize, letter: char) -> Result<(), String> {
        let text: String = (0..digits).filter_map(|k| self.peek(k)).collect();
        if text.chars().count() != digits || !text.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("incomplete escape \\{letter}{text}"));
        }
        let code = u32::from_str_radix(&text, 16).map_err(|e| e.to_string())?;
        if char::from_u32(code).is_none() {
            return Err(format!("bad escape \\{letter}{text}"));
        }
        self.i += digits;
        self.push_code(code);
        Ok(())
    }

    /// `\0`, `\012` (octal) or `\1`..`\99` (backreference).
    fn digit_escape(&mut self, first: char, in_class: bool) -> Result<(), String> {
        let octal = |c: Option<char>| c.filter(|c| ('0'..='7').contains(c));
        let two = octal(self.peek(0)).zip(octal(self.peek(1)));
        if first == '0' || (('1'..='3').contains(&first) && two.is_some()) || in_class {
            let mut digits = first.to_string();
            while digits.len() < 3 {
                match octal(self.peek(0)) {
                    Some(c) => {
                        digits.push(c);
                        self.i += 1;
                    }
                    None => break,
                }
            }
            let code =
                u32::from_str_radix(&digits, 8).map_err(|_| format!("bad escape \\{digits}"))?;
            self.push_code(code);
            return Ok(());
        }
        let mut number = first.to_string();
        if let Some(c) = self.peek(0).filter(char::is_ascii_digit) {
            number.push(c);
            self.i += 1;
        }
        let group: usize = number.parse().map_err(|_| "bad escape".to_string())?;
        if group > self.names.len() {
            return Err(format!("invalid group reference {group}"));
        }
        if !self.close_order.contains(&group) {
            return Err("cannot refer to an open group".into());
        }
        self.out.push_str(&format!("\\{group}"));
        Ok(())
    }
}

fn flag_bit(c: char) -> Option<i64> {
    Some(match c {
        'i' => IGNORECASE,
        'm' => MULTILINE,
        's' => DOTALL,
        'x' => VERBOSE,
        'a' => ASCII,
        'u' => UNICODE,
        'L' => 4,
        _ => return None,
    })
}

fn ascii_class(c: char) -> &'static str {
    match c {
        'd' => "[:digit:]",
        'D' => "[:^digit:]",
        'w' => "[:word:]",
        'W' => "[:^word:]",
        's' => "[:space:]",
        _ => "[:^space:]",
    }
}

fn is_quantifier_body(text: &str) -> bool {
    let (lo, hi) = match text.split_once(',') {
        Some((lo, hi)) => (lo, Some(hi)),
        None => (text, None),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    match hi {
        None => !lo.is_empty() && digits(lo),
        Some(hi) => digits(lo) && digits(hi),
    }
}

fn valid_name(name: String) -> Result<String, String> {
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_');
    if ok {
        Ok(name)
    } else {
        Err(format!("bad character in group name '{name}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr(p: &str) -> String {
        translate(p, 0).expect("translates").pattern
    }

    #[test]
    fn python_specific_syntax_is_rewritten() {
        assert_eq!(tr(r"a$"), r"a(?=\n?\z)");
        assert_eq!(tr(r"a\Z"), r"a\z");
        assert_eq!(tr(r"x{,3}y{2}z{a}"), r"x{0,3}y{2}z\{a\}");
        assert_eq!(tr(r"\0"), r"\u{0000}");
        assert_eq!(tr(r"[[a&&b]"), r"[\[a\&\&b]");
        assert_eq!(tr(r"(a)\1"), r"(a)\1");
        assert_eq!(tr(r"(?P<y>a)(?P=y)"), r"(?P<y>a)\k<y>");
        assert_eq!(tr(r"a(?#note)b"), "ab");
        assert_eq!(tr(r"\<"), "<");
    }

    #[test]
    fn flags_and_verbose_mode() {
        assert_eq!(
            translate("a b # c\n$", VERBOSE).unwrap().pattern,
            r"ab(?=\n?\z)"
        );
        assert_eq!(translate("(?x)[ a]", 0).unwrap().pattern, r"[\ a]");
        assert_eq!(translate("(?i)a$", MULTILINE).unwrap().pattern, "(?im)a$");
        assert!(translate("a(?i)b", 0).is_err());
    }

    #[test]
    fn groups_are_counted_and_named() {
        let t = translate(r"((?P<n>a)(b))", 0).unwrap();
        assert_eq!(t.names, vec![None, Some("n".to_string()), None]);
        assert_eq!(t.close_order, vec![2, 3, 1]);
    }

    #[test]
    fn bad_patterns_fail() {
        for p in [
            r"(", r")", r"[a", r"\q", r"(a)\2", r"(?P=x)", r"(a\1)", r"\x4",
        ] {
            assert!(translate(p, 0).is_err(), "{p}");
        }
    }
}
