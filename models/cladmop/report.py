"""`python -m cladmop report`: the results section of models/README.md, written from model-card.json
(between the `<!-- results:start -->` and `<!-- results:end -->` markers), so the README says what the
card says."""

from __future__ import annotations

import json
from pathlib import Path

from .evaluate import SERVED

START, END = "<!-- results:start -->", "<!-- results:end -->"


def _ms(r: dict, k: str) -> str:
    v = r.get(k)
    return "–" if not isinstance(v, dict) else f"{v['mean']:.3f} ± {v['std']:.3f}"


def results_markdown(card: dict) -> str:
    out = [f"Model `{card['modelVersion']}`. Test files only; mean ± std over the same 10 bootstrap samples of 80% "
           "for every method; F1 at the threshold chosen on out-of-fold predictions (HINT at 0.5), next to the "
           "F1 of predicting every trial a success.", ""]
    out += ["| phase (n, success rate) | method | PR-AUC | ROC-AUC | F1 | all-positive F1 | Brier | ECE |", "|---|---|---|---|---|---|---|---|"]
    for phase, m in card["metrics"].items():
        for name, r in m["methods"].items():
            bold = "**" if name == SERVED else ""
            out.append(f"| {phase} ({m['n']}, {m['positive_rate']:.2f}) | {bold}{name}{bold} | {_ms(r, 'pr_auc')} | {_ms(r, 'roc_auc')} | "
                       f"{_ms(r, 'f1')} | {_ms(r, 'f1_all_positive')} | {_ms(r, 'brier')} | {_ms(r, 'ece')} |")
    out += ["", "Served model minus HINT on the same trials (1000 paired bootstrap resamples of the whole test file; "
            "95% interval):", "", "| phase | ROC-AUC difference [95% CI] | PR-AUC difference [95% CI] | bars (PR / ROC) | met |",
            "|---|---|---|---|---|"]
    bars = {"phase I": (0.70, 0.66), "phase II": (0.70, 0.66), "phase III": (0.88, 0.73)}
    for phase, m in card["metrics"].items():
        v = m.get("vs_HINT")
        s = m["methods"][SERVED]
        b = bars.get(phase, (None, None))
        met = (s["pr_auc"]["mean"] >= b[0] and s["roc_auc"]["mean"] >= b[1] and v is not None and v["roc_auc"]["ci95"][0] > 0
               and s["ece"]["mean"] <= 0.05)
        fmt = lambda d: f"{d['difference']:+.3f} [{d['ci95'][0]:+.3f}, {d['ci95'][1]:+.3f}]"  # noqa: E731
        out.append(f"| {phase} | {fmt(v['roc_auc']) if v else '–'} | {fmt(v['pr_auc']) if v else '–'} | {b[0]} / {b[1]}, ECE ≤ .05 | "
                   f"{'yes' if met else 'no'} |")
    out += ["", "Criteria present / absent (served model and HINT, whole subset):", "",
            "| phase | subset | n | success rate | served PR / ROC | HINT PR / ROC |", "|---|---|---|---|---|---|"]
    for phase, m in card["metrics"].items():
        for tag, sub in m.get("subsets", {}).items():
            h = sub.get("HINT")
            hint = "–" if not h else "{:.3f} / {:.3f}".format(h["pr_auc"], h["roc_auc"])
            out.append(f"| {phase} | {tag} | {sub['n']} | {sub['positive_rate']:.2f} | {sub['served']['pr_auc']:.3f} / "
                       f"{sub['served']['roc_auc']:.3f} | {hint} |")
    out += ["", "Choices made on out-of-fold predictions (never on test rows):", "",
            "| phase model | epochs | linear C | linear recency power (forward split) | stack a (CLaDMoP) / b (linear) / c | F1 threshold | out-of-fold PR / ROC (served) |",
            "|---|---|---|---|---|---|---|"]
    for name, ch in card["choices"].items():
        a, b, c = ch["stack"]
        o = ch["oof"]["served"]
        rec = ch.get("linear_recency", {}).get("power", "–")
        out.append(f"| {name} | {ch['epochs']} | {ch['linear_C']} | {rec} | {a:.3f} / {b:.3f} / {c:.3f} | {ch['threshold']:.3f} | "
                   f"{o['pr_auc']:.3f} / {o['roc_auc']:.3f} |")
    tt = card["trainingTime"]
    out += ["", "Time on this 2-core machine (shared with other jobs during the run): " + ", ".join(
        f"{k.removesuffix('_s').replace('_', ' ')} {v / 60:.1f} min" for k, v in tt.items() if isinstance(v, (int, float))) + f" ({tt['machine']})."]
    return "\n".join(out) + "\n"


def write_readme(card_path: Path, readme: Path) -> None:
    text = readme.read_text()
    a, b = text.index(START), text.index(END)
    readme.write_text(text[: a + len(START)] + "\n" + results_markdown(json.loads(card_path.read_text())) + text[b:])
