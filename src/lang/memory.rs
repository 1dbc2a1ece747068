//! Large allocations that may fail: `MemoryError` instead of an abort.
//!
//! Values whose size a program chooses (`"a" * n`, `[0] * n`, padding,
//! joins, file reads) reserve their memory through [`reserve_string`] and
//! [`reserve_vec`]. A request is refused with `MemoryError` when it is more
//! than the machine could give (available memory plus free swap), more than
//! the optional budget (`--max-memory` / `max_memory_mb`) leaves, or when
//! the allocator says no. Small requests skip the checks: only those of at
//! least [`CHECKED_BYTES`] read the process's and the machine's memory use.
//! Many small allocations add up past the budget without any one of them
//! being checked, so [`watch_budget`] also samples the process's resident
//! memory on a thread and interrupts the VM with `MemoryError` once it is
//! over the budget, the way `--timeout` interrupts it.

use crate::lang::error::{ErrorKind, RtError};
use crate::lang::vm::{Interrupt, Vm, MEMORY_BUDGET_EXCEEDED};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Requests below this are not checked against the budget or the machine.
pub const CHECKED_BYTES: usize = 1 << 20;

/// The budget in bytes (0: none).
static BUDGET: AtomicU64 = AtomicU64::new(0);

/// Limit the memory mlpy may use to `mb` megabytes (`None`: no budget).
pub fn set_budget_mb(mb: Option<u64>) {
    let bytes = mb.map_or(0, |mb| mb.saturating_mul(1 << 20));
    BUDGET.store(bytes, Ordering::Relaxed);
}

/// The budget in megabytes, if one is set.
pub fn budget_mb() -> Option<u64> {
    match BUDGET.load(Ordering::Relaxed) {
        0 => None,
        bytes => Some(bytes >> 20),
    }
}

/// The error for a refused request of `bytes` for `what`.
pub fn memory_error(what: &str, bytes: u128) -> RtError {
    let budget = match budget_mb() {
        Some(mb) => format!(" (memory budget {mb} MB)"),
        None => String::new(),
    };
    RtError::new(
        ErrorKind::MemoryError,
        format!(
            "{what} needs {} of memory, which is not available{budget}",
            size_text(bytes)
        ),
    )
}

fn size_text(bytes: u128) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// `Ok` when `bytes` more may be allocated for `what`.
pub fn check(what: &str, bytes: u128) -> Result<(), RtError> {
    if bytes < CHECKED_BYTES as u128 {
        return Ok(());
    }
    let budget = BUDGET.load(Ordering::Relaxed);
    if budget != 0 && u128::from(resident_bytes()) + bytes > u128::from(budget) {
        return Err(memory_error(what, bytes));
    }
    if let Some(available) = machine_available_bytes() {
        if bytes > u128::from(available) {
            return Err(memory_error(what, bytes));
        }
    }
    Ok(())
}

/// An empty string with room for `bytes`, or `MemoryError`.
pub fn reserve_string(what: &str, bytes: u128) -> Result<String, RtError> {
    check(what, bytes)?;
    let size = usize::try_from(bytes).map_err(|_| memory_error(what, bytes))?;
    let mut out = String::new();
    out.try_reserve_exact(size)
        .map_err(|_| memory_error(what, bytes))?;
    Ok(out)
}

/// An empty vector with room for `items` elements, or `MemoryError`.
pub fn reserve_vec<T>(what: &str, items: u128) -> Result<Vec<T>, RtError> {
    let bytes = items.saturating_mul(std::mem::size_of::<T>() as u128);
    check(what, bytes)?;
    let count = usize::try_from(items).map_err(|_| memory_error(what, bytes))?;
    let mut out = Vec::new();
    out.try_reserve_exact(count)
        .map_err(|_| memory_error(what, bytes))?;
    Ok(out)
}

