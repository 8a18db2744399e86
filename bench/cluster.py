#!/usr/bin/env python3
"""Benchmark: the AIS detectors on a Ballista cluster (issue #7) — throughput for 1 and 2 executors, per
million positions, next to the single-machine pipeline, vigil's plan on local DataFusion, and DuckDB's
SQL encounters; the shuffle volume; an extrapolation to a year of global AIS (20 B positions).

What is measured (all on this machine, which is shared: CPU seconds are the steadier figure):
  a simulated scenario (`vigil ais simulate --hours H --vessels V`, Korea Bay and East Sea traffic with
  planted events), converted once with `vigil ais convert ... --parquet DIR` (timed too), then
    - single:    `vigil ais events ais.nmea` (decode + segment + every detector, one process);
    - local-df:  `vigil ais events --parquet DIR` (the three-stage plan on DataFusion in one process);
    - ballista-1 / ballista-2: `vigil cluster scheduler` + 1 or 2 `vigil cluster executor` processes
                 (--slots 1 each: one core per executor), and `vigil ais events --parquet DIR --cluster`;
    - duckdb:    ../shared/peers/peer_duckdb_encounters.py over the same positions as CSV (encounters only).
  Every engine runs with anchorage learning off (the cluster plan does not learn anchorages yet), so the
  events must be the same; the script checks kinds, vessels and times against `single`.
  Wall and CPU seconds: of the client process for single, local-df and duckdb; for ballista, wall of the
  client and CPU of scheduler + executors + client (read from /proc before they are stopped).
  Shuffle volume: bytes under the executors' work directories after the job (Ballista's shuffle files).

Run:  python3 bench/cluster.py [--hours 72] [--vessels 400] [--profile release|debug] [--keep DIR]
      (from the repo root; builds `vigil` with --features cluster in that profile; installs duckdb into .peers/)
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("VIGIL_SHARED", os.path.join(ROOT, "..", "shared"))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
PEERS = os.path.join(ROOT, ".peers")
PY = os.path.join(PEERS, "bin", "python")
CONFIG = "[encounter]\nlearn_anchorages = false\n"
YEAR_POSITIONS = 20e9


def build(profile):
    args = ["cargo", "build", "--quiet", "--features", "cluster", "--bin", "vigil"]
    if profile == "release":
        args.append("--release")
    subprocess.run(args, cwd=ROOT, check=True)
    return os.path.join(TARGET, profile, "vigil")


def setup_duckdb():
    if not os.path.exists(PY):
        subprocess.run([sys.executable, "-m", "venv", PEERS], check=True)
    subprocess.run([os.path.join(PEERS, "bin", "pip"), "install", "-q", "duckdb==1.5.6"], check=True)


def measured(cmd, out_path):
    """Runs cmd with stdout to out_path; returns (wall s, cpu s, stderr)."""
    with open(out_path, "wb") as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        err.seek(0)
        text = err.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{cmd} failed:\n{text}")
    return wall, usage.ru_utime + usage.ru_stime, text


def keys(path):
    out = set()
    with open(path) as f:
        for line in f:
            e = json.loads(line)
            out.add((e["kind"], tuple(e["mmsi"]), e["start"], e["end"]))
    return out


def free_port_pair():
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


def wait_port(port, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    sys.exit(f"nothing listens on {port}")


def cpu_seconds(pid):
    """utime + stime of a live process, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick


def dir_bytes(path):
    total = 0
    for base, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(base, name))
            except OSError:
                pass
    return total


