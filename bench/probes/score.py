#!/usr/bin/env python3
"""Scores `vigil scan` on the probe sets (issue 4's quality, our own estimate of the held-out figures).

usage: python3 bench/probes/score.py [VIGIL_BINARY] [PROBE_DIR...]
  VIGIL_BINARY  default: $CARGO_TARGET_DIR or target, release/vigil
  PROBE_DIR     default: every bench/probes/probe*/ (each with labels.json and articles/)
Env: VIGIL_SHARED (default ../shared beside the repository), V=1 for each article's mistakes.

labels.json: [{"file", "negative", "mentions": [{"key", "match": [...], "optional"}],
               "indicators": [...], "optional_indicators": [...]}]
A predicted mention counts for a label when its caption, normalised (lower case, letters and
digits only, words sorted), equals a normalised `match` string of that label; the score is over
distinct listed entities per article. Indicators are scored over (article, category) pairs;
optional labels count neither way. A negative article "raises" when it has any indicator
outside its optional ones.
"""
import glob, json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("VIGIL_SHARED", os.path.join(ROOT, "..", "shared"))
S = os.path.join(SHARED, "data", "sanctions")
LISTS = ["un/consolidated_2026-02-27.xml", "ofac/sdn_2024-05-03.csv",
         "ofac/consolidated_non_sdn_2025-12/cons_prim.csv", "uk/ConList_2018-04-13.csv",
         "uk/uk_sanctions_list_dprk_russia_2026-08-22.derived.jsonl",
         "opensanctions_ftm/yente_t1_eu_fsf_entities.ftm.json"]


def norm(s):
    return " ".join(sorted(re.findall(r"\w+", s.lower())))


def f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def score(vigil, d, verbose):
    labels = json.load(open(os.path.join(d, "labels.json")))
    args = [vigil, "scan"] + [a for l in LISTS for a in ("--list", os.path.join(S, l))]
    args += [os.path.join(d, "articles", l["file"]) for l in labels]
    out = subprocess.run(args, capture_output=True, text=True).stdout.splitlines()
    docs = {os.path.basename(json.loads(l)["source"]): json.loads(l) for l in out}
    t = dict(tp=0, fp=0, fn=0, itp=0, ifp=0, ifn=0, neg=0, raised=0)
    for lab in labels:
        doc = docs.get(lab["file"])
        if doc is None:
            print("MISSING", lab["file"])
            continue
        keys = {norm(s): m["key"] for m in lab.get("mentions", []) for s in m["match"]}
        # A false mention counts once per listed entity, as its caption's
        # words (several lists and several spellings in the text of one
        # namesake are one mistake; before 2026-12-01 each was counted).
        found, extra = set(), {}
        for m in doc["mentions"]:
            k = keys.get(norm(m["caption"]))
            if k:
                found.add(k)
            else:
                extra.setdefault(norm(m["caption"]), f'{m["caption"]} ({m["list"]}) via "{m["text"]}"')
        required = {m["key"] for m in lab.get("mentions", []) if not m.get("optional")}
        t["tp"] += len(found & required)
        t["fp"] += len(extra)
        t["fn"] += len(required - found)
        cats = {i["category"] for i in doc["indicators"]}
        want, opt = set(lab.get("indicators", [])), set(lab.get("optional_indicators", []))
        t["itp"] += len(cats & want)
        t["ifp"] += len(cats - want - opt)
        t["ifn"] += len(want - cats)
        if lab.get("negative"):
            t["neg"] += 1
            t["raised"] += bool(cats - opt)
        if verbose and (extra or required - found or cats - want - opt or want - cats):
            print(f'--- {lab["file"]}')
            for e in sorted(extra.values()):
                print("  FP mention:", e)
            for k in sorted(required - found):
                print("  FN mention:", k)
            for c in sorted(cats - want - opt):
                print("  FP indicator:", c, [i["trigger"] for i in doc["indicators"] if i["category"] == c][:3])
            for c in sorted(want - cats):
                print("  FN indicator:", c)
    return t


def main():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    vigil = sys.argv[1] if len(sys.argv) > 1 else os.path.join(target, "release", "vigil")
    dirs = sys.argv[2:] or sorted(glob.glob(os.path.join(ROOT, "bench", "probes", "probe*")),
                                  key=lambda p: int(re.sub(r"\D", "", os.path.basename(p)) or 0))
    verbose = bool(os.environ.get("V"))
    total = dict(tp=0, fp=0, fn=0, itp=0, ifp=0, ifn=0, neg=0, raised=0)
    for d in dirs:
        t = score(vigil, d, verbose)
        for k in total:
            total[k] += t[k]
        print(f'{os.path.basename(d)}: mention F1 {f1(t["tp"], t["fp"], t["fn"]):.3f} '
              f'(tp {t["tp"]}, fp {t["fp"]}, fn {t["fn"]}), indicator F1 '
              f'{f1(t["itp"], t["ifp"], t["ifn"]):.3f} (tp {t["itp"]}, fp {t["ifp"]}, fn {t["ifn"]}), '
              f'negatives raising {t["raised"]} of {t["neg"]}')
    t = total
    print(f'all: mention F1 {f1(t["tp"], t["fp"], t["fn"]):.3f}, indicator F1 '
          f'{f1(t["itp"], t["ifp"], t["ifn"]):.3f}, negatives raising {t["raised"]} of {t["neg"]}')


if __name__ == "__main__":
    main()
