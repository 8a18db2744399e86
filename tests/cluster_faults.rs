//! Faults of a real cluster on loopback (`--features cluster` only): the
//! `vigil cluster scheduler` and `vigil cluster executor` commands as
//! processes, one executor killed in the middle of a `vigil ais events
//! --cluster` run. The run must then fail with a clear error and write no
//! event, or write exactly the single-machine events; never part of them,
//! and never events counted from rows read twice.
#![cfg(feature = "cluster")]

mod common;

use std::fs::File;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CONFIG: &str = "[encounter]\nlearn_anchorages = false\n";

/// The test's bound on the killed run (the run's own `--job-timeout` is
/// shorter, so a job stuck on the cluster still ends within it).
const RUN_BOUND: Duration = Duration::from_secs(180);
const JOB_TIMEOUT_S: &str = "150";

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

/// Starts `vigil ARGS`, its standard error into `log`.
fn spawn(args: &[String], log: &Path) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(File::create(log).unwrap())
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

/// Runs `vigil ARGS` to its end, which must be a success; its stdout.
fn vigil_ok(args: &[&str]) -> String {
    common::vigil_expect(args, 0).0
}

/// The JSON lines of a run, sorted: two runs agree when these are equal,
/// details (position counts, conflicts) included.
fn sorted_lines(stdout: &str) -> Vec<String> {
    let mut lines: Vec<String> = stdout.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

/// The servers' logs, for a failure message.
fn logs(dir: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "log") {
            let body = std::fs::read_to_string(&path).unwrap_or_default();
            let tail: Vec<&str> = body.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            text += &format!("--- {} (last 40 lines)\n{}\n", path.display(), tail.join("\n"));
        }
    }
    text
}

/// The job folders an executor has written shuffle output into.
fn jobs_with_output(work: &Path) -> Vec<String> {
    let mut jobs = Vec::new();
    for job in std::fs::read_dir(work).into_iter().flatten().flatten() {
        if walk_has_data(&job.path(), 3) {
            jobs.push(job.file_name().to_string_lossy().into_owned());
        }
    }
    jobs.sort();
    jobs
}

fn walk_has_data(path: &Path, depth: u32) -> bool {
    let Ok(entries) = std::fs::read_dir(path) else { return false };
    entries.flatten().any(|e| {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        (name.starts_with("data") && name.ends_with(".arrow"))
            || (depth > 0 && walk_has_data(&p, depth - 1))
    })
}

