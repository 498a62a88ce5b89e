"""The report: reads result files only, writes Markdown + PNG plots, prints a short summary.

Statistics: runs are paired by seed; TASO's difference to each competitor gets a 95% percentile
bootstrap confidence interval (``scipy.stats.bootstrap``) and counts as a win or a loss only where
the interval excludes 0. With 3 seeds such intervals are wide and crude; the report says so.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from taso.bench._results import ResultStore

__all__ = [
    "Cell",
    "Paired",
    "load_records",
    "paired_difference",
    "relative_summary",
    "summarise",
    "write_report",
]

REFERENCE_ALGORITHM = "taso"


@dataclass(frozen=True)
class Cell:
    """One (workload, algorithm): per-seed values and their summary."""

    workload: str
    algorithm: str
    test_accuracy: dict[int, float]
    final_train_loss: dict[int, float | None]
    diverged: int

    @property
    def n(self) -> int:
        return len(self.test_accuracy)

    def acc_mean_std(self) -> tuple[float, float]:
        v = np.array(list(self.test_accuracy.values()), dtype=float)
        return float(v.mean()), float(v.std(ddof=1)) if len(v) > 1 else 0.0

    def loss_mean_std(self) -> tuple[float, float] | None:
        v = [x for x in self.final_train_loss.values() if x is not None]
        if self.diverged or not v:
            return None
        a = np.array(v, dtype=float)
        return float(a.mean()), float(a.std(ddof=1)) if len(a) > 1 else 0.0


@dataclass(frozen=True)
class Paired:
    """Mean paired difference (reference minus other) with a 95% bootstrap CI."""

    mean: float
    low: float
    high: float
    n: int

    @property
    def verdict(self) -> str:
        if self.n < 2 or math.isnan(self.low):
            return "n/a"
        if self.low > 0:
            return "win"
        if self.high < 0:
            return "loss"
        return "tie"


def load_records(directories: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Every record of the given results directories; the latest record wins for a key."""
    by_key: dict[str, dict[str, Any]] = {}
    for d in directories:
        for r in ResultStore(d).records():
            by_key[r["key"]] = r
    return list(by_key.values())


def summarise(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, Cell]]:
    """``{workload: {algorithm: Cell}}`` from records."""
    acc: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    loss: dict[tuple[str, str], dict[int, float | None]] = defaultdict(dict)
    div: dict[tuple[str, str], int] = defaultdict(int)
    for r in records:
        k = (r["workload"], r["algorithm"])
        res = r["result"]
        acc[k][r["seed"]] = float(res["test_accuracy"])
        loss[k][r["seed"]] = res["final_train_loss"]
        div[k] += res["status"] != "ok"
    out: dict[str, dict[str, Cell]] = defaultdict(dict)
    for (w, a), values in acc.items():
        out[w][a] = Cell(w, a, values, loss[(w, a)], div[(w, a)])
    return dict(out)


def paired_difference(
    a: dict[int, float], b: dict[int, float], *, n_resamples: int = 10_000, seed: int = 0
) -> Paired:
    """Mean of ``a[s] - b[s]`` over the seeds both have, with a 95% percentile bootstrap CI.

    >>> p = paired_difference({0: 2.0, 1: 3.0, 2: 4.0}, {0: 1.0, 1: 1.0, 2: 1.0})
    >>> p.mean, p.verdict
    (2.0, 'win')
    """
    from scipy.stats import bootstrap

    seeds = sorted(set(a) & set(b))
    d = np.array([a[s] - b[s] for s in seeds], dtype=float)
    if len(d) == 0:
        return Paired(math.nan, math.nan, math.nan, 0)
    mean = float(d.mean())
    if len(d) < 2:
        return Paired(mean, math.nan, math.nan, len(d))
    if np.all(d == d[0]):
        return Paired(mean, mean, mean, len(d))
    res = bootstrap(
        (d,),
        np.mean,
        confidence_level=0.95,
        n_resamples=n_resamples,
        method="percentile",
        rng=np.random.default_rng(seed),
    )
    ci = res.confidence_interval
    return Paired(mean, float(ci.low), float(ci.high), len(d))


