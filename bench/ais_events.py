#!/usr/bin/env python3
"""Benchmark: events at scale — every vigil detector against DuckDB's encounter SQL alone, on the same
generated day of positions, in one run (issue #3, "Events at scale").

What is measured:
  a generated day of positions (`crates/ais/examples/gen_positions.rs`: `mmsi,t,lat,lon,sog`, t in
  epoch seconds, time order; transits, slow ships, crowds anchored in the harbours of vigil's port
  list, planted encounters at sea and in port areas), read by
    - vigil:   `vigil ais events --positions-csv --window-h 1 FILE.csv` (the windowed pipeline of
               `vigil_ais::detect::partition`, EVERY detector: encounter, loitering, gap, identity,
               port call, zone entry, drift, speed change; events as JSON lines with their evidence
               lines, which it reads back from the file; `--runner vigil`, once that option lands); the default,
               `--runner example`, runs the library alone
               (crates/ais/examples/events_csv.rs, no evidence lines);
    - DuckDB:  ../shared/peers/peer_duckdb_encounters.py FILE.csv (the encounter detector alone, SQL).
  For each: wall seconds, CPU seconds (user + system of the process and its threads) and peak RSS,
  from wait4's rusage (vigil: median of RUNS runs; DuckDB once unless RUNS_PEER). The ratios are
  DuckDB / vigil, wall and CPU (the machine is shared: CPU seconds are the steadier figure).
  Superset: every DuckDB encounter whose mean position lies 10 km or more from every port of the
  list must overlap in time a vigil encounter of the same pair. Also: planted encounters found.

  DuckDB's script hashes its join on the 10-minute bin alone; past a few million positions it may not finish.
  `--peer-cpu-limit S` stops it after S CPU seconds (the ratio is then "at least"), and `--equijoin` runs
  bench/duckdb_encounters_equijoin.py, the same SQL with the grid join written as an equality join (the same
  events; checked against the peer whenever both finish), so the superset check is made at every size.

Run:  python3 bench/ais_events.py [--positions N] [--runs R] [--keep DIR] [--reuse] [--equijoin]
                                  [--peer-cpu-limit S] [--skip-peer] [--runner vigil|example]
      (from the repo root; installs duckdb into .peers/; default N = 60,000,000, a GFW-scale day)
"""
import argparse, csv, datetime, json, math, os, resource, statistics, subprocess, sys, tempfile, time

from jsonl import epoch_s, json_objects

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("VIGIL_SHARED", os.path.join(ROOT, "..", "shared"))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
EXAMPLES = os.path.join(TARGET, "release", "examples")
VIGIL = os.path.join(TARGET, "release", "vigil")
PEERS = os.path.join(ROOT, ".peers")
PY = os.path.join(PEERS, "bin", "python")
PORT_KM = 10.0


def setup():
    if not os.path.exists(PY):
        subprocess.run([sys.executable, "-m", "venv", PEERS], check=True)
    subprocess.run([os.path.join(PEERS, "bin", "pip"), "install", "-q", "duckdb==1.5.6"], check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "vigil-ais", "--example", "gen_positions",
                    "--example", "events_csv"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "vigil"], cwd=ROOT, check=True)


def measured(cmd, out_path, cpu_limit_s=None):
    """Runs cmd with stdout to out_path; returns (wall s, cpu s, peak RSS MB, stderr).

    With cpu_limit_s the kernel stops the process (SIGXCPU/SIGKILL) once it has used that much CPU time over
    all its threads; the stderr text then ends with a line starting "UNFINISHED"."""
    limit = None
    if cpu_limit_s:
        limit = lambda: resource.setrlimit(resource.RLIMIT_CPU, (int(cpu_limit_s), int(cpu_limit_s) + 5))
    with open(out_path, "wb") as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, preexec_fn=limit)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        err.seek(0)
        text = err.read().decode(errors="replace")
    cpu = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    if cpu_limit_s and code < 0 and cpu >= cpu_limit_s * 0.99:
        text += f"\nUNFINISHED: stopped at its CPU limit after {cpu:.0f} CPU-s ({wall:.0f} s wall)"
    elif code not in (0, 1):  # vigil: 1 = no event
        sys.exit(f"{cmd[0]} failed:\n{text}")
    return wall, cpu, usage.ru_maxrss / 1024.0, text


def same_encounters(a, b):
    """Whether two peer outputs hold the same (pair, start, end) set."""
    key = lambda e: (tuple(e["mmsi"]), e["start"], e["end"])
    return {key(e) for e in a} == {key(e) for e in b}


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def encounters(path):
    found = []
    for e in json_objects(path):
        e["start"], e["end"] = epoch_s(e["start"]), epoch_s(e["end"])
        if e["kind"] == "encounter":
            found.append(e)
    return found