/// A day of 16 vessels: small enough for CI's debug build, long enough
/// (several seconds of tasks in that build) to kill an executor mid-job.
#[test]
fn an_executor_killed_mid_job_gives_an_error_or_every_event_never_part() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (sim, pq, config) = (path("sim"), path("pq"), path("config.toml"));
    std::fs::write(&config, CONFIG).unwrap();
    vigil_ok(&[
        "ais",
        "simulate",
        "--seed",
        "3",
        "--hours",
        "24",
        "--vessels",
        "16",
        "--out",
        &sim,
    ]);
    vigil_ok(&["ais", "convert", &format!("{sim}/ais.nmea"), "--parquet", &pq]);
    let local = sorted_lines(&vigil_ok(&["ais", "events", "--parquet", &pq, "--config", &config]));
    assert!(!local.is_empty());

    let scheduler_port = free_port_pair();
    let _scheduler = spawn(
        &[
            "cluster".into(),
            "scheduler".into(),
            "--bind".into(),
            format!("127.0.0.1:{scheduler_port}"),
            "--executor-timeout-s".into(),
            "6".into(),
        ],
        &dir.path().join("scheduler.log"),
    );
    wait_for_port(scheduler_port);
    let mut executors = Vec::new();
    let mut work_dirs = Vec::new();
    for n in 0..2 {
        let port = free_port_pair();
        let work = dir.path().join(format!("work{n}"));
        std::fs::create_dir_all(&work).unwrap();
        let args = [
            "cluster",
            "executor",
            "--scheduler",
            &format!("127.0.0.1:{scheduler_port}"),
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--slots",
            "2",
            "--work-dir",
            &work.display().to_string(),
        ]
        .map(String::from);
        executors.push(spawn(&args, &dir.path().join(format!("executor{n}.log"))));
        work_dirs.push(work);
        wait_for_port(port);
    }
    std::thread::sleep(Duration::from_secs(1)); // let both register
    let url = format!("df://127.0.0.1:{scheduler_port}");
    let events_args = ["ais", "events", "--parquet", &pq, "--config", &config, "--cluster", &url];

    // A whole run first: the cluster works and agrees, line for line.
    let whole = sorted_lines(&vigil_ok(&events_args));
    assert!(whole == local, "the cluster disagrees before any fault\n{}", logs(dir.path()));

    // Then again, killing executor 0 once it has written shuffle output of
    // the run's second job (the first works out the input's clock; the
    // second finds the events).
    let before = jobs_with_output(&work_dirs[0]);
    let (out_path, err_path) = (dir.path().join("run.out"), dir.path().join("run.err"));
    let started = Instant::now();
    let mut run = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(events_args)
        .args(["--job-timeout", JOB_TIMEOUT_S])
        .stdout(File::create(&out_path).unwrap())
        .stderr(File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let kill_by = Instant::now() + Duration::from_secs(120);
    let killed_mid_run = loop {
        let mut jobs: Vec<String> = work_dirs
            .iter()
            .flat_map(|w| jobs_with_output(w))
            .filter(|j| !before.contains(j))
            .collect();
        jobs.sort();
        jobs.dedup();
        let newest = jobs.last().cloned();
        let victim_has_newest =
            newest.as_ref().is_some_and(|j| jobs_with_output(&work_dirs[0]).contains(j));
        if jobs.len() >= 2 && victim_has_newest {
            executors[0].0.kill().unwrap();
            break run.try_wait().unwrap().is_none();
        }
        if run.try_wait().unwrap().is_some() || Instant::now() > kill_by {
            executors[0].0.kill().unwrap();
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let killed_after = started.elapsed();
    let status = loop {
        if let Some(status) = run.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > RUN_BOUND {
            let _ = run.kill();
            panic!(
                "the run neither failed nor finished within {RUN_BOUND:?} of its start\n{}",
                logs(dir.path())
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let took = started.elapsed();
    let stdout = std::fs::read_to_string(&out_path).unwrap();
    let stderr = std::fs::read_to_string(&err_path).unwrap();
    assert!(killed_mid_run, "the run ended before the kill ({status}): {stderr}");
    match status.code() {
        Some(0) => {
            let events = sorted_lines(&stdout);
            assert!(events == local, "a run that succeeds has every event, exactly\n{stderr}");
            eprintln!(
                "killed at {killed_after:?}; the run retried and wrote every event in {took:?}"
            );
        }
        Some(2) => {
            assert!(stdout.is_empty(), "a failed run writes no event, but wrote:\n{stdout}");
            assert!(
                stderr.contains("no events were written") && stderr.contains("resubmit"),
                "a failed run says so clearly: {stderr}"
            );
            eprintln!("killed at {killed_after:?}; the run failed in {took:?}: {}", stderr.trim());
            // Resubmitted, the run succeeds on the executor that is left.
            let again = sorted_lines(&vigil_ok(&events_args));
            assert!(again == local, "the resubmitted run disagrees\n{}", logs(dir.path()));
        }
        _ => panic!("vigil ais events ended with {status}: {stderr}\n{}", logs(dir.path())),
    }
}

/// A job the cluster cannot run (its scheduler has no executor) ends at
/// `--job-timeout`: cancelled on the scheduler, named in the error, and no
/// event written.
#[test]
fn a_job_that_cannot_finish_ends_at_the_job_timeout_with_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (sim, pq) = (path("sim"), path("pq"));
    vigil_ok(&["ais", "simulate", "--seed", "5", "--hours", "2", "--vessels", "2", "--out", &sim]);
    vigil_ok(&["ais", "convert", &format!("{sim}/ais.nmea"), "--parquet", &pq]);
    let port = free_port_pair();
    let bind = format!("127.0.0.1:{port}");
    let args = ["cluster", "scheduler", "--bind", &bind].map(String::from);
    let _scheduler = spawn(&args, &dir.path().join("scheduler.log"));
    wait_for_port(port);
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(["ais", "events", "--parquet", &pq, "--cluster", &format!("df://{bind}")])
        .args(["--job-timeout", "3"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "no event is written");
    assert!(
        stderr.contains("cluster job ")
            && stderr.contains("did not finish within the 3 s job timeout")
            && stderr.contains("cancelled on the scheduler"),
        "{stderr}"
    );
    assert!(started.elapsed() < Duration::from_secs(60), "ended at the timeout, not later");
}
