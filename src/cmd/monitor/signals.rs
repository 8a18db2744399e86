//! SIGINT and SIGTERM as a flag that long-running loops poll (`vigil ais
//! listen`, `vigil monitor`), so they stop between two lines and flush what
//! they hold instead of dying mid-write.
//!
//! A small current-thread tokio runtime on its own thread waits for the
//! signals (tokio is already a dependency for the server; no other crate is
//! needed). The first signal sets the flag; a second one exits at once with
//! status 130, for an operator who does not want to wait.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use anyhow::Context as _;

/// The process-wide flag, set at the first SIGINT or SIGTERM.
static STOP: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// Installs the handlers (once per process) and returns the flag they set.
pub(crate) fn stop_on_signals() -> anyhow::Result<Arc<AtomicBool>> {
    if let Some(flag) = STOP.get() {
        return Ok(Arc::clone(flag));
    }
    let flag = Arc::new(AtomicBool::new(false));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .context("starting the signal handler")?;
    // Registered before returning, so a signal right after start is caught.
    let mut receivers = Vec::new();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let _guard = runtime.enter();
        for (kind, name) in
            [(SignalKind::interrupt(), "SIGINT"), (SignalKind::terminate(), "SIGTERM")]
        {
            let receiver = signal(kind).with_context(|| format!("cannot handle {name}"))?;
            receivers.push((receiver, name));
        }
    }
    let set = Arc::clone(&flag);
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            runtime.block_on(async move {
                let (sender, mut received) = tokio::sync::mpsc::channel::<&'static str>(4);
                for (mut receiver, name) in receivers {
                    let sender = sender.clone();
                    tokio::spawn(async move {
                        while receiver.recv().await.is_some() {
                            if sender.send(name).await.is_err() {
                                break;
                            }
                        }
                    });
                }
                drop(sender);
                while let Some(name) = received.recv().await {
                    if set.swap(true, Ordering::SeqCst) {
                        eprintln!("vigil: {name} again: exiting now");
                        std::process::exit(130);
                    }
                    eprintln!("vigil: {name}: stopping (finishing what is in hand)");
                }
            })
        })
        .context("starting the signal thread")?;
    Ok(Arc::clone(STOP.get_or_init(|| flag)))
}
