#!/usr/bin/env python3
"""Benchmark: the AIS detectors on a Ballista cluster (issue #7) — throughput for 1 and 2 executors, per
million positions, next to the single-machine pipeline, vigil's plan on local DataFusion, and DuckDB's
SQL encounters; the shuffle volume; an extrapolation to a year of global AIS (20 B positions).

What is measured (all on this machine, which is shared: CPU seconds are the steadier figure):
  a simulated scenario (`vigil ais simulate --hours H --vessels V`, Korea Bay and East Sea traffic with
  planted events), converted once with `vigil ais convert ... --parquet DIR` (timed too), then
    - single:    `vigil ais events ais.nmea` (decode + segment + every detector, one process);
    - local-df:  `vigil ais events --parquet DIR` (the plan on DataFusion in one process);
    - ballista-1 / ballista-2: `vigil cluster scheduler` + 1 or 2 `vigil cluster executor` processes
                 (--slots 1 each: one core per executor), and `vigil ais events --parquet DIR --cluster`;
    - duckdb:    ../shared/peers/peer_duckdb_encounters.py over the same positions as CSV (encounters only;
                 the CSV export from the Parquet files is timed apart, like vigil's convert).
  Every vigil engine runs with anchorage learning off (the cluster plan does not learn anchorages yet), so
  their events must be the same: the script compares the multiset of (kind, vessels, start, end) of each
  engine with `single`'s and prints what differs. DuckDB's encounters follow other rules (500 m, 10-minute
  bin means, no port exclusion), so they are compared by overlap: same pair, overlapping times, both ways,
  and against the encounters planted by the simulator (truth.json).
  Each vigil engine's output is also compared with single's event by event (sorted JSON, details and evidence
  too, but not `evidence_lines`: the Parquet tables do not keep the NMEA text).
  Peak RSS: of the command's process (getrusage); for ballista, the largest of the client's and the
  servers' (VmHWM read from /proc after the job).
  Wall and CPU seconds: of the command's process (getrusage of the child) for single, local-df and duckdb;
  for ballista, wall of the client and CPU of client + scheduler + executors (the servers' utime + stime
  read from /proc just before and after the job, so their start-up is not counted).
  Shuffle volume: bytes of the files under the executors' work directories (Ballista's shuffle files,
  Arrow IPC; the last stage's output, which the client fetches, included), the most seen while the job
  ran and at its end.
  Each engine run has a time limit (--timeout); a run that fails or is stopped is a failure row in the
  table, not the end of the benchmark. --runs R repeats every engine and reports medians.

Run:  python3 bench/cluster.py [--hours 72] [--vessels 400] [--profile release|debug] [--runs 1]
                               [--timeout 1800] [--vigil PATH] [--keep DIR] [--no-duckdb]
      (from the repo root; builds `vigil` with --features cluster in that profile under $CARGO_TARGET_DIR
      unless --vigil names a binary; installs duckdb into .peers/)
"""
import argparse, collections, datetime, json, os, platform, re, shutil, signal, socket, statistics, subprocess
import sys, tempfile, threading, time

from jsonl import epoch_s, json_objects

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("VIGIL_SHARED", os.path.join(ROOT, "..", "shared"))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
PEERS = os.path.join(ROOT, ".peers")
PY = os.path.join(PEERS, "bin", "python")
CONFIG = "[encounter]\nlearn_anchorages = false\n"
YEAR_POSITIONS = 20e9
VESSEL_TYPES = (1, 2, 3, 18, 19, 27)  # the message types whose positions `vigil ais events` keeps
# Log only what the script waits for (executor registration) and problems. RUST_LOG is read by vigil's
# tracing subscriber; VIGIL_CLUSTER_LOG by the cluster's own logger where the binary has one.
SCHEDULER_LOG = {"RUST_LOG": "warn,ballista_scheduler::scheduler_server::grpc=info"}
EXECUTOR_LOG = {"RUST_LOG": "warn,ballista_executor::executor_server=info", "VIGIL_CLUSTER_LOG": "info"}


class Failed(Exception):
    """An engine run that did not finish with a usable result."""


