#!/usr/bin/env python3
"""Benchmark: vigil's screening engine against its peers, on the same inputs, in one run.

What is measured (issue #2):
  1. name bench: P/R/F1 of `vigil compare --pairs` at vigil's default threshold on
     nomenklatura's 826 labelled pairs, next to nomenklatura logic-v2 on the same pairs;
     pairs/s of both (vigil on the pairs repeated REPEAT times, to time more than start-up).
  2. putin_names.txt: which spellings `vigil screen` matches to OFAC's PUTIN, Vladimir
     Vladimirovich, by script.
  3. watchman_cross_script_pairs.csv: pairs reaching their minimum score.
  4. false positives: yente's 2,000 synthetic non-sanctioned people screened against
     UN + OFAC + UK; share with any match at or above the threshold.
  5. speed: `vigil screen` queries/s on one core (taskset -c 0) over every list in
     shared/data/sanctions, with index build time and peak RSS; next to rapidfuzz brute force.

Run:  python3 bench/screening.py            (from the repo root; installs the peers in .peers/)
Env:  VIGIL_SHARED (default ../shared), REPEAT (default 200), RUNS (default 3)
"""
import csv, json, os, statistics, subprocess, sys, tempfile, time, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("VIGIL_SHARED", os.path.join(ROOT, "..", "shared"))
DATA = os.path.join(SHARED, "data")
SANCTIONS = os.path.join(DATA, "sanctions")
MATCHING = os.path.join(SANCTIONS, "matching")
REPEAT = int(os.environ.get("REPEAT", "200"))
RUNS = int(os.environ.get("RUNS", "3"))
VIGIL = os.path.join(ROOT, "target", "release", "vigil")
PEERS = os.path.join(ROOT, ".peers")
PY = os.path.join(PEERS, "bin", "python")

ALL_LISTS = [
    os.path.join(SANCTIONS, "un", "consolidated_2026-02-27.xml"),
    os.path.join(SANCTIONS, "ofac", "sdn_2024-05-03.csv"),
    os.path.join(SANCTIONS, "ofac", "consolidated_non_sdn_2025-12", "cons_prim.csv"),
    os.path.join(SANCTIONS, "uk", "ConList_2018-04-13.csv"),
    os.path.join(SANCTIONS, "uk", "uk_sanctions_list_dprk_russia_2026-08-22.derived.jsonl"),
    os.path.join(SANCTIONS, "opensanctions_ftm", "yente_t1_eu_fsf_entities.ftm.json"),
]
UN_OFAC_UK = ALL_LISTS[:2] + [ALL_LISTS[3]]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def setup():
    if not os.path.exists(PY):
        sh([sys.executable, "-m", "venv", PEERS])
    sh([os.path.join(PEERS, "bin", "pip"), "install", "-q", "nomenklatura", "followthemoney", "rapidfuzz"])
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)


def list_args(paths):
    return [arg for p in paths for arg in ("--list", p)]


