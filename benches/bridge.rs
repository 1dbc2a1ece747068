//! Python bridge speed: starting the worker, loading a module once the
//! worker runs, and the round trip of a call with small arguments. A plain
//! harness (`cargo bench --bench bridge`): each measurement is repeated and
//! the median printed. Needs `python3`; the interpreter is resolved once so
//! a launcher shim on the PATH does not count as worker start.

mod common;

use common::{median, time};
use mlpy::bridge::worker::Worker;
use mlpy::bridge::{Bridge, BridgeSettings};
use mlpy::lang::value::Value;
use mlpy::lang::vm::Vm;
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

fn python() -> String {
    let out = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 is needed for this benchmark");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let python = python();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("tests/fixtures/bridge");
    let examples = root.join("examples/extensions");
    let timeout = Duration::from_secs(30);
    println!("python: {python}");

    let start = time(15, || Worker::start(&python, timeout).expect("start"));
    println!(
        "worker start (to first answer):       {:>9.3} ms",
        ms(start)
    );

    let settings = BridgeSettings {
        python,
        timeout,
        allow_eval: false,
    };
    let bridge = Rc::new(Bridge::new(settings));
    for (name, path) in [
        ("validation", examples.join("validation.py")),
        ("crypto", examples.join("crypto_module.py")),
        ("bridge_checks", fixtures.join("bridge_checks.py")),
        ("database", examples.join("database.py")),
    ] {
        bridge.load(name, &path).expect("first load");
        let samples: Vec<Duration> = (0..41)
            .map(|_| bridge.reload(name, &path).expect("load").took)
            .collect();
        println!(
            "load of {name:<14} (worker running):   {:>9.3} ms",
            ms(median(samples))
        );
    }

    let mut vm = Vm::with_output(Box::new(std::io::sink()));
    let loaded = bridge
        .load("validation", &examples.join("validation.py"))
        .expect("load");
    let validate = loaded.globals.get("validate_email").expect("function");
    let email = [Value::str("ada@example.org")];
    let checks = bridge
        .load("bridge_checks", &fixtures.join("bridge_checks.py"))
        .expect("load");
    let echo = checks.globals.get("echo").expect("function");
    let small = [Value::Int(42)];
    for _ in 0..500 {
        vm.call_value(&echo, &small).expect("warm-up");
    }
    let round_trip = |f: &Value, args: &[Value], vm: &mut Vm| {
        let samples: Vec<Duration> = (0..5000)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(vm.call_value(f, args).expect("call"));
                started.elapsed()
            })
            .collect();
        median(samples)
    };
    let echo_median = round_trip(&echo, &small, &mut vm);
    println!(
        "call round trip echo(42):             {:>9.1} µs",
        echo_median.as_secs_f64() * 1e6
    );
    let validate_median = round_trip(&validate, &email, &mut vm);
    println!(
        "call round trip validate_email(...):  {:>9.1} µs",
        validate_median.as_secs_f64() * 1e6
    );
}