def ballista(vigil, executors, pq, cfg, work, out_path):
    sport = free_port_pair()
    procs = [subprocess.Popen([vigil, "cluster", "scheduler", "--bind", f"127.0.0.1:{sport}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    wait_port(sport)
    works = []
    for i in range(executors):
        port = free_port_pair()
        wd = os.path.join(work, f"exec{executors}-{i}")
        os.makedirs(wd, exist_ok=True)
        works.append(wd)
        procs.append(subprocess.Popen([vigil, "cluster", "executor", "--scheduler", f"127.0.0.1:{sport}",
                                       "--bind", f"127.0.0.1:{port}", "--slots", "1", "--work-dir", wd],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_port(port)
    time.sleep(1.5)
    try:
        before = sum(cpu_seconds(p.pid) for p in procs)
        wall, cpu, err = measured([vigil, "ais", "events", "--parquet", pq, "--config", cfg,
                                   "--cluster", f"df://127.0.0.1:{sport}"], out_path)
        servers_cpu = sum(cpu_seconds(p.pid) for p in procs) - before
        shuffle = sum(dir_bytes(w) for w in works)
    finally:
        for p in procs:
            p.kill()
            p.wait()
    return wall, cpu + servers_cpu, shuffle


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hours", type=float, default=72)
    ap.add_argument("--vessels", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--profile", default="release", choices=["release", "debug"])
    ap.add_argument("--keep")
    ap.add_argument("--no-duckdb", action="store_true")
    args = ap.parse_args()
    vigil = build(args.profile)
    work = args.keep or tempfile.mkdtemp(prefix="vigil-cluster-bench-")
    os.makedirs(work, exist_ok=True)
    sim, pq, cfg = os.path.join(work, "sim"), os.path.join(work, "pq"), os.path.join(work, "detect.toml")
    with open(cfg, "w") as f:
        f.write(CONFIG)
    subprocess.run([vigil, "ais", "simulate", "--seed", str(args.seed), "--hours", str(args.hours),
                    "--vessels", str(args.vessels), "--out", sim], check=True, stderr=subprocess.DEVNULL)
    nmea = os.path.join(sim, "ais.nmea")
    shutil.rmtree(pq, ignore_errors=True)
    c_wall, c_cpu, c_err = measured([vigil, "ais", "convert", nmea, "--parquet", pq], os.devnull)
    positions = int(c_err.split()[0])
    result = {"profile": args.profile, "hours": args.hours, "vessels": args.vessels, "positions": positions,
              "parquet_bytes": dir_bytes(pq), "convert_wall_s": round(c_wall, 2), "convert_cpu_s": round(c_cpu, 2)}
    runs = {}
    out = os.path.join(work, "single.jsonl")
    wall, cpu, _ = measured([vigil, "ais", "events", "--config", cfg, nmea], out)
    runs["single"] = (wall, cpu)
    truth = keys(out)
    result["events"] = len(truth)
    out = os.path.join(work, "local-df.jsonl")
    wall, cpu, _ = measured([vigil, "ais", "events", "--parquet", pq, "--config", cfg], out)
    runs["local-df"] = (wall, cpu)
    result["local_df_equal"] = keys(out) == truth
    for n in (1, 2):
        out = os.path.join(work, f"ballista-{n}.jsonl")
        wall, cpu, shuffle = ballista(vigil, n, pq, cfg, work, out)
        runs[f"ballista-{n}"] = (wall, cpu)
        result[f"ballista_{n}_equal"] = keys(out) == truth
        result[f"ballista_{n}_shuffle_bytes"] = shuffle
    if not args.no_duckdb:
        setup_duckdb()
        csv_path = os.path.join(work, "positions.csv")
        subprocess.run([PY, "-c", (
            "import duckdb,sys; duckdb.sql(\"COPY (SELECT mmsi, epoch_ms(ts)/1000.0 AS t, lat, lon, speed AS sog "
            f"FROM read_parquet('{pq}/positions/*/*.parquet') WHERE msg_type IN (1,2,3,18,19,27)) "
            f"TO '{csv_path}' (HEADER)\")")], check=True)
        wall, cpu, _ = measured([PY, os.path.join(SHARED, "peers", "peer_duckdb_encounters.py"), csv_path],
                                os.path.join(work, "duckdb.jsonl"))
        runs["duckdb"] = (wall, cpu)
    per_m = positions / 1e6
    for name, (wall, cpu) in runs.items():
        result[name] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                        "wall_s_per_million": round(wall / per_m, 2), "cpu_s_per_million": round(cpu / per_m, 2),
                        "positions_per_s": round(positions / wall)}
    # A year of global AIS at the measured per-core CPU cost of the 2-executor run, spread over N cores.
    cpu_per_pos = runs["ballista-2"][1] / positions
    result["year_20B_core_hours"] = round(YEAR_POSITIONS * cpu_per_pos / 3600, 1)
    result["year_20B_hours_on_100_cores"] = round(YEAR_POSITIONS * cpu_per_pos / 3600 / 100, 2)
    result["shuffle_bytes_per_position"] = round(result["ballista_2_shuffle_bytes"] / positions, 1)
    result["year_20B_shuffle_tb"] = round(YEAR_POSITIONS * result["shuffle_bytes_per_position"] / 1e12, 2)
    print(json.dumps(result, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
