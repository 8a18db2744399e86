#!/usr/bin/env python3
"""Benchmark: `vigil ais decode` and columnar decoding against pyais and gpsd's gpsdecode, on the
same file, in one run.

What is measured (issue #3, "Decoding speed"):
  the DMA AisAbnormal `ais-sample.txt.gz`, decompressed and repeated COPIES times (20: about
  60 MB, 521k messages), decoded by
    - vigil, JSON lines:  `vigil ais decode FILE > /dev/null`. Two threads: one reads and
                          decodes, one formats and writes (same bytes as one thread would write).
                          Also run pinned to one core (`taskset -c 0`), to show the one-core figure.
    - vigil, columns:     the `columns_bench` example of vigil-ais: the file in memory,
                          decompressed, decoded into `PositionColumns` on one thread (pinned with
                          taskset when available). Timed: line splitting, checksums, tag blocks,
                          $PGHP times, reassembly and filling the columns; not reading the file.
    - pyais:              ../shared/peers/peer_pyais.py FILE (pyais 3.3.1, every message decoded)
    - gpsdecode:          `gpsdecode -u < FILE > /dev/null` (gpsd 3.22, C)
  For each: the median wall-clock time over RUNS runs (pyais over PYAIS_RUNS), messages/s from
  vigil's own message count (`--stats --json`), and also the CPU time (user + system, from
  getrusage; the columns from the thread's own CPU clock), since the machine may be shared.
  Ratios are vigil's messages/s over each peer's, all measured in this run: `ratio_*` by wall
  clock (vigil's JSON path on two threads, or pinned to one core for `one_core`), and
  `ratio_*_cpu_*` by CPU time (vigil's two threads' CPU summed), which a loaded machine
  disturbs least.

Run:  python3 bench/ais_decode.py      (from the repo root; installs pyais into .peers/ and
                                         gpsd-clients with apt-get when missing)
      python3 bench/ais_decode.py --same-output OLD_VIGIL [NEW_VIGIL]
            checks that a change kept the output: `vigil ais decode --stats --json` of every file
            under ../shared/data/ais/nmea/ (one by one, all at once, and one through stdin) and of
            the COPIES-times file is byte for byte the same with both binaries (NEW_VIGIL defaults
            to the release build); exit status 1 on any difference
Env:  VIGIL_SHARED (default ../shared), RUNS (default 5), PYAIS_RUNS (default 3), COPIES (default
      20), CARGO_TARGET_DIR (where cargo builds; default target/)
"""
import gzip, json, os, resource, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("VIGIL_SHARED", os.path.join(ROOT, "..", "shared"))
SAMPLE = os.path.join(SHARED, "data", "ais", "nmea", "dma_aisabnormal", "ais-sample.txt.gz")
RUNS = int(os.environ.get("RUNS", "5"))
PYAIS_RUNS = int(os.environ.get("PYAIS_RUNS", "3"))
COPIES = int(os.environ.get("COPIES", "20"))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
VIGIL = os.path.join(TARGET, "release", "vigil")
COLUMNS = os.path.join(TARGET, "release", "examples", "columns_bench")
PEERS = os.path.join(ROOT, ".peers")
PY = os.path.join(PEERS, "bin", "python")
TASKSET = shutil.which("taskset")


def setup():
    if not os.path.exists(PY):
        subprocess.run([sys.executable, "-m", "venv", PEERS], check=True)
    subprocess.run([os.path.join(PEERS, "bin", "pip"), "install", "-q", "pyais==3.3.1"], check=True)
    if shutil.which("gpsdecode") is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "gpsd-clients"], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "vigil"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "vigil-ais", "--example",
                    "columns_bench"], cwd=ROOT, check=True)


def one_core(cmd):
    return [TASKSET, "-c", "0"] + cmd if TASKSET else cmd


