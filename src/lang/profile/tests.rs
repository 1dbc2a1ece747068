//! The recorder on hand-made event sequences (the VM's part is tested
//! through the binary in tests/profile.rs).

use super::*;

fn info(name: &str, versioned: bool) -> Option<FuncInfo> {
    Some(FuncInfo {
        name: name.to_string(),
        versioned,
        keep: Box::new(()),
    })
}

/// Enter `key` at `depth`, describing it as `name` when new.
fn enter(p: &mut Profiler, key: usize, depth: u32, name: &str) {
    if !p.enter_known(key, depth) {
        let described = (!p.knows(key)).then(|| info(name, true)).flatten();
        p.enter_new(key, depth, described);
    }
}

fn calls(report: &ProfileReport, name: &str) -> u64 {
    report.row(name).map_or(0, |r| r.calls)
}

#[test]
fn recursion_counts_every_call_and_the_outermost_total_once() {
    let mut p = Profiler::new();
    enter(&mut p, 1, 1, "<main>");
    for depth in 2..12 {
        enter(&mut p, 2, depth, "f");
    }
    p.close_frames_above(1);
    p.close_frames_above(0);
    let report = p.finish();
    assert_eq!(calls(&report, "f"), 10);
    let f = report.row("f").expect("f");
    let main = report.row("<main>").expect("main");
    assert!(f.total_ns <= main.total_ns, "{f:?} {main:?}");
    assert!(f.self_ns <= f.total_ns);
}

#[test]
fn unwinding_closes_every_frame_above_the_handler_at_once() {
    let mut p = Profiler::new();
    enter(&mut p, 1, 1, "<main>");
    enter(&mut p, 2, 2, "catcher");
    enter(&mut p, 3, 3, "a");
    enter(&mut p, 4, 4, "b");
    // An exception raised in b is caught in catcher (depth 2).
    p.close_frames_above(2);
    enter(&mut p, 5, 3, "after");
    p.close_frames_above(0);
    let report = p.finish();
    let mut folded = Vec::new();
    report.write_folded(&mut folded).expect("write");
    let text = String::from_utf8(folded).expect("utf-8");
    assert!(!text.contains("b;after"), "{text}");
    for name in ["<main>", "catcher", "a", "b", "after"] {
        assert_eq!(calls(&report, name), 1, "{name}");
    }
}

#[test]
fn a_native_stays_open_while_its_callback_returns() {
    let mut p = Profiler::new();
    enter(&mut p, 1, 1, "<main>");
    let mark = p.mark();
    enter(&mut p, 2, 1, "functional.map");
    for _ in 0..3 {
        enter(&mut p, 3, 2, "<anonymous>");
        p.close_frames_above(1);
    }
    assert_eq!(p.mark(), mark + 1, "map is still open");
    p.close_to(mark);
    p.close_frames_above(0);
    let report = p.finish();
    assert_eq!(calls(&report, "<anonymous>"), 3);
    assert_eq!(calls(&report, "functional.map"), 1);
}

#[test]
fn new_versions_get_their_own_rows_and_natives_share_one() {
    let mut p = Profiler::new();
    p.enter_new(10, 1, info("m.f", true));
    p.close_frames_above(0);
    p.enter_new(11, 1, info("m.f", true));
    p.close_frames_above(0);
    p.enter_new(20, 1, info("partial", false));
    p.close_frames_above(0);
    p.enter_new(21, 1, info("partial", false));
    p.close_frames_above(0);
    let report = p.finish();
    assert_eq!(calls(&report, "m.f"), 1);
    assert_eq!(calls(&report, "m.f (v2)"), 1);
    assert_eq!(calls(&report, "partial"), 2);
}

#[test]
fn a_snapshot_counts_open_calls_without_closing_them() {
    let mut p = Profiler::new();
    enter(&mut p, 1, 1, "<main>");
    enter(&mut p, 2, 2, "f");
    let snapshot = p.report();
    assert_eq!(calls(&snapshot, "f"), 1);
    p.close_frames_above(1);
    enter(&mut p, 2, 2, "f");
    p.close_frames_above(0);
    assert_eq!(calls(&p.finish(), "f"), 2);
}

#[test]
fn names_cannot_break_a_folded_line() {
    let mut p = Profiler::new();
    p.enter_new(1, 1, info("a;b\nc", true));
    std::thread::sleep(std::time::Duration::from_millis(2));
    p.close_frames_above(0);
    let mut folded = Vec::new();
    p.finish().write_folded(&mut folded).expect("write");
    let text = String::from_utf8(folded).expect("utf-8");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("a,b c "), "{text}");
}