def overlaps(a, b):
    return a["mmsi"] == b["mmsi"] and a["start"] < b["end"] and b["start"] < a["end"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--positions", type=int, default=60_000_000)
    ap.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", "1")))
    ap.add_argument("--window-h", type=float, default=1.0)
    ap.add_argument("--keep", help="write the CSV and outputs here (default: a temporary folder)")
    ap.add_argument("--runner", choices=["vigil", "example"], default="example")
    ap.add_argument("--skip-peer", action="store_true", help="do not run the peer's own script")
    ap.add_argument("--peer-cpu-limit", type=float,
                    help="stop the peer's script after this many CPU seconds; the speed ratio is then a lower bound")
    ap.add_argument("--equijoin", action="store_true",
                    help="also run bench/duckdb_encounters_equijoin.py (the peer's SQL with the grid join as an "
                         "equality join: the same events); checked against the peer when both finish, and used "
                         "for the superset check when the peer does not")
    ap.add_argument("--reuse", action="store_true", help="keep an existing generated CSV in --keep")
    args = ap.parse_args()
    setup()
    tmp_ctx = tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR"))
    work = args.keep or tmp_ctx.name
    os.makedirs(work, exist_ok=True)
    data = os.path.join(work, f"positions-{args.positions}.csv")
    t = time.perf_counter()
    if args.reuse and os.path.exists(data + ".truth.json"):
        print(f"reusing {data} ({os.path.getsize(data) / 1e9:.2f} GB)")
    else:
        subprocess.run([os.path.join(EXAMPLES, "gen_positions"), "--positions", str(args.positions), "--out", data],
                       check=True)
        print(f"generated {args.positions} positions in {time.perf_counter() - t:.1f} s ({os.path.getsize(data) / 1e9:.2f} GB)")
    ports = [(float(r["lat"]), float(r["lon"])) for r in csv.DictReader(open(data + ".ports.csv"))]
    truth = json.load(open(data + ".truth.json"))

    vigil_out = os.path.join(work, "vigil.jsonl")
    if args.runner == "vigil":
        cmd = [VIGIL, "ais", "events", "--positions-csv", "--window-h", str(args.window_h), data]
    else:
        cmd = [os.path.join(EXAMPLES, "events_csv"), data, "--window-h", str(args.window_h)]
    vigil_runs = [measured(cmd, vigil_out) for _ in range(args.runs)]
    v_wall = statistics.median(r[0] for r in vigil_runs)
    v_cpu = statistics.median(r[1] for r in vigil_runs)
    v_rss = max(r[2] for r in vigil_runs)
    print("vigil:", vigil_runs[-1][3].strip().splitlines()[-1])
    mine = encounters(vigil_out)
    result = {"positions": args.positions, "runner": args.runner, "window_h": args.window_h, "vigil_runs": args.runs,
              "vigil_wall_s": round(v_wall, 2), "vigil_cpu_s": round(v_cpu, 2), "vigil_peak_rss_mb": round(v_rss, 1),
              "vigil_encounters": len(mine)}
    planted_sea = [p for p in truth if not p["in_port_area"]]
    result["planted_at_sea"] = len(planted_sea)
    result["planted_at_sea_found_by_vigil"] = sum(any(overlaps(p, m) for m in mine) for p in planted_sea)
    result["planted_in_port_reported_by_vigil"] = sum(
        any(overlaps(p, m) for m in mine) for p in truth if p["in_port_area"])

    theirs = None
    if not args.skip_peer:
        peer_out = os.path.join(work, "duckdb.jsonl")
        d_wall, d_cpu, d_rss, d_err = measured([PY, os.path.join(SHARED, "peers", "peer_duckdb_encounters.py"), data],
                                               peer_out, args.peer_cpu_limit)
        print("duckdb:", d_err.strip().splitlines()[-1])
        result.update({"duckdb_wall_s": round(d_wall, 2), "duckdb_cpu_s": round(d_cpu, 2),
                       "duckdb_peak_rss_mb": round(d_rss, 1)})
        if "UNFINISHED" in d_err:
            result.update({"duckdb_finished": False, "ratio_cpu_at_least": round(d_cpu / v_cpu, 2),
                           "ratio_wall_at_least": round(d_wall / v_wall, 2)})
        else:
            theirs = encounters(peer_out)
            result.update({"duckdb_finished": True, "ratio_wall": round(d_wall / v_wall, 2),
                           "ratio_cpu": round(d_cpu / v_cpu, 2)})
    if args.equijoin:
        eq_out = os.path.join(work, "duckdb_equijoin.jsonl")
        e_wall, e_cpu, e_rss, e_err = measured([PY, os.path.join(ROOT, "bench", "duckdb_encounters_equijoin.py"),
                                                data], eq_out)
        print("duckdb (equality join):", e_err.strip().splitlines()[-1])
        rewritten = encounters(eq_out)
        result.update({"equijoin_wall_s": round(e_wall, 2), "equijoin_cpu_s": round(e_cpu, 2),
                       "equijoin_peak_rss_mb": round(e_rss, 1)})
        if theirs is not None:
            result["equijoin_same_as_peer"] = same_encounters(theirs, rewritten)
            if not result["equijoin_same_as_peer"]:
                sys.exit("the equality-join rewrite disagrees with the peer's script: fix the rewrite")
            result["superset_checked_against"] = "peer"
        else:
            theirs = rewritten
            result["superset_checked_against"] = "equijoin"
    if theirs is not None:
        outside = [e for e in theirs
                   if min((haversine_km(e["lat"], e["lon"], la, lo) for la, lo in ports), default=1e9) >= PORT_KM]
        missing = [e for e in outside if not any(overlaps(e, m) for m in mine)]
        result.update({"duckdb_encounters": len(theirs), "duckdb_outside_port_areas": len(outside),
                       "duckdb_outside_missing_in_vigil": len(missing), "superset": not missing})
        for e in missing[:5]:
            print("missing in vigil:", json.dumps(e))
    print(json.dumps(result))
    tmp_ctx.cleanup()


if __name__ == "__main__":
    main()
