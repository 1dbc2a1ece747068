//! The profiler's time source: nanoseconds since recording started, read
//! twice per profiled call, so it must be cheap (the monotonic clock, which
//! Linux answers without a system call).

use std::time::Instant;

pub(super) struct Clock {
    origin: Instant,
}

impl Clock {
    pub(super) fn start() -> Clock {
        Clock {
            origin: Instant::now(),
        }
    }

    #[inline]
    pub(super) fn now(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    /// Wall time since recording started.
    pub(super) fn elapsed_ns(&self) -> u64 {
        self.now()
    }
}