def build(profile):
    args = ["cargo", "build", "--quiet", "--locked", "--features", "cluster", "--bin", "vigil"]
    if profile == "release":
        args.append("--release")
    subprocess.run(args, cwd=ROOT, check=True)
    return os.path.join(TARGET, profile, "vigil")


def setup_duckdb():
    if not os.path.exists(PY):
        subprocess.run([sys.executable, "-m", "venv", PEERS], check=True)
    subprocess.run([os.path.join(PEERS, "bin", "pip"), "install", "-q", "duckdb==1.5.6"], check=True)


Run = collections.namedtuple("Run", "wall cpu stderr rss_mb")


def measured(cmd, out_path, timeout, ok_codes=(0, 1)):
    """Runs cmd (its own process group) with stdout to out_path; returns Run(wall s, cpu s of the child, stderr).
    Raises Failed on an exit code outside ok_codes (vigil: 1 = no event) or when it outlives `timeout` s."""
    with open(out_path, "wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
        wall = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode(errors="replace")
    tail = "\n".join(text.strip().splitlines()[-5:])
    if timed_out:
        raise Failed(f"stopped after {timeout:.0f} s ({usage.ru_utime + usage.ru_stime:.1f} CPU-s): {tail}")
    if proc.returncode not in ok_codes:
        raise Failed(f"exit code {proc.returncode}: {tail}")
    return Run(wall, usage.ru_utime + usage.ru_stime, text, round(usage.ru_maxrss / 1024))


def event_keys(path):
    """The multiset of (kind, vessels, start, end) of a JSON-lines event file."""
    out = collections.Counter()
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                e = json.loads(line)
                out[(e["kind"], tuple(e["mmsi"]), str(e["start"]), str(e["end"]))] += 1
            except (ValueError, KeyError, TypeError) as err:
                raise Failed(f"{path}:{number}: not an event ({err})")
    return out


def sorted_lines(path):
    """The output's events as canonical JSON, sorted: equal lists mean the same events, details and evidence
    included. `evidence_lines` (the NMEA text of the evidence) is left out: the Parquet tables do not keep it."""
    out = []
    with open(path) as f:
        for line in f:
            if line.strip():
                event = json.loads(line)
                event.pop("evidence_lines", None)
                out.append(json.dumps(event, sort_keys=True))
    return sorted(out)


def line_difference(truth, got):
    """True when equal, else the kinds of single's events that differ in some field, with counts."""
    missing = collections.Counter(truth) - collections.Counter(got)
    if not missing and len(truth) == len(got):
        return True
    return dict(collections.Counter(json.loads(line)["kind"] for line in missing.elements()))


def peak_rss_mb(pid):
    """The peak resident set of a live process (VmHWM), MB."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return None


def difference(truth, got):
    """None when equal, else a short account of what is missing and extra."""
    if got == truth:
        return None
    missing, extra = truth - got, got - truth
    show = lambda c: [list(k) for k in sorted(c)[:3]]
    return {"missing": sum(missing.values()), "extra": sum(extra.values()),
            "missing_first": show(missing), "extra_first": show(extra)}


def encounters(path):
    """(pair, start s, end s) of every encounter in a JSON-lines file (vigil's or the DuckDB peer's)."""
    found = []
    for e in json_objects(path):
        if e["kind"] == "encounter":
            found.append((tuple(sorted(e["mmsi"])), epoch_s(e["start"]), epoch_s(e["end"])))
    return found


def overlapping(a, others):
    return any(a[0] == b[0] and a[1] < b[2] and b[1] < a[2] for b in others)


def free_port_pair():
    """A loopback port whose next port is free too (an executor takes both)."""
    while True:
        with socket.socket() as a:
            a.bind(("127.0.0.1", 0))
            port = a.getsockname()[1]
        try:
            with socket.socket() as b:
                b.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue


def cpu_seconds(pid):
    """utime + stime of a live process and its threads, from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        raise Failed(f"process {pid} is gone")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def dir_bytes(path):
    total = 0
    for base, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(base, name))
            except OSError:
                pass  # a shuffle file removed while walking
    return total