def relative_summary(
    cells: dict[str, dict[str, Cell]], reference: str = REFERENCE_ALGORITHM
) -> dict[str, dict[str, float | int]]:
    """The paper's summary figures, per competitor, averaged over workloads:
    mean relative test-accuracy gain (%) of ``reference`` and its mean relative reduction (%)
    of the final training loss (workloads where either side diverged are left out of the loss).
    The mean of relative loss reductions explodes when a competitor's loss is near 0, so the
    median is given too."""
    gains: dict[str, list[float]] = defaultdict(list)
    reductions: dict[str, list[float]] = defaultdict(list)
    for algos in cells.values():
        if reference not in algos:
            continue
        ref = algos[reference]
        for name, other in algos.items():
            if name == reference:
                continue
            ra, oa = ref.acc_mean_std()[0], other.acc_mean_std()[0]
            gains[name].append(100.0 * (ra - oa) / oa if oa > 0 else math.nan)
            rl, ol = ref.loss_mean_std(), other.loss_mean_std()
            if rl is not None and ol is not None and ol[0] > 0:
                reductions[name].append(100.0 * (ol[0] - rl[0]) / ol[0])
    return {
        name: {
            "accuracy_gain_pct": float(np.nanmean(g)) if g else math.nan,
            "loss_reduction_pct": float(np.mean(reductions[name])) if reductions[name] else math.nan,
            "loss_reduction_median_pct": float(np.median(reductions[name])) if reductions[name] else math.nan,
            "workloads": len(g),
            "loss_workloads": len(reductions[name]),
        }
        for name, g in gains.items()
    }


# ----------------------------------------------------------------------------- rendering
def _pm(mean_std: tuple[float, float] | None, digits: int = 2) -> str:
    if mean_std is None:
        return "diverged"
    m, s = mean_std
    return f"{m:.{digits}f} ± {s:.{digits}f}"


def _ci(p: Paired, digits: int = 2) -> str:
    if math.isnan(p.mean):
        return "–"
    if math.isnan(p.low):
        return f"{p.mean:+.{digits}f} (n={p.n})"
    return f"{p.mean:+.{digits}f} [{p.low:+.{digits}f}, {p.high:+.{digits}f}]"