def timed(cmd, stdin=None):
    """(wall seconds, CPU seconds) of one run, its output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as src:
        t = time.perf_counter()
        subprocess.run(cmd, stdin=src, stdout=subprocess.DEVNULL, check=True)
        wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def medians(cmd, runs, stdin=None):
    samples = [timed(cmd, stdin) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def same_output(old, new):
    """Compares the `vigil ais decode` output of two binaries on every shared NMEA log."""
    root = os.path.join(SHARED, "data", "ais", "nmea")
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(root) for f in names)
    differ = 0

    def compare(label, args, stdin=None):
        nonlocal differ
        outputs = []
        for binary in (old, new):
            with open(stdin, "rb") if stdin else open(os.devnull, "rb") as src:
                run = subprocess.run([binary, "ais", "decode", "--stats", "--json"] + args,
                                     stdin=src, capture_output=True)
            outputs.append((run.returncode, run.stdout))
        same = outputs[0] == outputs[1]
        differ += not same
        print("%s %s (%d bytes)" % ("same  " if same else "DIFFER", label, len(outputs[0][1])))

    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "ais-sample-x%d.nmea" % COPIES)
        raw = gzip.open(SAMPLE).read()
        with open(big, "wb") as f:
            for _ in range(COPIES):
                f.write(raw)
        for path in files:
            compare(os.path.relpath(path, root), [path])
        compare("all %d files at once" % len(files), files)
        compare("stdin: " + os.path.relpath(files[0], root), ["-"], stdin=files[0])
        compare("%d copies of the DMA sample" % COPIES, [big])
    print("%d of %d outputs differ" % (differ, len(files) + 3))
    return 1 if differ else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--same-output":
        if len(sys.argv) < 3:
            sys.exit("usage: ais_decode.py --same-output OLD_VIGIL [NEW_VIGIL]")
        sys.exit(same_output(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else VIGIL))
    setup()
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "ais-sample-x%d.nmea" % COPIES)
        raw = gzip.open(SAMPLE).read()
        with open(big, "wb") as f:
            for _ in range(COPIES):
                f.write(raw)
        stats = subprocess.run([VIGIL, "ais", "decode", "--stats", "--json", big], capture_output=True,
                               text=True).stdout.strip().splitlines()[-1]
        n = json.loads(stats)["stats"]["messages"]
        vigil_wall, vigil_cpu = medians([VIGIL, "ais", "decode", big], RUNS)
        core_wall, core_cpu = medians(one_core([VIGIL, "ais", "decode", big]), RUNS)
        columns = json.loads(subprocess.run(one_core([COLUMNS, SAMPLE, str(COPIES), str(RUNS)]),
                                            capture_output=True, text=True, check=True).stdout)
        gpsd_wall, gpsd_cpu = medians(["gpsdecode", "-u"], RUNS, stdin=big)
        pyais_rates, pyais_cpus = [], []
        for _ in range(PYAIS_RUNS):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = subprocess.run([PY, os.path.join(SHARED, "peers", "peer_pyais.py"), big],
                                 capture_output=True, text=True, check=True).stdout.strip()
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            pyais_cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
            pyais_rates.append(float(out.split("msgs_per_s=")[1]))
    pyais = statistics.median(pyais_rates)
    # pyais's CPU time includes starting Python and importing pyais (well under a second).
    pyais_per_cpu = n / statistics.median(pyais_cpus)
    rate = lambda seconds: round(n / seconds)
    vigil, gpsd = n / vigil_wall, n / gpsd_wall
    vigil_per_cpu, gpsd_per_cpu = n / vigil_cpu, n / gpsd_cpu
    result = {
        "date": time.strftime("%Y-%m-%d"), "file_mb": round(len(raw) * COPIES / 1e6, 1),
        "messages": n, "runs": RUNS, "pyais_runs": PYAIS_RUNS,
        "load_average": os.getloadavg(),
        "vigil_json_msgs_per_s": rate(vigil_wall), "vigil_json_cpu_s": round(vigil_cpu, 3),
        "vigil_json_msgs_per_cpu_s": rate(vigil_cpu),
        "vigil_json_one_core_msgs_per_s": rate(core_wall),
        "vigil_json_one_core_msgs_per_cpu_s": rate(core_cpu),
        "vigil_columns_msgs_per_s": columns["msgs_per_s"],
        "vigil_columns_msgs_per_cpu_s": columns.get("msgs_per_cpu_s"),
        "vigil_columns_rows": columns["rows"],
        "gpsdecode_msgs_per_s": rate(gpsd_wall), "gpsdecode_msgs_per_cpu_s": rate(gpsd_cpu),
        "pyais_msgs_per_s": round(pyais), "pyais_runs_msgs_per_s": pyais_rates,
        "pyais_msgs_per_cpu_s": round(pyais_per_cpu),
        "ratio_json_vs_pyais": round(vigil / pyais, 1),
        "ratio_json_vs_gpsdecode": round(vigil / gpsd, 1),
        "ratio_json_one_core_vs_pyais": round(n / core_wall / pyais, 1),
        "ratio_json_one_core_vs_gpsdecode": round(n / core_wall / gpsd, 1),
        "ratio_json_cpu_vs_pyais_cpu": round(vigil_per_cpu / pyais_per_cpu, 1),
        "ratio_json_cpu_vs_gpsdecode_cpu": round(vigil_per_cpu / gpsd_per_cpu, 1),
        "ratio_columns_vs_pyais": round(columns["msgs_per_s"] / pyais, 1),
        "ratio_columns_vs_gpsdecode": round(columns["msgs_per_s"] / gpsd, 1),
        "targets": {"json_vs_pyais": 50, "json_vs_gpsdecode": 20, "columns_msgs_per_s": 5_000_000},
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