/// `text` repeated `count` times, or `MemoryError` (for `what`) when the
/// result does not fit. Built by doubling, like `str::repeat`.
pub fn repeat_str(what: &str, text: &str, count: usize) -> Result<String, RtError> {
    let total = text.len() as u128 * count as u128;
    let mut bytes: Vec<u8> = reserve_vec(what, total)?;
    if total == 0 {
        return Ok(String::new());
    }
    let total = bytes.capacity().min(total as usize);
    bytes.extend_from_slice(text.as_bytes());
    while bytes.len() * 2 <= total {
        bytes.extend_from_within(..);
    }
    let rest = total - bytes.len();
    bytes.extend_from_within(..rest);
    // Whole copies of valid text only: `total` is a multiple of its length.
    String::from_utf8(bytes).map_err(|_| memory_error(what, total as u128))
}

/// How often the budget watch reads the resident memory. A program that
/// allocates 1 GB/s overshoots the budget by at most about this much time's
/// worth before it is stopped.
const WATCH_EVERY: Duration = Duration::from_millis(10);

/// While a budget is set, interrupt `vm` with `MemoryError` whenever the
/// process's resident memory is above it. The thread ends with the VM.
pub fn watch_budget(vm: &Vm) {
    if budget_mb().is_none() {
        return;
    }
    let interrupt = Arc::downgrade(&vm.interrupt_flag());
    let reason = Arc::downgrade(&vm.timeout_flag());
    let spawned = std::thread::Builder::new()
        .name("mlpy-memory".into())
        .spawn(move || loop {
            std::thread::sleep(WATCH_EVERY);
            let (Some(interrupt), Some(reason)) = (interrupt.upgrade(), reason.upgrade()) else {
                return;
            };
            if over_budget() {
                raise(&interrupt, &reason);
            }
        });
    if let Err(e) = spawned {
        eprintln!("mlpy: warning: the memory budget cannot be watched ({e})");
    }
}

fn over_budget() -> bool {
    let budget = BUDGET.load(Ordering::Relaxed);
    budget != 0 && resident_bytes() > budget
}

fn raise(interrupt: &Interrupt, reason: &AtomicU64) {
    reason.store(MEMORY_BUDGET_EXCEEDED, Ordering::SeqCst);
    interrupt.store(true, Ordering::SeqCst);
}

/// The process's resident memory (0 if unknown).
fn resident_bytes() -> u64 {
    let Ok(statm) = std::fs::read_to_string("/proc/self/statm") else {
        return 0;
    };
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages.saturating_mul(page_size())
}

fn page_size() -> u64 {
    // SAFETY: sysconf only reads a system constant.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    u64::try_from(size).unwrap_or(4096)
}

/// What the machine could still give: available memory plus free swap,
/// from `/proc/meminfo` (`None` where that cannot be read).
fn machine_available_bytes() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = info.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb.saturating_mul(1024))
    };
    let available = field("MemAvailable:")?;
    Some(available.saturating_add(field("SwapFree:").unwrap_or(0)))
}

/// Parse `--max-memory MB` (a whole number of megabytes, at least 1).
pub fn parse_megabytes(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(mb) if (1..=1 << 40).contains(&mb) => Ok(mb),
        _ => Err(format!(
            "'{text}' is not a whole number of megabytes (at least 1)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_requests_are_memory_errors() {
        let e = reserve_string("a string", 10u128.pow(13)).unwrap_err();
        assert_eq!(e.0.type_name.to_string(), "MemoryError");
        assert!(e.0.message().contains("9.1 TB"), "{}", e.0.message());
        let e = reserve_vec::<u64>("an array", u128::from(u64::MAX)).unwrap_err();
        assert!(
            e.0.message().contains("an array needs"),
            "{}",
            e.0.message()
        );
        assert!(reserve_string("small", 100).unwrap().capacity() >= 100);
    }

    #[test]
    fn megabytes_parse() {
        assert_eq!(parse_megabytes("512"), Ok(512));
        assert!(parse_megabytes("0").is_err());
        assert!(parse_megabytes("1.5").is_err());
    }
}
