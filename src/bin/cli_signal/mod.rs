//! Ctrl-C, SIGTERM and SIGHUP for the command line (the `ctrlc` crate's handler thread).
//!
//! Commands that can stop early (`solve`, `plan`, `compare`, `demo`, `roster`) take the first
//! signal as a request to stop searching: the library's cancel flag is set, the best result
//! so far is judged and written with status `cancelled`, and the exit code is 130. A second
//! signal, or the first for any other command, stops at once: every temporary output being
//! written is removed ([`tillit::io::atomic::remove_pending`]) and the process exits with
//! 130, having written nothing.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

/// Exit code after a signal (128 + SIGINT, as shells report it).
pub const EXIT_CANCELLED: u8 = 130;

/// The cancel flag the commands hand to the library.
static CANCEL: LazyLock<Arc<AtomicBool>> = LazyLock::new(|| Arc::new(AtomicBool::new(false)));

/// Whether the first signal should only cancel (the command honours the flag).
static GRACEFUL: AtomicBool = AtomicBool::new(false);

/// Signals received so far.
static SIGNALS: AtomicUsize = AtomicUsize::new(0);

/// The cancel flag for the library (`RunCtx::cancel`, `RosterRun::cancel`,
/// `PlanParams::cancel`).
pub fn flag() -> Arc<AtomicBool> {
    Arc::clone(&CANCEL)
}

/// Whether a signal asked the run to stop.
pub fn cancelled() -> bool {
    CANCEL.load(Ordering::SeqCst)
}

/// Installs the handler. `graceful`: the command honours the cancel flag (else the first
/// signal already stops at once). A failure to install is reported, not fatal.
pub fn install(graceful: bool) {
    GRACEFUL.store(graceful, Ordering::SeqCst);
    let installed = ctrlc::set_handler(|| {
        let n = SIGNALS.fetch_add(1, Ordering::SeqCst) + 1;
        if n == 1 && GRACEFUL.load(Ordering::SeqCst) {
            CANCEL.store(true, Ordering::SeqCst);
            eprintln!(
                "tillit: cancelling: finishing the current step and writing the best result so \
                 far (signal again to stop at once and write nothing)"
            );
        } else {
            CANCEL.store(true, Ordering::SeqCst);
            tillit::io::atomic::remove_pending();
            eprintln!("tillit: stopped; nothing written");
            std::process::exit(i32::from(EXIT_CANCELLED));
        }
    });
    if let Err(e) = installed {
        eprintln!("tillit: note: Ctrl-C handler not installed ({e})");
    }
}