def name_bench(tmp):
    cases = os.path.join(MATCHING, "nomenklatura_name_bench_cases.csv")
    out = sh([VIGIL, "compare", "--pairs", cases]).stdout
    rows = list(csv.DictReader(out.splitlines()))
    tp = sum(r["match"] == "true" and r["is_match"] == "true" for r in rows)
    fp = sum(r["match"] == "true" and r["is_match"] != "true" for r in rows)
    fn = sum(r["match"] != "true" and r["is_match"] == "true" for r in rows)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    f1 = 2 * p * r / max(p + r, 1e-9)
    big = os.path.join(tmp, "pairs_repeated.csv")
    with open(cases) as src:
        header, *body = src.read().splitlines()
    with open(big, "w") as dst:
        dst.write(header + "\n" + ("\n".join(body) + "\n") * REPEAT)
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run([VIGIL, "compare", "--pairs", big], check=False, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    vigil_pps = len(body) * REPEAT / statistics.median(times)
    peer = sh([PY, os.path.join(SHARED, "peers", "peer_nomenklatura.py"), cases]).stdout.strip()
    peer_fields = dict(kv.split("=") for kv in peer.split())
    return {
        "pairs": len(rows), "TP": tp, "FP": fp, "FN": fn, "P": round(p, 3), "R": round(r, 3), "F1": round(f1, 3),
        "vigil_pairs_per_s": round(vigil_pps), "peer": peer,
        "peer_pairs_per_s": float(peer_fields["pairs_per_s"]), "peer_F1": float(peer_fields["F1"]),
        "speed_ratio": round(vigil_pps / float(peer_fields["pairs_per_s"]), 1),
    }


def script_of(text):
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for script in ("LATIN", "CYRILLIC", "HANGUL", "GREEK", "ARMENIAN", "GEORGIAN", "ARABIC", "CJK", "HIRAGANA",
                           "KATAKANA", "HEBREW", "DEVANAGARI", "BENGALI", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM",
                           "GUJARATI", "GURMUKHI", "THAI", "KHMER", "SINHALA", "ETHIOPIC", "MYANMAR", "LAO", "TIBETAN"):
                if name.startswith(script):
                    return script
            return name.split(" ")[0]
    return "OTHER"


def putin(tmp):
    names = [l.strip() for l in open(os.path.join(MATCHING, "putin_names.txt"), encoding="utf-8") if l.strip()]
    queries = os.path.join(tmp, "putin.csv")
    with open(queries, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "schema"])
        for n in names:
            w.writerow([n, "Person"])
    out = subprocess.run([VIGIL, "screen", "--limit", "3", "--input", queries,
                          "--list", os.path.join(SANCTIONS, "ofac", "sdn_2024-05-03.csv")],
                         text=True, capture_output=True).stdout
    by_script = {}
    missed = []
    for line in out.splitlines():
        doc = json.loads(line)
        name = doc["query"]["name"]
        hit = any(m["caption"] == "PUTIN, Vladimir Vladimirovich" for m in doc["matches"])
        script = script_of(name)
        ok, total = by_script.get(script, (0, 0))
        by_script[script] = (ok + hit, total + 1)
        if not hit:
            missed.append(name)
    required = ("LATIN", "CYRILLIC", "HANGUL", "GREEK", "ARMENIAN", "GEORGIAN")
    req_ok = sum(by_script.get(s, (0, 0))[0] for s in required)
    req_total = sum(by_script.get(s, (0, 0))[1] for s in required)
    other_ok = sum(v[0] for s, v in by_script.items() if s not in required)
    other_total = sum(v[1] for s, v in by_script.items() if s not in required)
    return {"required_scripts": f"{req_ok}/{req_total}", "other_scripts": f"{other_ok}/{other_total}",
            "by_script": {s: f"{a}/{b}" for s, (a, b) in sorted(by_script.items())}, "missed": missed}


def cross_script(tmp):
    rows = [r for r in csv.reader(open(os.path.join(MATCHING, "watchman_cross_script_pairs.csv"), encoding="utf-8"))
            if r and not r[0].startswith("#")]
    body = [r for r in rows if r[0] != "Query"]
    pairs = os.path.join(tmp, "cross.csv")
    with open(pairs, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["schema", "name1", "name2", "min"])
        for r in body:
            w.writerow(["", r[0], r[1], r[2]])
    out = subprocess.run([VIGIL, "compare", "--pairs", pairs], text=True, capture_output=True).stdout
    scored = list(csv.DictReader(out.splitlines()))
    failed = [(r["name1"], r["name2"], r["min"], r["score"]) for r in scored if float(r["score"]) < float(r["min"])]
    return {"pairs": len(scored), "reaching_min": len(scored) - len(failed), "failed": failed}


