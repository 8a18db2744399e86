#!/usr/bin/env python3
"""Conformance: on every real NMEA log, vigil decodes the same messages as pyais, with the same positions.

What is compared (issue 3, "Conformance"):
  every file under ../shared/data/ais/nmea/ (gzip read through), decoded by
    - pyais 3.3.1 (`pyais.stream.FileReaderStream`, multi-part sentences joined, every message decoded), and
    - `vigil ais decode --json FILE`;
  each message becomes a key (type, MMSI, latitude, longitude), positions rounded to 1e-6 degrees and
  "not available" (|lat| > 90, |lon| > 180) read as none on both sides. Per file, the two multisets of keys
  are compared:
    - matched: in both;
    - pyais only, bad checksum: pyais decoded it although a sentence of it fails its checksum (checked here
      from the sentence text, since pyais's own `is_valid` fails on any line with fields after the checksum;
      vigil rejects the sentence, counted as `bad_checksum`): the one exception the issue allows;
    - pyais only, other: a difference to explain (listed);
    - vigil only, several sentences on a line: a line that holds more sentences than its first (both parts of
      a type 5, each with its tag block, in GFW's Spire and MarineTraffic samples); pyais reads the first
      sentence of a line only, vigil reads each;
    - short payload: a position report whose payload ends before its latitude does; pyais decodes the bits
      there are (a partial longitude), vigil gives no position; the pair counts once, explained;
    - pyais only, type 28-63: no such message in ITU-R M.1371 (libais's test log has them); vigil rejects
      them as `unknown_type`, counted;
    - pyais only, short of its MMSI: a payload under 38 bits, whose MMSI is cut; vigil rejects it as
      `too_short`, counted;
    - vigil only, pyais failed: pyais raised an error decoding a message (a type 5 short of bits, say) that
      vigil decodes; as many vigil-only messages as pyais errors are counted so;
    - vigil only: a difference to explain (listed).
  Exit status 1 when any file has an unexplained difference.

Run:  python3 bench/ais_conformance.py [--verbose]   (from the repo root; installs pyais into .peers/)
Env:  VIGIL_SHARED (default ../shared), CARGO_TARGET_DIR (default target; uses its release `vigil`)
"""
import collections, gzip, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("VIGIL_SHARED", os.path.join(ROOT, "..", "shared"))
NMEA = os.path.join(SHARED, "data", "ais", "nmea")
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
VIGIL = os.path.join(TARGET, "release", "vigil")
PEERS = os.path.join(ROOT, ".peers")
PY = os.path.join(PEERS, "bin", "python")

# Runs inside the peers' virtualenv: one JSON line per message pyais decodes.
PYAIS_DUMP = r"""
import json, sys
from functools import reduce
from pyais.stream import FileReaderStream

def checksums_ok(raw):
    # pyais's own is_valid fails on sentences with fields after the checksum (AMSA's, libais's), so each
    # fragment's checksum is checked here: the XOR of the bytes between '!' and '*'.
    for sentence in raw.split(b"\n"):
        start = sentence.find(b"!")
        star = sentence.find(b"*", start)
        if start < 0 or star < 0:
            return False
        try:
            stated = int(sentence[star + 1:star + 3], 16)
        except ValueError:
            return False
        if reduce(lambda a, b: a ^ b, sentence[start + 1:star], 0) != stated:
            return False
    return True

def payload_bits(raw):
    bits = 0
    for sentence in raw.split(b"\n"):
        fields = sentence.split(b"*")[0].split(b",")
        if len(fields) >= 7 and fields[6][:1].isdigit():
            bits += len(fields[5]) * 6 - int(fields[6][:1])
    return bits

for msg in FileReaderStream(sys.argv[1]):
    try:
        d = msg.decode()
    except Exception as error:
        print(json.dumps({"failed": type(error).__name__}))
        continue
    print(json.dumps({"type": d.msg_type, "mmsi": d.mmsi, "lat": getattr(d, "lat", None),
                      "lon": getattr(d, "lon", None), "valid": checksums_ok(msg.raw),
                      "bits": payload_bits(msg.raw)}))
"""


def setup():
    if not os.path.exists(PY):
        subprocess.run([sys.executable, "-m", "venv", PEERS], check=True)
    subprocess.run([os.path.join(PEERS, "bin", "pip"), "install", "-q", "pyais==3.3.1"], check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "vigil"], cwd=ROOT, check=True)


def coordinate(value, limit):
    if value is None or not isinstance(value, (int, float)) or abs(value) > limit:
        return None
    return round(float(value), 6)


# The types whose latitude and longitude are the position of the station that sent them. Binary
# messages (6, 8, 25, 26) may carry positions of something else inside an application payload (weather
# stations, fairway closures): pyais decodes some of those; vigil does not, so they compare by type and
# MMSI alone; so do types vigil recognises and counts without decoding their fields (17, the DGNSS
# broadcast, among them).
POSITION_TYPES = {1, 2, 3, 4, 9, 11, 18, 19, 21, 27}


def key(message):
    if message["type"] not in POSITION_TYPES:
        return (message["type"], message["mmsi"], None, None)
    return (message["type"], message["mmsi"], coordinate(message.get("lat"), 90.0),
            coordinate(message.get("lon"), 180.0))


def plain_copy(path, tmp):
    """pyais reads plain text: gzip files are decompressed into tmp first."""
    if not path.endswith(".gz"):
        return path
    out = os.path.join(tmp, os.path.basename(path)[:-3])
    with gzip.open(path, "rb") as src, open(out, "wb") as dst:
        dst.write(src.read())
    return out


