""" "Which optimizer should I use?" — answered per workload family from the result files only.

For each family of workloads (image CNNs, MLPs, text models with embedding tables) and each
scenario (no tuning: every algorithm at its defaults; with a tuning budget: the tuned final runs),
the *choice* is the algorithm with the best mean final **validation** accuracy on each workload
(what a practitioner can see without touching test), and the *evidence* is its test accuracy, the
seeds behind it, and TASO's paired difference to it (95% paired t-interval; Holm-corrected verdict
across the workloads of the scenario). Nothing is chosen on test.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from taso.bench._report import (
    AUTO,
    BEST,
    REFERENCE_ALGORITHM,
    TUNED,
    _ci,
    _pm,
    best_by_validation,
    comparisons,
    load_records,
    relabel_tuned,
    summarise,
)
from taso.bench._stats import METHOD

__all__ = ["FAMILIES", "advice", "family_of", "write_advice"]

#: Workload family by model: what the advice is grouped by.
FAMILIES = {
    "cnn1d": "image CNNs",
    "lenet5": "image CNNs",
    "resnet": "image CNNs",
    "mlp": "MLPs",
    "fasttext": "text with embeddings",
    "textcnn": "text with embeddings",
}


def family_of(record: dict[str, Any]) -> str:
    return FAMILIES.get(record["config"]["workload"].get("model", ""), "other")


def _scenario(records: Sequence[dict[str, Any]], title: str, reference: str) -> list[str]:
    cells = summarise(records)
    fam_of = {r["workload"]: family_of(r) for r in records}
    versus = comparisons(cells, reference).get(BEST, {})
    lines = [f"### {title}", "",
             f"| family | workload | choice (best mean val acc) | its test acc % | seeds | {reference} test acc % "
             f"| {reference} − choice (pp, 95% t-interval) | verdict |",
             "|---|---|---|---:|---:|---:|---:|---|"]  # fmt: skip
    picks: dict[str, Counter[str]] = defaultdict(Counter)
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for w in sorted(cells, key=lambda w: (fam_of[w], w)):
        algos = cells[w]
        best_any = max(algos.values(), key=lambda c: (c.val_mean(), [-ord(ch) for ch in c.algorithm]))
        picks[fam_of[w]][best_any.algorithm] += 1
        ref = algos.get(reference)
        chosen = best_by_validation(algos, reference)
        if ref is not None and chosen is not None and w in versus:
            diff, verdict = versus[w]
            tally[fam_of[w]][verdict] += 1
            vs = f"{_ci(diff)} vs {chosen.algorithm}"
        else:
            verdict, vs = "–", "–"
        lines.append(
            f"| {fam_of[w]} | {w} | {best_any.algorithm} | {_pm(best_any.acc_mean_std())} | {best_any.n} | "
            f"{_pm(ref.acc_mean_std()) if ref else '–'} | {vs} | {verdict} |"
        )
    lines += ["", "Per family: the choice on most workloads, and how TASO fares against the best other "
              "algorithm (wins / ties / losses):", ""]  # fmt: skip
    for family in sorted(picks):
        common = ", ".join(f"{a} ({n})" for a, n in picks[family].most_common())
        t = tally[family]
        lines.append(f"- **{family}**: choice {common}; {reference} {t['win']} / {t['tie']} / {t['loss']}.")
    lines.append("")
    return lines


def advice(
    default_records: Sequence[dict[str, Any]],
    tuned_records: Sequence[dict[str, Any]] = (),
    reference: str = REFERENCE_ALGORITHM,
    auto_records: Sequence[dict[str, Any]] = (),
) -> list[str]:
    """Markdown lines answering "which optimizer?" per family, for both scenarios."""
    seeds = sorted({r["seed"] for r in default_records})
    lines = [
        "## Which optimizer should I use?",
        "",
        "Generated from the result files only. The choice on each workload is the algorithm with the best "
        "mean final validation accuracy; test accuracy is the evidence, never the criterion. "
        f"Statistics: {METHOD}. Default scenario: {len(seeds)} seeds per cell.",
        "",
        *_scenario(default_records, "No tuning (every algorithm at its defaults)", reference),
    ]
    if tuned_records:
        lines += _scenario(tuned_records, "With a tuning budget (tuned on validation, final runs on fresh seeds)",
                           reference)  # fmt: skip
    if auto_records:
        auto = relabel_tuned(auto_records)
        n = sorted({r["seed"] for r in auto if r["algorithm"] == AUTO})
        lines += [
            *_scenario(auto, f"No learning rate to choose: {AUTO} against the best tuned configuration "
                       f"('{TUNED}'), schedule-free AdamW and TASO at their defaults, same {len(n)} seeds", AUTO),
        ]  # fmt: skip
    return lines


def write_advice(
    default_dirs: Sequence[str | Path],
    tuned_dirs: Sequence[str | Path],
    out: str | Path,
    auto_dirs: Sequence[str | Path] = (),
) -> Path:
    """Write ``advice.md`` from the default-scenario, tuned and AutoTASO result directories."""
    default = load_records(default_dirs)
    if not default:
        raise FileNotFoundError(f"no result records in {[str(d) for d in default_dirs]}")
    tuned = load_records(tuned_dirs) if tuned_dirs else []
    auto = load_records(auto_dirs) if auto_dirs else []
    text = "\n".join(advice(default, tuned, auto_records=auto)) + "\n"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return out