def _workload_meta(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    from taso.bench._workloads import WORKLOADS

    meta = {}
    for r in records:
        w = r["workload"]
        if w not in meta:
            reg = WORKLOADS.get(w)
            meta[w] = {
                "config": r["config"]["workload"],
                "description": reg.description if reg else "",
                "reference": reg.reference if reg else None,
            }
    return meta


def _competition_ranks(sorted_values: list[float]) -> list[str]:
    """Ranks of values sorted best first; equal values share a rank ("2=").

    >>> _competition_ranks([98.8, 98.8, 97.0])
    ['1=', '1=', '3']
    """
    out = []
    for v in sorted_values:
        first = sorted_values.index(v) + 1
        tied = sorted_values.count(v) > 1
        out.append(f"{first}=" if tied else str(first))
    return out


def tables(records: Sequence[dict[str, Any]], reference: str = REFERENCE_ALGORITHM) -> list[str]:
    """Markdown lines: one results table and one paired-difference table per workload."""
    cells = summarise(records)
    meta = _workload_meta(records)
    lines: list[str] = []
    for w in sorted(cells):
        algos = cells[w]
        cfg = meta[w]["config"]
        lines += [
            f"### {w}",
            "",
            f"{meta[w]['description']} — {cfg['epochs']} epochs, batch {cfg['batch_size']}.",
            "",
            "| rank | algorithm | test accuracy % (mean ± std) | final train loss (mean ± std) | diverged | seeds |",
            "|---:|---|---:|---:|---:|---:|",
        ]
        ranked = sorted(algos.values(), key=lambda c: (-round(c.acc_mean_std()[0], 2), c.algorithm))
        ranks = _competition_ranks([round(c.acc_mean_std()[0], 2) for c in ranked])
        for rank, c in zip(ranks, ranked, strict=True):
            name = f"**{c.algorithm}**" if c.algorithm == reference else c.algorithm
            lines.append(
                f"| {rank} | {name} | {_pm(c.acc_mean_std())} | {_pm(c.loss_mean_std(), 4)} | "
                f"{c.diverged} | {c.n} |"
            )
        ref_range = meta[w]["reference"]
        if ref_range:
            best = ranked[0].acc_mean_std()[0]
            where = "within" if ref_range[0] <= best <= ref_range[1] else (
                "below" if best < ref_range[0] else "above")  # fmt: skip
            lines += ["", f"Reference range for this model family: {ref_range[0]}–{ref_range[1]}% "
                          f"(best mean here {best:.2f}%: {where})."]  # fmt: skip
        if reference in algos:
            lines += [
                "",
                f"{reference} minus competitor, paired by seed (95% bootstrap CI):",
                "",
                "| vs | Δ test accuracy (pp) | verdict | Δ final train loss | verdict (lower is better) |",
                "|---|---:|---|---:|---|",
            ]
            ref = algos[reference]
            for c in sorted(algos.values(), key=lambda c: c.algorithm):
                if c.algorithm == reference:
                    continue
                dacc = paired_difference(ref.test_accuracy, c.test_accuracy)
                la = {s: v for s, v in ref.final_train_loss.items() if v is not None}
                lb = {s: v for s, v in c.final_train_loss.items() if v is not None}
                dloss = paired_difference(la, lb)
                lv = {"win": "loss", "loss": "win"}.get(dloss.verdict, dloss.verdict)
                lines.append(f"| {c.algorithm} | {_ci(dacc)} | {dacc.verdict} | {_ci(dloss, 4)} | {lv} |")
        lines.append("")
    return lines


def scoreboard(records: Sequence[dict[str, Any]], reference: str = REFERENCE_ALGORITHM) -> list[str]:
    """Markdown lines: the paper's summary figures and win/tie/loss counts per competitor."""
    cells = summarise(records)
    rel = relative_summary(cells, reference)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for algos in cells.values():
        if reference not in algos:
            continue
        for name, c in algos.items():
            if name != reference:
                counts[name][paired_difference(algos[reference].test_accuracy, c.test_accuracy).verdict] += 1
    lines = [
        f"| {reference} vs | mean relative test-accuracy gain | mean relative train-loss reduction "
        "| median relative train-loss reduction | wins | ties | losses | workloads |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in sorted(rel):
        r = rel[name]
        tally = counts[name]
        loss = (
            "–"
            if math.isnan(r["loss_reduction_pct"])
            else f"{r['loss_reduction_pct']:+.1f}% (over {r['loss_workloads']})"
        )
        median = (
            "–" if math.isnan(r["loss_reduction_median_pct"]) else f"{r['loss_reduction_median_pct']:+.1f}%"
        )
        lines.append(
            f"| {name} | {r['accuracy_gain_pct']:+.2f}% | {loss} | {median} | {tally['win']} | {tally['tie']} | "
            f"{tally['loss']} | {r['workloads']} |"
        )
    return lines


def _plots(records: Sequence[dict[str, Any]], out_dir: Path) -> dict[str, Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    by_workload: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_workload[r["workload"]].append(r)
    paths = {}
    for w, recs in sorted(by_workload.items()):
        algos = sorted({r["algorithm"] for r in recs})
        colors = {a: plt.cm.tab10(i % 10) for i, a in enumerate(algos)}
        fig, axes = plt.subplots(1, 3, figsize=(16, 4.2), dpi=100)
        for a in algos:
            runs = sorted((r for r in recs if r["algorithm"] == a), key=lambda r: r["seed"])
            trace = np.array(runs[0]["result"]["lr_trace"], dtype=float)
            if len(trace):
                axes[0].plot(trace[:, 0], trace[:, 1], color=colors[a], label=a, lw=1.5)
            for ax, key in ((axes[1], "val_accuracy"), (axes[2], "train_loss")):
                curves = [[e[key] for e in r["result"]["epochs"]] for r in runs]
                length = min(len(c) for c in curves)
                if length == 0:
                    continue
                arr = np.array(
                    [[np.nan if v is None else v for v in c[:length]] for c in curves], dtype=float
                )
                arr[~np.isfinite(arr)] = np.nan  # a diverged epoch has no finite value to draw
                keep = ~np.all(np.isnan(arr), axis=0)
                if not keep.any():
                    continue
                arr = arr[:, keep]
                x = np.arange(1, length + 1)[keep]
                mean = np.nanmean(arr, axis=0)
                ax.plot(x, mean, color=colors[a], label=a, lw=1.5)
                if len(arr) > 1:
                    ax.fill_between(
                        x,
                        np.nanmin(arr, axis=0),
                        np.nanmax(arr, axis=0),
                        color=colors[a],
                        alpha=0.15,
                    )
        axes[0].set(title="learning rate (seed 0)", xlabel="step", ylabel="lr", yscale="log")
        axes[1].set(title="validation accuracy (mean, min–max band)", xlabel="epoch", ylabel="%")
        axes[2].set(title="training loss (mean, min–max band)", xlabel="epoch", yscale="log")
        axes[0].legend(fontsize=7)
        fig.suptitle(w)
        fig.tight_layout()
        path = out_dir / f"{w}.png"
        fig.savefig(path)
        plt.close(fig)
        paths[w] = path
    return paths


def write_report(
    results: str | Path,
    *,
    extra: Sequence[str | Path] = (),
    title: str | None = None,
    reference: str = REFERENCE_ALGORITHM,
    plots: bool = True,
) -> Path:
    """Write ``report.md`` (and ``plots/*.png``) into ``results`` from its result files."""
    results = Path(results)
    records = load_records([results, *extra])
    if not records:
        raise FileNotFoundError(f"no result records in {results} (run `taso bench run` first)")
    suites = sorted({r.get("suite", "?") for r in records})
    envs = {(r["environment"].get("git_commit"), r["environment"]["versions"].get("torch")) for r in records}
    seeds = sorted({r["seed"] for r in records})
    lines = [
        f"# {title or 'TASO benchmark report'}",
        "",
        f"Suites: {', '.join(suites)}; {len(records)} runs; seeds {seeds}; "
        f"{sum(r['result']['status'] != 'ok' for r in records)} diverged. Generated by "
        "`taso bench report` from the result files in this directory only.",
        "",
        "Test accuracy is measured once per run, at the end; nothing was selected on test. "
        "Confidence intervals are 95% percentile bootstrap intervals of the seed-paired mean "
        f"difference; with {len(seeds)} seeds they are coarse, and a 'win' or 'loss' needs every "
        "resample on one side of 0.",
        "",
        "## Summary",
        "",
        *scoreboard(records, reference),
        "",
        "## Per workload",
        "",
        *tables(records, reference),
        "## Provenance",
        "",
        *[f"- git commit `{c}`, torch {t}" for c, t in sorted(envs, key=str)],
        "",
    ]
    if plots:
        paths = _plots(records, results / "plots")
        lines += ["## Plots", ""]
        lines += [f"![{w}](plots/{p.name})" for w, p in paths.items()]
        lines.append("")
    out = results / "report.md"
    tmp = out.with_suffix(".md.tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    tmp.replace(out)
    return out


def terminal_summary(results: str | Path, reference: str = REFERENCE_ALGORITHM) -> str:
    """A compact plain-text table: test accuracy mean ± std per workload and algorithm."""
    records = load_records([results])
    cells = summarise(records)
    algos = sorted({a for c in cells.values() for a in c}, key=lambda a: (a != reference, a))
    width = max([len(w) for w in cells] + [8])
    head = f"{'workload':<{width}} " + " ".join(f"{a:>15}" for a in algos)
    rows = [head, "-" * len(head)]
    for w in sorted(cells):
        vals = []
        for a in algos:
            c = cells[w].get(a)
            if c is None:
                vals.append(f"{'–':>15}")
            else:
                m, s = c.acc_mean_std()
                mark = "*" if c.diverged else " "
                vals.append(f"{m:8.2f} ± {s:4.2f}{mark}")
        rows.append(f"{w:<{width}} " + " ".join(vals))
    rows.append("test accuracy %, mean ± std over seeds; * = some runs diverged")
    return "\n".join(rows)
