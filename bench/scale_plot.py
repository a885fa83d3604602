"""Log-log plot of the scale benchmark: p50 latency of each query against graph size, measured
sizes as solid lines and the labelled 1M projection (where 1M was not measured) dashed.
Reads bench/results/scale.json, writes bench/results/scale.png."""
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    data = json.loads((RESULTS / "scale.json").read_text())
    sizes = data["medians"]["sizes"]
    xs = [s["trials"] for s in sizes]
    projected = data.get("projections", {}).get("1000000", {})
    fig, ax = plt.subplots(figsize=(9, 6))
    for name in sizes[0]["queries"]:
        ys = [s["queries"][name]["p50Ms"] for s in sizes]
        (line,) = ax.plot(xs, ys, marker="o", label=name)
        if name in projected and xs[-1] < 1_000_000:
            ax.plot([xs[-1], 1_000_000], [ys[-1], projected[name]["p50Ms"]], linestyle="--", color=line.get_color())
    ax.axhline(50, color="grey", linewidth=0.8, linestyle=":")
    ax.text(xs[0], 52, "50 ms goal", color="grey", fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("trials in the graph")
    ax.set_ylabel("p50 latency over HTTP (ms)")
    ax.set_title("TrialGraph: latency against graph size (dashed: projection to 1M, not measured)")
    ax.legend(fontsize=7, loc="upper left", ncol=2)
    fig.tight_layout()
    fig.savefig(RESULTS / "scale.png", dpi=110)
    print(f"wrote {RESULTS / 'scale.png'}")


if __name__ == "__main__":
    main()
