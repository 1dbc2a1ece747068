//! Python replacement templates (`\1`, `\g<name>`, `\n`) and `re.escape`:
//! the two places where Python string syntax meets regex text outside the
//! pattern itself. Templates are parsed once per call into pieces, so a
//! `sub` over many matches only copies text and group spans.

/// `re.escape`: backslash before every character Python treats as special.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One piece of a parsed replacement template.
#[derive(Debug, PartialEq)]
pub enum Piece {
    Text(String),
    Group(usize),
}

/// Parses a Python replacement template (`\1`, `\g<1>`, `\g<name>`,
/// `\n`...); `group_of` resolves names, `groups` is the group count.
pub fn parse_template(
    template: &str,
    groups: usize,
    group_of: impl Fn(&str) -> Option<usize>,
) -> Result<Vec<Piece>, String> {
    let chars: Vec<char> = template.chars().collect();
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    let flush = |text: &mut String, pieces: &mut Vec<Piece>| {
        if !text.is_empty() {
            pieces.push(Piece::Text(std::mem::take(text)));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '\\' {
            text.push(c);
            continue;
        }
        let Some(&e) = chars.get(i) else {
            return Err("bad escape (end of pattern)".into());
        };
        i += 1;
        let group = match e {
            'g' => {
                let (group, next) = template_group(&chars, i, groups, &group_of)?;
                i = next;
                Some(group)
            }
            '1'..='9' => {
                let mut n = e.to_digit(10).unwrap_or(0) as usize;
                if let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
                    n = n * 10 + d as usize;
                    i += 1;
                }
                Some(n)
            }
            _ => {
                text.push_str(&template_escape(e)?);
                None
            }
        };
        if let Some(g) = group {
            if g > groups {
                return Err(format!("invalid group reference {g}"));
            }
            flush(&mut text, &mut pieces);
            pieces.push(Piece::Group(g));
        }
    }
    flush(&mut text, &mut pieces);
    Ok(pieces)
}

/// `\g<...>` starting at `i` (just after the `g`): the group and the index after `>`.
fn template_group(
    chars: &[char],
    i: usize,
    groups: usize,
    group_of: &impl Fn(&str) -> Option<usize>,
) -> Result<(usize, usize), String> {
    if chars.get(i) != Some(&'<') {
        return Err("missing <".into());
    }
    let end = chars[i..]
        .iter()
        .position(|c| *c == '>')
        .ok_or("missing >, unterminated name")?;
    let name: String = chars[i + 1..i + end].iter().collect();
    let group = if !name.is_empty() && name.chars().all(|c| c.is_ascii_digit()) {
        name.parse::<usize>().unwrap_or(usize::MAX)
    } else {
        group_of(&name).ok_or_else(|| format!("unknown group name '{name}'"))?
    };
    if group > groups {
        return Err(format!("invalid group reference {group}"));
    }
    Ok((group, i + end + 1))
}

/// Escapes a template keeps: known ones translate, other letters fail,
/// anything else stays with its backslash (Python's rules).
fn template_escape(e: char) -> Result<String, String> {
    Ok(match e {
        'n' => "\n".into(),
        't' => "\t".into(),
        'r' => "\r".into(),
        'f' => "\x0c".into(),
        'v' => "\x0b".into(),
        'a' => "\x07".into(),
        'b' => "\x08".into(),
        '\\' => "\\".into(),
        '0' => "\0".into(),
        c if c.is_ascii_alphanumeric() => return Err(format!("bad escape \\{c}")),
        c => format!("\\{c}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_matches_python() {
        assert_eq!(escape("a.b"), r"a\.b");
        assert_eq!(escape("1+1=2 ok"), r"1\+1=2\ ok");
    }

    #[test]
    fn templates_parse() {
        let by_name = |n: &str| (n == "x").then_some(1);
        assert_eq!(
            parse_template(r"<\1|\g<x>\n\.>", 1, by_name).unwrap(),
            vec![
                Piece::Text("<".into()),
                Piece::Group(1),
                Piece::Text("|".into()),
                Piece::Group(1),
                Piece::Text("\n\\.>".into()),
            ]
        );
        assert!(parse_template(r"\2", 1, by_name).is_err());
        assert!(parse_template(r"\g<y>", 1, by_name).is_err());
        assert!(parse_template(r"\q", 1, by_name).is_err());
    }
}
