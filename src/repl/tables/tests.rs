//! Rendering tests on fixed report data (no clock involved, so no masking
//! is needed: the numbers are the test's own).

use super::*;

fn row(name: &str, kind: ModuleKind, compile: Option<f64>, load: f64, memory: usize) -> ModuleRow {
    let mut r = ModuleRow {
        name: name.into(),
        kind,
        loaded: true,
        compile_ms: compile,
        load_ms: Some(load),
        reloads: 0,
        memory,
        slow: false,
    };
    r.slow = r.total_ms() > 20.0;
    r
}

fn sample() -> Vec<ModuleRow> {
    vec![
        row("user_utils", ModuleKind::MlSource, Some(1.25), 0.1, 18_432),
        row(
            "data_processing",
            ModuleKind::MlSource,
            Some(22.5),
            0.4,
            31_744,
        ),
        row("math", ModuleKind::Builtin, None, 0.05, 28_000),
    ]
}

#[test]
fn formats_times_and_sizes() {
    assert_eq!(format_ms(0.423), "0.42ms");
    assert_eq!(format_ms(1.25), "1.2ms");
    assert_eq!(format_ms(18.4), "18ms");
    assert_eq!(format_bytes(512), "512B");
    assert_eq!(format_bytes(18_432), "18.0KB");
    assert_eq!(format_bytes(16_535_624_704), "15.4GB");
}

#[test]
fn modules_groups_by_kind_and_marks_user_modules() {
    let listed = vec![
        ListedModule {
            name: "math".into(),
            kind: ModuleKind::Builtin,
            row: Some(sample()[2].clone()),
            failed: false,
        },
        ListedModule {
            name: "user_utils".into(),
            kind: ModuleKind::MlSource,
            row: Some(sample()[0].clone()),
            failed: false,
        },
        ListedModule {
            name: "algorithms.sorting".into(),
            kind: ModuleKind::MlSource,
            row: None,
            failed: false,
        },
    ];
    let text = modules(&listed);
    assert!(text.contains("ML Source Modules (2):"), "{text}");
    assert!(text.contains("Built-in Modules (1):"), "{text}");
    assert!(text.contains("│ user_utils [user]"), "{text}");
    assert!(text.contains("compile 1.2ms, load 0.10ms"), "{text}");
    assert!(
        text.contains("│ algorithms.sorting [user] ┆ available"),
        "{text}"
    );
    // The ML table comes before the built-in one.
    assert!(text.find("ML Source").unwrap() < text.find("Built-in").unwrap());
}

#[test]
fn perfmon_has_a_table_per_kind_and_a_summary() {
    let text = perfmon(&sample(), 0.5, None);
    let expected_ml = "\
ML Source Modules:
┌─────────────────┬─────────────┬────────┬─────────┬────────┐
│ Module          ┆ Compile     ┆ Load   ┆ Reloads ┆ Memory │
╞═════════════════╪═════════════╪════════╪═════════╪════════╡
│ user_utils      ┆ 1.2ms       ┆ 0.10ms ┆ 0       ┆ 18.0KB │
│ data_processing ┆ 22ms ⚠ SLOW ┆ 0.40ms ┆ 0       ┆ 31.0KB │
└─────────────────┴─────────────┴────────┴─────────┴────────┘";
    assert!(text.contains(expected_ml), "{text}");
    assert!(
        text.contains("Python Bridge Modules:\n  (none loaded)"),
        "{text}"
    );
    assert!(text.contains("- Total modules: 3 (0 Python bridges, 2 ML sources, 1 built-in)"));
    assert!(text.contains("- Avg ML compile time: 12ms"), "{text}");
    assert!(
        text.contains("- Slowest module: data_processing (23ms) ⚠ SLOW"),
        "{text}"
    );
    assert!(text.contains("- Discovery time: 0.50ms"));
}

#[test]
fn memreport_shows_kinds_top_consumers_and_system_memory() {
    let system = SystemMemory {
        process_resident: Some(12 * 1024 * 1024),
        available: None,
    };
    let text = memreport(&sample(), system);
    assert!(
        text.contains("│ ML Source Modules     ┆ 2       ┆ 49.0KB │"),
        "{text}"
    );
    let top = text.find("Top Memory Consumers").unwrap();
    let first = text[top..].find("data_processing").unwrap();
    let second = text[top..].find("math").unwrap();
    assert!(first < second, "{text}");
    assert!(text.contains("Total module memory: 76.3KB"), "{text}");
    assert!(text.contains("Process resident memory: 12.0MB"));
    assert!(text.contains("Available system memory: unknown"));
}

#[test]
fn modinfo_lists_facts_functions_and_imports() {
    let info = ModInfo {
        name: "data_processing".into(),
        kind: Some(ModuleKind::MlSource),
        path: Some("/p/data_processing.ml".into()),
        loaded: true,
        compile_ms: Some(2.5),
        load_ms: Some(0.2),
        memory: Some(31_744),
        reloads: 3,
        functions: vec![
            ("mean".into(), Some(vec!["numbers".into()])),
            (
                "detect_outliers".into(),
                Some(vec!["numbers".into(), "threshold".into()]),
            ),
        ],
        imports: vec![("math".into(), Some(ModuleKind::Builtin))],
        importers: vec!["<main>".into()],
        ..ModInfo::default()
    };
    let text = modinfo(&info);
    for line in [
        "│ Type           ┆ ML Source",
        "│ Reload Count   ┆ 3",
        "│ Memory Usage   ┆ 31.0KB",
        "Functions (2):\n- mean(numbers)\n- detect_outliers(numbers, threshold)",
        "Imports (1):\n- math (built-in)",
        "Imported by (1):\n- <main>",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
}

// Snapshots of whole reports (insta): the layout a user sees, reviewed as
// text. The data is fixed, so nothing needs masking.

#[test]
fn snapshot_perfmon() {
    insta::assert_snapshot!(perfmon(&sample(), 0.5, None));
}

#[test]
fn snapshot_memreport() {
    let system = SystemMemory {
        process_resident: Some(8 * 1024 * 1024),
        available: Some(16 * 1024 * 1024 * 1024),
    };
    insta::assert_snapshot!(memreport(&sample(), system));
}

#[test]
fn snapshot_modules() {
    let listed = vec![
        ListedModule {
            name: "math".into(),
            kind: ModuleKind::Builtin,
            row: Some(sample()[2].clone()),
            failed: false,
        },
        ListedModule {
            name: "json".into(),
            kind: ModuleKind::Builtin,
            row: None,
            failed: false,
        },
        ListedModule {
            name: "user_utils".into(),
            kind: ModuleKind::MlSource,
            row: Some(sample()[0].clone()),
            failed: false,
        },
        ListedModule {
            name: "algorithms.sorting".into(),
            kind: ModuleKind::MlSource,
            row: None,
            failed: false,
        },
    ];
    insta::assert_snapshot!(modules(&listed));
}