def pyais_messages(path):
    run = subprocess.run([PY, "-c", PYAIS_DUMP, path], capture_output=True, text=True)
    if run.returncode != 0:
        return None, run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "pyais failed"
    return [json.loads(line) for line in run.stdout.splitlines()], None


def vigil_messages(path):
    run = subprocess.run([VIGIL, "ais", "decode", "--json", path], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"vigil failed on {path}:\n{run.stderr}")
    return [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]


# Bits each message type needs for its position (the end of its latitude field).
POSITION_END_BITS = {1: 116, 2: 116, 3: 116, 4: 134, 11: 134, 9: 116, 18: 112, 19: 112, 21: 219, 27: 79}
SENTENCE = re.compile(r"!([A-Z]{2})VD[MO],(\d),(\d),[^,]*,[^,]*,([^,]*),(\d)\*[0-9A-Fa-f]{2}")


def explain_vigil_only(message, lines):
    """Why pyais has no twin of a message vigil decoded: its source line tells."""
    line_no = int(message["src"].rsplit(":", 1)[1])
    text = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    sentences = SENTENCE.findall(text)
    if len(sentences) > 1:
        return "several_sentences_on_a_line"
    if len(sentences) == 1 and sentences[0][1] == "1":
        payload, fill = sentences[0][3], int(sentences[0][4])
        needed = POSITION_END_BITS.get(message["type"])
        if needed and len(payload) * 6 - fill < needed:
            return "payload_short_of_position"
    return None


def read_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", errors="replace") as f:
        return f.read().split("\n")


def compare(path, tmp):
    theirs, error = pyais_messages(plain_copy(path, tmp))
    mine = vigil_messages(path)
    row = {"file": os.path.relpath(path, NMEA), "vigil": len(mine)}
    if theirs is None:
        row.update({"pyais": None, "pyais_error": error, "matched": 0, "bad_checksum": 0, "pyais_failed": 0,
                    "explained": collections.Counter(), "pyais_only": [], "vigil_only": []})
        return row
    failed = [m for m in theirs if "failed" in m]
    theirs = [m for m in theirs if "failed" not in m]
    left = collections.defaultdict(list)
    for message in mine:
        left[key(message)].append(message)
    matched = bad_checksum = 0
    pyais_only = []
    # pyais-only messages that vigil rejects by rule, with the reason it counts them under.
    rejected = collections.Counter()
    for message in theirs:
        k = key(message)
        if left[k]:
            left[k].pop()
            matched += 1
        elif not message["valid"]:
            bad_checksum += 1
        elif message["type"] > 27:
            rejected["type_not_in_m1371"] += 1
        elif message["bits"] < 38:
            rejected["payload_short_of_mmsi"] += 1
        else:
            pyais_only.append(k)
    rest = [m for ms in left.values() for m in ms]
    lines = read_lines(path) if rest else []
    explained = collections.Counter(rejected)
    vigil_only = []
    for message in rest:
        reason = explain_vigil_only(message, lines)
        if reason:
            explained[reason] += 1
        else:
            vigil_only.append(key(message))
    # A message pyais raised an error on cannot be keyed; as many vigil-only messages are explained.
    pyais_failed = min(len(failed), len(vigil_only))
    vigil_only = vigil_only[pyais_failed:]
    # pyais reads a short payload's position from the bits there are, vigil gives none or another: the
    # pair is one explained difference, not two unexplained ones.
    short = [key(m) for m in rest if explain_vigil_only(m, lines) == "payload_short_of_position"]
    for k in short:
        twin = next((p for p in pyais_only if p[:2] == k[:2]), None)
        if twin is not None:
            pyais_only.remove(twin)
    row.update({"pyais": len(theirs), "matched": matched, "bad_checksum": bad_checksum,
                "pyais_failed": pyais_failed, "explained": explained, "pyais_only": pyais_only,
                "vigil_only": vigil_only})
    return row


def main():
    verbose = "--verbose" in sys.argv
    if not os.path.isdir(NMEA):
        sys.exit(f"{NMEA} is absent (set VIGIL_SHARED)")
    setup()
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(NMEA) for f in names
                   if not f.endswith((".chk", ".json", ".md")))
    totals = collections.Counter()
    unexplained = 0
    print(f"{'file':58} {'pyais':>7} {'vigil':>7} {'same':>7} {'badsum':>6} {'p-fail':>6} {'p-only':>6} {'v-only':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            row = compare(path, tmp)
            if row["pyais"] is None:
                print(f"{row['file']:58} {'error':>7} {row['vigil']:>7}   pyais: {row['pyais_error']}")
                continue
            odd = len(row["pyais_only"]) + len(row["vigil_only"])
            unexplained += odd
            for name in ("pyais", "vigil", "matched", "bad_checksum", "pyais_failed"):
                totals[name] += row[name]
            totals["pyais_only"] += len(row["pyais_only"])
            totals["vigil_only"] += len(row["vigil_only"])
            totals.update(row["explained"])
            notes = ", ".join(f"{n} {reason}" for reason, n in sorted(row["explained"].items()))
            print(f"{row['file']:58} {row['pyais']:>7} {row['vigil']:>7} {row['matched']:>7} "
                  f"{row['bad_checksum']:>6} {row['pyais_failed']:>6} {len(row['pyais_only']):>6} "
                  f"{len(row['vigil_only']):>6}  {notes}")
            if odd and verbose:
                for k in row["pyais_only"][:10]:
                    print("    pyais only:", k)
                for k in row["vigil_only"][:10]:
                    print("    vigil only:", k)
    print(json.dumps({"files": len(files), **totals, "unexplained": unexplained}))
    sys.exit(1 if unexplained else 0)


if __name__ == "__main__":
    main()
