//! The command-line grammar behind `ArgParser.parse` and `.help`, kept
//! free of ML values except for option defaults so it can be tested alone.
//!
//! It follows the reference's rules: `--name` is a flag or takes the next
//! argument as its value, `-abc` is a cluster of short flags (a short
//! option in a cluster takes the next argument), `--help`/`-h` always set
//! the flag `help`, anything else is a positional. Two decisions of ours:
//! a lone `--` ends the options (the reference rejected it as unknown), and
//! a missing required positional is not an error when `help` was asked
//! for, so `prog --help` works on a parser with required positionals.

use crate::lang::error::RtError;
use crate::lang::value::Value;
use indexmap::IndexMap;

pub struct FlagDef {
    pub name: String,
    pub short: Option<char>,
    pub help: String,
}

pub struct OptionDef {
    pub name: String,
    pub short: Option<char>,
    pub help: String,
    /// Null means "no default": the option is absent unless given.
    pub default: Value,
}

pub struct PositionalDef {
    pub name: String,
    pub help: String,
    pub required: bool,
}

/// What a parser accepts; later definitions of a name replace earlier ones.
#[derive(Default)]
pub struct Schema {
    pub name: String,
    pub description: String,
    pub flags: Vec<FlagDef>,
    pub options: Vec<OptionDef>,
    pub positionals: Vec<PositionalDef>,
}

/// The outcome of parsing, in the order things were defined or seen.
#[derive(Default)]
pub struct Parsed {
    pub flags: IndexMap<String, bool>,
    pub options: IndexMap<String, Value>,
    pub positionals: IndexMap<String, String>,
}

impl Schema {
    pub fn add_flag(&mut self, def: FlagDef) {
        self.flags.retain(|f| f.name != def.name);
        self.flags.push(def);
    }

    pub fn add_option(&mut self, def: OptionDef) {
        self.options.retain(|o| o.name != def.name);
        self.options.push(def);
    }

    pub fn add_positional(&mut self, def: PositionalDef) {
        self.positionals.push(def);
    }

    fn flag_by_short(&self, c: char) -> Option<&FlagDef> {
        self.flags.iter().find(|f| f.short == Some(c))
    }

    fn option_by_short(&self, c: char) -> Option<&OptionDef> {
        self.options.iter().find(|o| o.short == Some(c))
    }

    /// Parses `argv` (the arguments after the script name).
    pub fn parse(&self, argv: &[String]) -> Result<Parsed, RtError> {
        let mut out = Parsed::default();
        let mut loose = Vec::new();
        let mut rest = argv.iter();
        while let Some(arg) = rest.next() {
            if arg == "--" {
                loose.extend(rest.by_ref().cloned());
            } else if let Some(name) = arg.strip_prefix("--") {
                self.long(name, &mut rest, &mut out)?;
            } else if arg.len() > 1 && arg.starts_with('-') {
                self.cluster(&arg[1..], &mut rest, &mut out)?;
            } else {
                loose.push(arg.clone());
            }
        }
        for opt in &self.options {
            if !out.options.contains_key(&opt.name) && !matches!(opt.default, Value::Null) {
                out.options.insert(opt.name.clone(), opt.default.clone());
            }
        }
        self.assign_positionals(loose, &mut out)?;
        Ok(out)
    }

