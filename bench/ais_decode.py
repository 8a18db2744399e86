#!/usr/bin/env python3
"""Benchmark: `vigil ais decode` against pyais and gpsd's gpsdecode, on the same file, in one run.

What is measured (issue #3, "Decoding speed", to JSON lines):
  the DMA AisAbnormal `ais-sample.txt.gz`, decompressed and repeated 20 times (about 60 MB,
  521k messages), decoded by
    - vigil:      `vigil ais decode FILE > /dev/null`
    - pyais:      ../shared/peers/peer_pyais.py FILE (pyais 3.3.1, every message decoded)
    - gpsdecode:  `gpsdecode -u < FILE > /dev/null` (gpsd 3.22, C)
  Messages/s for each (median of RUNS runs for vigil and gpsdecode; pyais once, it is slow), and
  vigil's ratios to both. The message count is vigil's own (`--stats --json`).

Run:  python3 bench/ais_decode.py      (from the repo root; installs pyais into .peers/ and
                                         gpsd-clients with apt-get when missing)
Env:  VIGIL_SHARED (default ../shared), RUNS (default 5), COPIES (default 20)
"""
import gzip, json, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("VIGIL_SHARED", os.path.join(ROOT, "..", "shared"))
SAMPLE = os.path.join(SHARED, "data", "ais", "nmea", "dma_aisabnormal", "ais-sample.txt.gz")
RUNS = int(os.environ.get("RUNS", "5"))
COPIES = int(os.environ.get("COPIES", "20"))
VIGIL = os.path.join(ROOT, "target", "release", "vigil")
PEERS = os.path.join(ROOT, ".peers")
PY = os.path.join(PEERS, "bin", "python")


def setup():
    if not os.path.exists(PY):
        subprocess.run([sys.executable, "-m", "venv", PEERS], check=True)
    subprocess.run([os.path.join(PEERS, "bin", "pip"), "install", "-q", "pyais==3.3.1"], check=True)
    if shutil.which("gpsdecode") is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "gpsd-clients"], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)


def timed(cmd, stdin=None):
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as src:
        t = time.perf_counter()
        subprocess.run(cmd, stdin=src, stdout=subprocess.DEVNULL, check=False)
        return time.perf_counter() - t


def main():
    setup()
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "ais-sample-x%d.nmea" % COPIES)
        raw = gzip.open(SAMPLE).read()
        with open(big, "wb") as f:
            for _ in range(COPIES):
                f.write(raw)
        stats = subprocess.run([VIGIL, "ais", "decode", "--stats", "--json", big], capture_output=True,
                               text=True).stdout.strip().splitlines()[-1]
        n_messages = json.loads(stats)["stats"]["messages"]
        vigil_s = statistics.median(timed([VIGIL, "ais", "decode", big]) for _ in range(RUNS))
        gpsd_s = statistics.median(timed(["gpsdecode", "-u"], stdin=big) for _ in range(RUNS))
        pyais = subprocess.run([PY, os.path.join(SHARED, "peers", "peer_pyais.py"), big],
                               capture_output=True, text=True, check=True).stdout.strip()
        pyais_rate = float(pyais.split("msgs_per_s=")[1])
    vigil_rate, gpsd_rate = n_messages / vigil_s, n_messages / gpsd_s
    result = {
        "date": time.strftime("%Y-%m-%d"), "file_mb": round(len(raw) * COPIES / 1e6, 1),
        "messages": n_messages, "vigil_msgs_per_s": round(vigil_rate),
        "gpsdecode_msgs_per_s": round(gpsd_rate), "pyais": pyais,
        "ratio_vs_pyais": round(vigil_rate / pyais_rate, 1), "ratio_vs_gpsdecode": round(vigil_rate / gpsd_rate, 1),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
