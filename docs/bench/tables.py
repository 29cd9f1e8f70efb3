#!/usr/bin/env python3
"""Markdown tables from JMH JSON results of RandomIoBenchmark: ops/s per implementation and case, and the ratios
to the JDK baselines (afc, fc, fc-threads, fc-vthreads) of the same case. Usage: tables.py FILE.json..."""
import json
import sys

IMPLS = ["uring", "linux", "thread", "java", "afc", "fc", "fc-threads", "fc-vthreads"]
BASELINES = ["afc", "fc", "fc-threads", "fc-vthreads"]


def fmt(x):
    if x >= 1e6:
        return f"{x / 1e6:.2f}M"
    if x >= 1e4:
        return f"{x / 1e3:.0f}k"
    if x >= 1e3:
        return f"{x / 1e3:.1f}k"
    return f"{x:.0f}"


def load(files):
    rows = []
    for f in files:
        for r in json.load(open(f)):
            p = r["params"]
            gc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
            rows.append((p, r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"],
                         gc["score"] if gc else None))
    return rows


def shape(p):
    # results from before the shape parameter have api (single or batch) instead
    return p.get("shape", p.get("api"))


def case_key(p):
    # the baselines take no shape: their rows stand for every one
    return (p["rw"], p["pattern"], int(p["bs"]), p["direct"], p["memory"], int(p["qd"]), p.get("options", "none"))


def main():
    rows = load(sys.argv[1:])
    base = {}
    for p, s, e, g in rows:
        if p["impl"] in BASELINES:
            base[(case_key(p), p["impl"])] = s
    print("| case | impl | shape | ops/s | ± | / afc | / fc | / fc-threads | / fc-vthreads | B/op |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    order = sorted(rows, key=lambda r: (case_key(r[0]), IMPLS.index(r[0]["impl"]), shape(r[0])))
    for p, s, e, g in order:
        k = case_key(p)
        case = (f'{p["pattern"]} {p["rw"]} {int(p["bs"]) // 1024}K {"O_DIRECT" if p["direct"] == "true" else "cache"} '
                f'QD{p["qd"]} {p["memory"]}')
        ratios = [f'{s / base[(k, b)]:.2f}x' if (k, b) in base else "" for b in BASELINES]
        how = "" if p["impl"] in BASELINES else shape(p)
        print(f'| {case} | {p["impl"]} | {how} | {fmt(s)} | {fmt(e)} | ' + " | ".join(ratios)
              + f' | {"" if g is None else round(g)} |')


if __name__ == "__main__":
    main()