    /// `--name`: help, a flag, or an option taking the next argument.
    fn long<'a>(
        &self,
        name: &str,
        rest: &mut impl Iterator<Item = &'a String>,
        out: &mut Parsed,
    ) -> Result<(), RtError> {
        if name == "help" || self.flags.iter().any(|f| f.name == name) {
            out.flags.insert(name.to_string(), true);
        } else if self.options.iter().any(|o| o.name == name) {
            let value = rest
                .next()
                .ok_or_else(|| RtError::value_error(format!("Option --{name} requires a value")))?;
            out.options.insert(name.to_string(), Value::str(value));
        } else {
            return Err(RtError::value_error(format!("Unknown option: --{name}")));
        }
        Ok(())
    }

    /// `-abc`: each letter is `h`, a short flag or a short option.
    fn cluster<'a>(
        &self,
        letters: &str,
        rest: &mut impl Iterator<Item = &'a String>,
        out: &mut Parsed,
    ) -> Result<(), RtError> {
        for c in letters.chars() {
            if c == 'h' {
                out.flags.insert("help".to_string(), true);
            } else if let Some(flag) = self.flag_by_short(c) {
                out.flags.insert(flag.name.clone(), true);
            } else if let Some(opt) = self.option_by_short(c) {
                let value = rest
                    .next()
                    .ok_or_else(|| RtError::value_error(format!("Option -{c} requires a value")))?;
                out.options.insert(opt.name.clone(), Value::str(value));
            } else {
                return Err(RtError::value_error(format!("Unknown option: -{c}")));
            }
        }
        Ok(())
    }

    /// Positional values go to the defined names in order; extra values are
    /// dropped, as in the reference.
    fn assign_positionals(&self, loose: Vec<String>, out: &mut Parsed) -> Result<(), RtError> {
        let mut values = loose.into_iter();
        for def in &self.positionals {
            match values.next() {
                Some(v) => {
                    out.positionals.insert(def.name.clone(), v);
                }
                None if def.required && !out.flags.contains_key("help") => {
                    return Err(RtError::value_error(format!(
                        "Required positional argument missing: {}",
                        def.name
                    )));
                }
                None => {}
            }
        }
        Ok(())
    }

    /// The usage text; `script` names the program in the usage line.
    pub fn help(&self, script: &str) -> String {
        let mut lines = Vec::new();
        for head in [&self.name, &self.description] {
            if !head.is_empty() {
                lines.push(head.clone());
            }
        }
        let mut usage = format!("Usage: {script} [options]");
        for p in &self.positionals {
            let (open, close) = if p.required { ('<', '>') } else { ('[', ']') };
            usage.push_str(&format!(" {open}{}{close}", p.name));
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(usage);
        let rows = self.help_rows();
        let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0) + 2;
        let (positional_rows, option_rows) = rows.split_at(self.positionals.len());
        if !positional_rows.is_empty() {
            lines.push(String::new());
            lines.push("Positional Arguments:".to_string());
            lines.extend(
                positional_rows
                    .iter()
                    .map(|(l, h)| format!("{l:width$}{h}")),
            );
        }
        lines.push(String::new());
        lines.push("Options:".to_string());
        lines.extend(option_rows.iter().map(|(l, h)| format!("{l:width$}{h}")));
        lines.join("\n")
    }

    /// (left column, description) for every positional, then every option.
    fn help_rows(&self) -> Vec<(String, String)> {
        let short = |s: Option<char>| s.map_or("    ".to_string(), |c| format!("-{c}, "));
        let mut rows: Vec<(String, String)> = self
            .positionals
            .iter()
            .map(|p| {
                let req = if p.required { "required" } else { "optional" };
                (format!("  {}", p.name), format!("{} ({req})", p.help))
            })
            .collect();
        for f in &self.flags {
            rows.push((format!("  {}--{}", short(f.short), f.name), f.help.clone()));
        }
        for o in &self.options {
            let mut text = o.help.clone();
            if !matches!(o.default, Value::Null) {
                let default = crate::lang::format::display(&o.default);
                text.push_str(&format!(" (default: {default})"));
            }
            rows.push((format!("  {}--{} VALUE", short(o.short), o.name), text));
        }
        rows.push((
            "  -h, --help".to_string(),
            "Show this help message".to_string(),
        ));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        let mut s = Schema::default();
        s.add_flag(FlagDef {
            name: "verbose".into(),
            short: Some('v'),
            help: "Talk".into(),
        });
        s.add_flag(FlagDef {
            name: "force".into(),
            short: Some('f'),
            help: "Force".into(),
        });
        s.add_option(OptionDef {
            name: "output".into(),
            short: Some('o'),
            help: "Output".into(),
            default: Value::str("out.txt"),
        });
        s.add_option(OptionDef {
            name: "level".into(),
            short: None,
            help: "Level".into(),
            default: Value::Null,
        });
        s.add_positional(PositionalDef {
            name: "input".into(),
            help: "Input".into(),
            required: true,
        });
        s
    }

    fn argv(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn parses_flags_options_and_positionals() {
        let p = schema()
            .parse(&argv(&["-vf", "--output", "x", "in.txt", "extra"]))
            .unwrap();
        assert_eq!(p.flags.keys().collect::<Vec<_>>(), ["verbose", "force"]);
        assert!(matches!(p.options.get("output"), Some(v) if v.as_str() == Some("x")));
        assert!(!p.options.contains_key("level"));
        assert_eq!(
            p.positionals.get("input").map(String::as_str),
            Some("in.txt")
        );
        let p = schema().parse(&argv(&["in", "-vo", "y"])).unwrap();
        assert!(matches!(p.options.get("output"), Some(v) if v.as_str() == Some("y")));
        let p = schema().parse(&argv(&["--", "-v"])).unwrap();
        assert_eq!(p.positionals.get("input").map(String::as_str), Some("-v"));
        assert!(p.flags.is_empty());
    }

    #[test]
    fn defaults_help_and_errors() {
        let p = schema().parse(&argv(&["a"])).unwrap();
        assert!(matches!(p.options.get("output"), Some(v) if v.as_str() == Some("out.txt")));
        let p = schema().parse(&argv(&["-h"])).unwrap();
        assert_eq!(p.flags.get("help"), Some(&true));
        let err = |words: &[&str]| {
            schema()
                .parse(&argv(words))
                .err()
                .map(|e| e.message().to_string())
        };
        assert_eq!(err(&["--nope"]).as_deref(), Some("Unknown option: --nope"));
        assert_eq!(err(&["-x", "a"]).as_deref(), Some("Unknown option: -x"));
        assert_eq!(
            err(&["a", "--level"]).as_deref(),
            Some("Option --level requires a value")
        );
        assert_eq!(
            err(&["a", "-o"]).as_deref(),
            Some("Option -o requires a value")
        );
        assert_eq!(
            err(&[]).as_deref(),
            Some("Required positional argument missing: input")
        );
    }

    #[test]
    fn help_lists_everything_aligned() {
        let text = schema().help("tool.ml");
        assert!(text.starts_with("Usage: tool.ml [options] <input>"));
        assert!(text.contains("\n  input               Input (required)\n"));
        assert!(text.contains("\n  -o, --output VALUE  Output (default: out.txt)\n"));
        assert!(text.ends_with("  -h, --help          Show this help message"));
    }
}
