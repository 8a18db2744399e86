//! Faults of a real cluster on loopback (`--features cluster` only): the
//! `vigil cluster scheduler` and `vigil cluster executor` commands as
//! processes, one executor killed in the middle of a job. The job must then
//! fail with an error or finish with every event, never with part of them.
#![cfg(feature = "cluster")]

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use vigil_cluster::plan::RunSpec;

const CONFIG: &str = "[encounter]\nlearn_anchorages = false\n";

/// Kills its process when dropped, so a failed assertion leaves no server.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free loopback port whose next port is free too (an executor takes two).
fn free_port_pair() -> u16 {
    for _ in 0..50 {
        let a = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = a.local_addr().unwrap().port();
        if port < u16::MAX && TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
    panic!("no free pair of loopback ports");
}

fn spawn(args: &[String]) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start vigil");
    Server(child)
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

type Key = (&'static str, Vec<u32>, i64, i64);

fn keys(events: &[vigil_ais::detect::Event]) -> BTreeSet<Key> {
    events.iter().map(|e| (e.kind.as_str(), e.mmsi.clone(), e.start.0, e.end.0)).collect()
}

/// A day of 16 vessels: small enough for CI's debug build, long enough
/// (several seconds of tasks in that build) to kill an executor mid-job.
#[test]
#[ignore = "hangs at times: on a fresh clone (2026-11-30, loaded 2-core machine) the job neither \
            failed nor finished within 4 minutes of the kill; it passed in 41 s once before. Run \
            with --ignored; a job that hangs after losing an executor is an open problem"]
fn an_executor_killed_mid_job_gives_an_error_or_every_event_never_part() {
    let dir = tempfile::tempdir().unwrap();
    let sim = dir.path().join("sim");
    let pq = dir.path().join("pq");
    let run = |args: &[&str]| {
        let status = Command::new(env!("CARGO_BIN_EXE_vigil")).args(args).status().unwrap();
        assert!(status.success(), "vigil {args:?}");
    };
    run(&[
        "ais",
        "simulate",
        "--seed",
        "3",
        "--hours",
        "24",
        "--vessels",
        "16",
        "--out",
        sim.to_str().unwrap(),
    ]);
    run(&[
        "ais",
        "convert",
        sim.join("ais.nmea").to_str().unwrap(),
        "--parquet",
        pq.to_str().unwrap(),
    ]);
    let spec = RunSpec { config_toml: CONFIG.into(), ..RunSpec::default() };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let expected = keys(&runtime.block_on(vigil_cluster::run::run_local(&pq, &spec, 4)).unwrap());
    assert!(!expected.is_empty());

    let scheduler_port = free_port_pair();
    let _scheduler = spawn(&[
        "cluster".into(),
        "scheduler".into(),
        "--bind".into(),
        format!("127.0.0.1:{scheduler_port}"),
        "--executor-timeout-s".into(),
        "6".into(),
    ]);
    wait_for_port(scheduler_port);
    let mut executors = Vec::new();
    for _ in 0..2 {
        let port = free_port_pair();
        let work = dir.path().join(format!("work{port}"));
        std::fs::create_dir_all(&work).unwrap();
        executors.push(spawn(&[
            "cluster".into(),
            "executor".into(),
            "--scheduler".into(),
            format!("127.0.0.1:{scheduler_port}"),
            "--bind".into(),
            format!("127.0.0.1:{port}"),
            "--slots".into(),
            "2".into(),
            "--work-dir".into(),
            work.display().to_string(),
        ]));
        wait_for_port(port);
    }
    std::thread::sleep(Duration::from_secs(1)); // let both register
    let url = format!("df://127.0.0.1:{scheduler_port}");

    // A whole run first: the cluster works and agrees.
    let whole = runtime.block_on(vigil_cluster::run::run_cluster(&url, &pq, &spec, 4)).unwrap();
    assert_eq!(keys(&whole), expected);

    // Then again, killing one executor shortly after the job starts.
    let job = {
        let (url, pq, spec) = (url.clone(), pq.clone(), spec.clone());
        runtime.spawn(async move { vigil_cluster::run::run_cluster(&url, &pq, &spec, 4).await })
    };
    std::thread::sleep(Duration::from_millis(700));
    let mut victim = executors.remove(0);
    victim.0.kill().unwrap();
    let finished_before_kill = job.is_finished();
    let outcome = runtime
        .block_on(async { tokio::time::timeout(Duration::from_secs(240), job).await })
        .expect("the job ends (error or result) within 4 minutes")
        .unwrap();
    match outcome {
        Ok(events) => {
            assert_eq!(keys(&events), expected, "a job that succeeds has every event");
            eprintln!("job finished with every event (retried: {})", !finished_before_kill);
        }
        Err(err) => {
            let text = err.to_string();
            assert!(!text.is_empty());
            eprintln!("job failed clearly: {text}");
        }
    }
}