def negatives(tmp):
    queries = os.path.join(tmp, "negatives.csv")
    n = 0
    with open(queries, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "schema", "birth_date", "country", "gender"])
        for fname in ("yente_negatives_global_1000.csv", "yente_negatives_us_1000.csv"):
            for r in csv.DictReader(open(os.path.join(MATCHING, fname), encoding="utf-8")):
                w.writerow([r["full_name"], "Person", r.get("date_of_birth", ""), r.get("nationality", ""),
                            r.get("gender", "")])
                n += 1
    out = subprocess.run([VIGIL, "screen", "--input", queries] + list_args(UN_OFAC_UK),
                         text=True, capture_output=True).stdout
    flagged = [json.loads(l) for l in out.splitlines()]
    hits = [(d["query"]["name"], d["matches"][0]["caption"], d["matches"][0]["score"]) for d in flagged if d["matches"]]
    return {"queries": n, "with_match": len(hits), "rate": round(len(hits) / max(n, 1), 4), "examples": hits[:10]}


def speed(tmp):
    names = []
    for fname in ("yente_negatives_global_1000.csv", "yente_negatives_us_1000.csv",
                  "yente_positives_un_untreated.csv", "yente_positives_us_congress_untreated.csv"):
        names += [r["full_name"] for r in csv.DictReader(open(os.path.join(MATCHING, fname), encoding="utf-8"))]
    queries = os.path.join(tmp, "speed.csv")
    with open(queries, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name"])
        for _ in range(10):
            for n in names:
                w.writerow([n])
    runs = []
    for _ in range(RUNS):
        res = subprocess.run(["taskset", "-c", "0", VIGIL, "screen", "--stats", "--input", queries]
                             + list_args(ALL_LISTS), text=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        runs.append(json.loads(res.stderr.strip().splitlines()[-1]))
    med = lambda k: statistics.median(r[k] for r in runs)
    peer = sh([PY, os.path.join(SHARED, "peers", "peer_rapidfuzz_screen.py"), DATA]).stdout.strip()
    peer_qps = float(peer.split("rapidfuzz_brute_force=")[1].split()[0])
    qps = med("queries_per_s")
    return {"entities": runs[0]["entities"], "queries": runs[0]["queries"], "queries_per_s_one_core": round(qps),
            "load_s": round(med("load_s"), 3), "index_s": round(med("index_s"), 3),
            "peak_rss_mb": round(med("peak_rss_mb"), 1), "peer": peer, "ratio_vs_rapidfuzz": round(qps / peer_qps, 1),
            "ratio_vs_yente_4_per_s": round(qps / 4)}


def main():
    setup()
    results = {"date": time.strftime("%Y-%m-%d"), "machine": f"{os.cpu_count()} cores, "
               + sh(["uname", "-srm"]).stdout.strip()}
    with tempfile.TemporaryDirectory() as tmp:
        for name, fn in (("name_bench", name_bench), ("putin", putin), ("cross_script", cross_script),
                         ("negatives", negatives), ("speed", speed)):
            results[name] = fn(tmp)
            print(f"== {name}\n{json.dumps(results[name], ensure_ascii=False, indent=1)}", flush=True)
    os.makedirs(os.path.join(ROOT, "bench-out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench-out", "screening.json"), "w") as f:
        json.dump(results, f, ensure_ascii=False, indent=1)
    nb, sp = results["name_bench"], results["speed"]
    print(f"\nSUMMARY name bench F1 {nb['F1']} (nomenklatura {nb['peer_F1']}); compare {nb['vigil_pairs_per_s']} pairs/s = "
          f"{nb['speed_ratio']}x nomenklatura; screen {sp['queries_per_s_one_core']} q/s on one core = "
          f"{sp['ratio_vs_rapidfuzz']}x rapidfuzz; index {sp['load_s']}+{sp['index_s']} s, {sp['peak_rss_mb']} MB; "
          f"putin {results['putin']['required_scripts']} (+{results['putin']['other_scripts']} other scripts); "
          f"cross-script {results['cross_script']['reaching_min']}/{results['cross_script']['pairs']}; "
          f"negatives flagged {results['negatives']['rate']:.2%}")


if __name__ == "__main__":
    main()
