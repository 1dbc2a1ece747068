//! The ML frames a runtime error passed through, kept as positions (file and
//! byte offset) and turned into text only when the error is printed. A run of
//! identical frames — a recursion — is one frame with a repeat count, so a
//! RecursionError costs a few entries and prints as `... N more calls to f`.

use super::diagnostics::SourceFile;
use std::sync::Arc;

/// Distinct frames kept per error; deeper ones are only counted.
pub const MAX_FRAMES: usize = 40;

/// One place in ML code: a function's call or raise site.
pub struct TraceFrame {
    file: Arc<SourceFile>,
    offset: u32,
    /// `None` for a module's (or an input's) top level.
    function: Option<Arc<str>>,
    /// Further identical frames folded into this one.
    repeats: usize,
}

impl TraceFrame {
    fn same_place(&self, file: &Arc<SourceFile>, offset: u32, function: Option<&str>) -> bool {
        Arc::ptr_eq(&self.file, file)
            && self.offset == offset
            && self.function.as_deref() == function
    }

    fn location_line(&self) -> String {
        let mut line = self.file.location(self.offset);
        if let Some(f) = &self.function {
            line.push_str(&format!(" (in {f})"));
        }
        line
    }
}

/// The frames of one error, innermost first (the order of unwinding).
#[derive(Default)]
pub struct Traceback {
    frames: Vec<TraceFrame>,
    /// Frames beyond [`MAX_FRAMES`], outermost ones, not kept.
    omitted: usize,
}

impl Traceback {
    /// Add the next outer frame (`function` is `None` at a top level).
    pub fn push(&mut self, file: &Arc<SourceFile>, offset: u32, function: Option<&Arc<str>>) {
        if let Some(last) = self.frames.last_mut() {
            if last.same_place(file, offset, function.map(|f| &**f)) {
                last.repeats += 1;
                return;
            }
        }
        if self.frames.len() >= MAX_FRAMES {
            self.omitted += 1;
            return;
        }
        self.frames.push(TraceFrame {
            file: file.clone(),
            offset,
            function: function.cloned(),
            repeats: 0,
        });
    }

    pub fn clear(&mut self) {
        self.frames.clear();
        self.omitted = 0;
    }

    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// `  at file:line:col (in f)` lines, outermost first, then the source
    /// line of the innermost frame with a caret under the failing name.
    pub fn render_into(&self, out: &mut String) {
        if self.omitted > 0 {
            out.push_str(&format!("\n  ... {} more frames", self.omitted));
        }
        for frame in self.frames.iter().rev() {
            out.push_str("\n  at ");
            out.push_str(&frame.location_line());
            if frame.repeats > 0 {
                let name = frame.function.as_deref().unwrap_or("<module>");
                let calls = if frame.repeats == 1 { "call" } else { "calls" };
                out.push_str(&format!("\n  ... {} more {calls} to {name}", frame.repeats));
            }
        }
        if let Some(inner) = self.frames.first() {
            out.push('\n');
            out.push_str(&inner.file.snippet(inner.file.word_span(inner.offset)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(t: &Traceback) -> String {
        let mut out = String::new();
        t.render_into(&mut out);
        out
    }

    #[test]
    fn a_recursion_folds_into_one_frame_with_a_count() {
        let file = SourceFile::new("t.ml", "function rec(n) { return rec(n + 1); }\nrec(0);\n");
        let rec: Arc<str> = "rec".into();
        let mut t = Traceback::default();
        for _ in 0..38 {
            t.push(&file, 25, Some(&rec));
        }
        t.push(&file, 39, None);
        assert_eq!(
            rendered(&t),
            "\n  at t.ml:2:1\n  at t.ml:1:26 (in rec)\n  ... 37 more calls to rec\n    \
             function rec(n) { return rec(n + 1); }\n                             ^^^"
        );
    }

    #[test]
    fn frames_past_the_limit_are_counted_not_kept() {
        let lines: Vec<String> = (0..60).map(|i| format!("f{i}();\n")).collect();
        let file = SourceFile::new("t.ml", lines.concat());
        let mut t = Traceback::default();
        let mut offset = 0;
        for line in &lines {
            t.push(&file, offset, None);
            offset += line.len() as u32;
        }
        let out = rendered(&t);
        assert!(
            out.starts_with("\n  ... 20 more frames\n  at t.ml:40:1"),
            "{out}"
        );
        assert_eq!(out.matches("\n  at ").count(), MAX_FRAMES);
        assert!(out.ends_with("    f0();\n    ^^"), "{out}");
    }
}