# What a stage's shuffle files hold, told by column names in their Arrow schema (first match wins).
STAGE_KINDS = [((b"evidence",), "events"), ((b"cell_row",), "halo rows (bin, cell)"),
               ((b"mmsi_a", b"segment"), "pair positions"), ((b"from_ms",), "pair windows"),
               ((b"mmsi_a",), "candidate (pair, bin)s"),
               ((b"segment",), "segmented positions"), ((b"callsign",), "static reports"),
               ((b"msg_type",), "positions")]


def stage_kind(folder):
    """The kind of rows in a stage's folder, from the schema at the head of one of its files."""
    for base, _, files in os.walk(folder):
        for name in files:
            if name.endswith(".arrow"):
                with open(os.path.join(base, name), "rb") as f:
                    head = f.read(8192)
                return next((kind for needles, kind in STAGE_KINDS if all(n in head for n in needles)), "other")
    return "empty"


def stage_bytes(works):
    """Shuffle bytes by job and stage, summed over the executors (WORK/JOB/STAGE/PARTITION/files), largest first,
    each with what its rows are."""
    stages = {}
    for wd in works:
        for job in os.listdir(wd):
            if job.startswith("datafusion-") or not os.path.isdir(os.path.join(wd, job)):
                continue  # DataFusion's spill folders
            for stage in os.listdir(os.path.join(wd, job)):
                folder = os.path.join(wd, job, stage)
                entry = stages.setdefault(f"{job}/{stage}", {"bytes": 0, "rows": "empty"})
                entry["bytes"] += dir_bytes(folder)
                if entry["rows"] == "empty":
                    entry["rows"] = stage_kind(folder)
    return dict(sorted(stages.items(), key=lambda kv: -kv[1]["bytes"]))


