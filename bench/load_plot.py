#!/usr/bin/env python3
"""Plot of bench/load.sh results: overall p50/p95/p99 latency against the offered rate (log-log),
one colour per backend, with the 50 ms target. Usage: load_plot.py results.json out.png"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

res = json.load(open(sys.argv[1]))
fig, ax = plt.subplots(figsize=(9, 5.5), dpi=110)
colors = {"postgres": "tab:blue", "sqlite": "tab:orange"}
styles = {"p50_ms": (":", "o"), "p95_ms": ("-", "s"), "p99_ms": ("--", "^")}
for name, b in res["backends"].items():
    steps = list(b["fixed"]["steps"]) + (list(b["ramp"]["steps"]) if b.get("ramp") else [])
    steps = sorted({s["offered_rate"]: s for s in steps}.values(), key=lambda s: s["offered_rate"])
    seed = b["seed"]
    label = f'{name} ({seed["students"]:,} students, {seed["activities"]:,} activities)'
    for k, (ls, mk) in styles.items():
        xs = [s["offered_rate"] for s in steps]
        ys = [max(s["all"][k], 0.01) for s in steps]
        ax.plot(xs, ys, ls, marker=mk, color=colors.get(name), label=f"{label} {k[:3]}")
    for s in steps:
        if s["errors"]:
            ax.annotate(f'{s["errors"]} err', (s["offered_rate"], max(s["all"]["p99_ms"], 0.01)),
                        fontsize=7, color="red", textcoords="offset points", xytext=(3, 3))
ax.axhline(50, color="red", lw=0.8, ls="-.", label="target p95 50 ms")
for r, t in ((17, "plan 1k/min"), (170, "10×"), (1700, "100×")):
    ax.axvline(r, color="grey", lw=0.6, ls=":")
    ax.text(r, 0.02, " " + t, rotation=90, fontsize=7, color="grey", va="bottom",
            transform=ax.get_xaxis_transform())
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("offered rate (requests/s, open loop)")
ax.set_ylabel("latency from intended send time (ms)")
m = res["machine"]
ax.set_title(f'Teacher workload mix, {m["cores"]} shared cores, load avg {m["load_average_before"]} '
             f'(latency percentiles vs offered rate)', fontsize=9)
ax.grid(True, which="both", alpha=0.3)
ax.legend(fontsize=7, loc="upper left")
fig.tight_layout()
fig.savefig(sys.argv[2])
print(sys.argv[2])
