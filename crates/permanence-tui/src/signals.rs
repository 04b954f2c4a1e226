//! Signals that end the program: SIGTERM (shutdown, `kill`), SIGHUP (the
//! SSH connection or terminal window closed), SIGINT and SIGQUIT. Each only
//! sets a flag; the event loop sees it within one tick and leaves through
//! the normal path, so the terminal is restored and the database closed.

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Clone)]
pub struct Signals {
    received: Arc<AtomicUsize>,
}

impl Signals {
    pub fn install() -> std::io::Result<Signals> {
        let received = Arc::new(AtomicUsize::new(0));
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
            signal_hook::flag::register_usize(signal, Arc::clone(&received), signal as usize)?;
        }
        Ok(Signals { received })
    }

    /// The last signal received, if any.
    pub fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::Relaxed) {
            0 => None,
            signal => i32::try_from(signal).ok(),
        }
    }
}