def wait_for(what, ready, procs, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        if ready():
            return
        dead = [p.args[2] for p in procs if p.poll() is not None]
        if dead:
            raise Failed(f"{', '.join(dead)} stopped while waiting for {what}")
        time.sleep(0.1)
    raise Failed(f"no {what} within {timeout} s")


def listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def log_count(path, text):
    try:
        with open(path, errors="replace") as f:
            return f.read().count(text)
    except OSError:
        return 0


def ballista(vigil, executors, pq, cfg, work, out_path, timeout):
    """One job on a fresh cluster of `executors` executors: (Run with the servers' CPU added, shuffle figures)."""
    logs = os.path.join(work, "logs")
    os.makedirs(logs, exist_ok=True)
    sport = free_port_pair()
    procs, works, executor_logs = [], [], []
    ports = [sport]

    def start(args, log, level):
        with open(log, "wb") as f:
            procs.append(subprocess.Popen([vigil, "cluster"] + args, stdout=f, stderr=subprocess.STDOUT,
                                          env=dict(os.environ, **level)))

    scheduler_log = os.path.join(logs, f"scheduler-{executors}.log")
    try:
        start(["scheduler", "--bind", f"127.0.0.1:{sport}"], scheduler_log, SCHEDULER_LOG)
        for i in range(executors):
            wd = os.path.join(work, f"exec{executors}-{i}")
            shutil.rmtree(wd, ignore_errors=True)
            os.makedirs(wd)
            works.append(wd)
            port = free_port_pair()
            ports.append(port)
            executor_logs.append(os.path.join(logs, f"executor-{executors}-{i}.log"))
            start(["executor", "--scheduler", f"127.0.0.1:{sport}", "--bind", f"127.0.0.1:{port}", "--slots", "1",
                   "--work-dir", wd], executor_logs[-1], EXECUTOR_LOG)
        wait_for("the cluster's ports", lambda: all(listening(p) for p in ports), procs)
        # Registration is read from the logs (the scheduler's or the executors' own line); if the binary logs
        # neither, the job starts after a few seconds anyway and the row says registration was not seen.
        registered = lambda: (log_count(scheduler_log, "register executor request") >= executors or all(
            log_count(log, "registration succeed") for log in executor_logs))
        try:
            wait_for(f"{executors} executors registered", registered, procs, timeout=20)
            seen = True
        except Failed:
            if any(p.poll() is not None for p in procs):
                raise
            seen = False
        time.sleep(1.5)  # the first heartbeat, so the scheduler offers every executor's slot from the start
        before = [cpu_seconds(p.pid) for p in procs]
        peak = [0]
        done = threading.Event()

        def watch_shuffle():
            while not done.wait(0.5):
                peak[0] = max(peak[0], sum(dir_bytes(w) for w in works))

        watcher = threading.Thread(target=watch_shuffle, daemon=True)
        watcher.start()
        try:
            run = measured([vigil, "ais", "events", "--parquet", pq, "--config", cfg,
                            "--cluster", f"df://127.0.0.1:{sport}"], out_path, timeout)
        finally:
            done.set()
            watcher.join()
        used = [round(cpu_seconds(p.pid) - b, 2) for p, b in zip(procs, before)]
        rss = [peak_rss_mb(p.pid) for p in procs]
        shuffle = max(peak[0], sum(dir_bytes(w) for w in works))
        return Run(run.wall, run.cpu + sum(used), run.stderr, max([run.rss_mb] + [r or 0 for r in rss])), {
            "rss_mb_client": run.rss_mb, "rss_mb_scheduler": rss[0], "rss_mb_executors": rss[1:],
            "shuffle_bytes": shuffle, "registration_seen": seen, "shuffle_by_stage": stage_bytes(works),
            "cpu_s_client": round(run.cpu, 2), "cpu_s_scheduler": used[0], "cpu_s_executors": used[1:]}
    finally:
        for p in procs:
            p.kill()
            p.wait()


def machine():
    info = {"nproc": os.cpu_count(), "kernel": platform.release()}
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        info["cpu"] = re.search(r"Model name:\s*(.+)", lscpu).group(1).strip()
    except (OSError, AttributeError):
        pass
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hours", type=float, default=72)
    ap.add_argument("--vessels", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--profile", default="release", choices=["release", "debug"])
    ap.add_argument("--vigil", help="use this vigil binary (built with --features cluster) instead of building")
    ap.add_argument("--runs", type=int, default=1, help="runs of every engine; medians are reported")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds one engine run may take")
    ap.add_argument("--keep", help="work here and keep the files (default: a temporary folder)")
    ap.add_argument("--no-duckdb", action="store_true")
    args = ap.parse_args()
    vigil = os.path.abspath(args.vigil) if args.vigil else build(args.profile)
    work = args.keep or tempfile.mkdtemp(prefix="vigil-cluster-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        run_all(args, vigil, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run_all(args, vigil, work):
    sim, pq, cfg = os.path.join(work, "sim"), os.path.join(work, "pq"), os.path.join(work, "detect.toml")
    with open(cfg, "w") as f:
        f.write(CONFIG)
    result = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": machine(), "vigil": vigil, "profile": args.profile, "hours": args.hours,
              "vessels": args.vessels, "seed": args.seed, "runs": args.runs, "load_start": os.getloadavg()}
    subprocess.run([vigil, "ais", "simulate", "--seed", str(args.seed), "--hours", str(args.hours),
                    "--vessels", str(args.vessels), "--out", sim], check=True, stderr=subprocess.DEVNULL)
    nmea = os.path.join(sim, "ais.nmea")
    shutil.rmtree(pq, ignore_errors=True)
    conv = measured([vigil, "ais", "convert", nmea, "--parquet", pq], os.devnull, args.timeout)
    written = re.search(r"(\d+) positions and (\d+) static reports", conv.stderr)
    if not written:
        sys.exit(f"vigil ais convert did not say what it wrote:\n{conv.stderr}")
    positions = int(written.group(1))
    result.update({"positions": positions, "statics": int(written.group(2)), "nmea_bytes": os.path.getsize(nmea),
                   "parquet_bytes": dir_bytes(pq), "convert_wall_s": round(conv.wall, 2),
                   "convert_cpu_s": round(conv.cpu, 2)})
    planted = [(tuple(sorted(e["mmsi"])), epoch_s(e["start"]), epoch_s(e["end"]))
               for e in json.load(open(os.path.join(sim, "truth.json")))["events"] if e["kind"] == "encounter"]

    def single(out):
        return measured([vigil, "ais", "events", "--config", cfg, nmea], out, args.timeout), {}

    def local_df(out):
        return measured([vigil, "ais", "events", "--parquet", pq, "--config", cfg], out, args.timeout), {}

    engines = [("single", single), ("local-df", local_df),
               ("ballista-1", lambda out: ballista(vigil, 1, pq, cfg, work, out, args.timeout)),
               ("ballista-2", lambda out: ballista(vigil, 2, pq, cfg, work, out, args.timeout))]
    if not args.no_duckdb:
        csv_path = os.path.join(work, "positions.csv")

        def duckdb(out):
            return measured([PY, os.path.join(SHARED, "peers", "peer_duckdb_encounters.py"), csv_path], out,
                            args.timeout, ok_codes=(0,)), {}

        try:
            setup_duckdb()
            types = ",".join(map(str, VESSEL_TYPES))
            export = measured([PY, "-c", (
                "import duckdb; duckdb.sql(\"COPY (SELECT mmsi, epoch_ms(ts)/1000.0 AS t, lat, lon, speed AS sog "
                f"FROM read_parquet('{pq}/positions/*/*.parquet') WHERE msg_type IN ({types}) "
                "AND lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180) "
                f"TO '{csv_path}' (HEADER)\")")], os.devnull, args.timeout, ok_codes=(0,))
            result.update({"duckdb_csv_export_wall_s": round(export.wall, 2), "duckdb_csv_bytes":
                           os.path.getsize(csv_path)})
            engines.append(("duckdb", duckdb))
        except (Failed, subprocess.CalledProcessError) as err:
            result["duckdb_error"] = f"setup: {err}"

    rows = {}
    single_out = os.path.join(work, "single.jsonl")
    truth = {}  # the single-machine events, once known

    def analyse(name, out):
        """What the output of one run found, and how it compares with single's."""
        found = {"planted_encounters_found": sum(overlapping(p, encounters(out)) for p in planted)}
        if name == "duckdb":
            theirs = encounters(out)
            mine = encounters(single_out) if truth else []
            found.update({"compared_with_single": bool(truth), "encounters": len(theirs),
                          "encounters_overlapping_single": sum(overlapping(e, mine) for e in theirs),
                          "single_encounters_overlapped": sum(overlapping(m, theirs) for m in mine)})
            return found
        keys = event_keys(out)
        found.update({"events": sum(keys.values()),
                      "encounters": sum(n for k, n in keys.items() if k[0] == "encounter")})
        if name == "single" and not truth:
            truth["keys"], truth["lines"] = keys, sorted_lines(out)
        elif truth:
            found["equal_to_single"] = difference(truth["keys"], keys) or True
            found["lines_equal_to_single"] = line_difference(truth["lines"], sorted_lines(out))
        return found

    for name, engine in engines:
        out = os.path.join(work, f"{name}.jsonl")
        row = rows[name] = {"walls": [], "cpus": [], "loads": [], "rss_mbs": []}
        for _ in range(args.runs):
            try:
                run, extras = engine(out)
                found = analyse(name, out)
            except Failed as err:
                row["error"] = str(err)
                print(f"{name}: FAILED: {err}", file=sys.stderr)
                break
            row["walls"].append(run.wall)
            row["cpus"].append(run.cpu)
            row["rss_mbs"].append(run.rss_mb)
            row["loads"].append(round(os.getloadavg()[0], 1))
            row.update(extras)
            if row.get("equal_to_single", True) is not True:
                found.pop("equal_to_single", None)  # keep the first run that differed
            row.update(found)
            print(f"{name}: wall {run.wall:.1f} s, CPU {run.cpu:.1f} s, load {os.getloadavg()[0]:.1f}",
                  file=sys.stderr)
    result["planted_encounters"] = len(planted)
    report(result, rows, positions, work)


def report(result, rows, positions, work):
    per_m = positions / 1e6
    table = []
    for name, row in rows.items():
        entry = {k: v for k, v in row.items() if k not in ("walls", "cpus")}
        if row["walls"]:
            wall, cpu = statistics.median(row["walls"]), statistics.median(row["cpus"])
            entry.update({"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "wall_s_per_million": round(wall / per_m, 3),
                          "cpu_s_per_million": round(cpu / per_m, 3), "positions_per_s": round(positions / wall),
                          "positions_per_cpu_s": round(positions / cpu), "all_walls": [round(w, 2) for w in row["walls"]],
                          "all_cpus": [round(c, 2) for c in row["cpus"]],
                          "peak_rss_mb": max(row["rss_mbs"])})
        result[name] = entry
        table.append((name, entry))
    result["load_end"] = os.getloadavg()
    b2 = result.get("ballista-2", {})
    if "cpu_s" in b2:
        cpu_per_pos = b2["cpu_s"] / positions
        result["year_20B_cpu_core_hours"] = round(YEAR_POSITIONS * cpu_per_pos / 3600)
        result["year_20B_hours_on_100_cores"] = round(YEAR_POSITIONS * cpu_per_pos / 3600 / 100, 1)
    for n in (1, 2):
        by_stage = result.get(f"ballista-{n}", {}).get("shuffle_by_stage", {})
        by_kind = collections.Counter()
        for stage in by_stage.values():
            by_kind[stage["rows"]] += stage["bytes"]
        if by_kind:
            result[f"ballista_{n}_shuffle_by_rows"] = {
                kind: {"bytes": b, "stages": sum(1 for st in by_stage.values() if st["rows"] == kind),
                       "bytes_per_position": round(b / positions, 1)} for kind, b in by_kind.most_common()}
        shuffle = result.get(f"ballista-{n}", {}).get("shuffle_bytes")
        if shuffle is not None:
            result[f"ballista_{n}_shuffle_bytes_per_position"] = round(shuffle / positions, 1)
            result[f"ballista_{n}_year_20B_shuffle_tb"] = round(YEAR_POSITIONS * shuffle / positions / 1e12, 1)
    print(json.dumps(result, indent=2))
    with open(os.path.join(work, "result.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(f"\n{positions:,} positions ({result['hours']:g} h, {result['vessels']} vessels); "
          f"convert: {result['convert_wall_s']} s wall, {result['convert_cpu_s']} CPU-s; "
          f"load average {result['load_start'][0]:.1f} at the start, {result['load_end'][0]:.1f} at the end\n")
    print("| engine | wall s | CPU s | wall s / M pos | CPU s / M pos | positions / CPU-s | events | encounters "
          "| planted enc. found | same events as single | same lines | peak RSS MB | shuffle bytes |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, e in table:
        if "wall_s" not in e:
            print(f"| {name} | FAILED: {e.get('error', '?')[:200]} |||||||||||||")
            continue
        eq = e.get("equal_to_single")
        same = "—" if eq is None else ("yes" if eq is True else f"NO: {eq['missing']} missing, {eq['extra']} extra")
        lines = e.get("lines_equal_to_single")
        lines = "—" if lines is None else ("yes" if lines is True else "NO: " + ", ".join(
            f"{n} {kind}" for kind, n in sorted(lines.items())))
        if name == "duckdb":
            same = (f"(encounters only: {e['encounters_overlapping_single']} of {e['encounters']} overlap single's; "
                    f"{e['single_encounters_overlapped']} of single's overlap one)")
        print(f"| {name} | {e['wall_s']:.1f} | {e['cpu_s']:.1f} | {e['wall_s_per_million']:.2f} | "
              f"{e['cpu_s_per_million']:.2f} | {e['positions_per_cpu_s']:,} | {e.get('events', '—')} | "
              f"{e.get('encounters', '—')} | {e.get('planted_encounters_found', '—')}/{result['planted_encounters']} | "
              f"{same} | {lines} | {e['peak_rss_mb']} | {e.get('shuffle_bytes', '—')} |")

    for n in (1, 2):
        kinds = result.get(f"ballista_{n}_shuffle_by_rows")
        if kinds:
            print(f"\nballista-{n} shuffle: {result[f'ballista_{n}_shuffle_bytes_per_position']} bytes per position; by rows: "
                  + "; ".join(f"{k} {v['bytes_per_position']} B/pos in {v['stages']} stage(s)" for k, v in kinds.items()))


if __name__ == "__main__":
    main()
