"""The report: reads result files only, writes Markdown + PNG plots, prints a short summary.

Statistics (:mod:`taso.bench._stats`): runs are paired by seed; TASO's difference to each
competitor gets a 95% paired Student-t interval, and win / tie / loss verdicts come from paired
t-tests Holm-corrected across the workloads of each comparison. Every report names the method in
its header. The competitor TASO is measured against as "the best" is chosen per workload by mean
final *validation* accuracy, never by test accuracy.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from taso.bench._results import ResultStore, config_id
from taso.bench._stats import METHOD, Paired, check_margin, noninferiority, paired_difference, verdicts

__all__ = [
    "AUTO",
    "BEST",
    "TUNED",
    "Cell",
    "Paired",
    "auto_decisions",
    "best_tuned_family",
    "comparisons",
    "default_reference",
    "load_records",
    "noninferiority_table",
    "paired_difference",
    "relabel_tuned",
    "relative_summary",
    "summarise",
    "write_report",
]

#: The name under which the reports list "the best competitor, chosen on validation".
BEST = "best (by val)"

REFERENCE_ALGORITHM = "taso"

#: The cell name of final runs of a tuned configuration (records with a ``tuning`` entry) when
#: they sit beside default runs: one family per workload, chosen on validation.
TUNED = "best tuned"
AUTO = "taso-auto"


def default_reference(records: Sequence[dict[str, Any]]) -> str:
    """``taso-auto`` where the records have AutoTASO runs, else ``taso``."""
    return AUTO if any(r["algorithm"] == AUTO for r in records) else REFERENCE_ALGORITHM


def relabel_tuned(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records of tuned final runs mixed with default runs: the tuned ones become cell
    :data:`TUNED` (their family is kept under ``tuned_family``), so a tuned ``taso`` never mixes
    with the default ``taso``. Records of one kind only are returned unchanged."""
    kinds = {"tuning" in r for r in records}
    if kinds != {True, False}:
        return list(records)
    return [
        {**r, "algorithm": TUNED, "tuned_family": r["algorithm"]} if "tuning" in r else r for r in records
    ]


def incomplete_families(runs: dict[str, int], families: Sequence[str]) -> dict[str, int]:
    """The tuned ``families`` with fewer final runs than the family with the most (``runs``: final
    runs per algorithm), with their counts: a workload is complete when this is empty."""
    need = max([*runs.values(), 1])
    return {f: runs.get(f, 0) for f in families if runs.get(f, 0) < need}


def best_tuned_family(
    records: Sequence[dict[str, Any]],
    workload: str,
    families: Sequence[str] | None = None,
) -> tuple[str, float, int]:
    """Among tuned final runs (records with ``tuning``) of ``workload``: the algorithm with the best
    mean final validation accuracy, that mean, and its number of runs (ties: alphabetical).

    Test accuracy plays no part. With ``families`` (the algorithms that were tuned on the workload),
    a choice among incomplete final runs is refused: every family must have as many runs as the
    family with the most, else the best family could be one that merely finished first.
    """
    vals: dict[str, list[float]] = defaultdict(list)
    for r in records:
        if r["workload"] == workload and "tuning" in r:
            vals[r["algorithm"]].append(_final_val(r["result"]))
    if not vals:
        raise ValueError(f"no tuned final runs of workload {workload!r} in the given records")
    if families is not None:
        need = max(len(v) for v in vals.values())
        short = incomplete_families({f: len(v) for f, v in vals.items()}, families)
        if short:
            raise ValueError(
                f"the tuned final runs of workload {workload!r} are incomplete: "
                + ", ".join(f"{f} has {n} of {need}" for f, n in sorted(short.items()))
                + "; finish them (`taso bench final`) before choosing the best family"
            )
        vals = defaultdict(list, {f: v for f, v in vals.items() if f in families})
    name = max(sorted(vals), key=lambda a: float(np.mean(vals[a])))
    return name, float(np.mean(vals[name])), len(vals[name])


def auto_decisions(records: Sequence[dict[str, Any]]) -> list[str]:
    """A table of AutoTASO's decisions per workload, from the ``details`` its runs recorded:
    each group's LR_I (median and range over seeds), how it was chosen, how its range tests ended
    (rule 7: "settled" where they stopped before diverging), what the stability probe did to the
    SGD groups (rule 6), and the steps discarded."""
    runs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if r["algorithm"] == AUTO and r["result"].get("details"):
            runs[r["workload"]].append(r["result"]["details"])
    if not runs:
        return []
    lines = [
        "| workload | seeds | group (optimizer) | LR_I median [min, max] | how chosen (runs) "
        "| sweep steps (median; ended by) "
        "| probe: LR_I x median [min, max] | discarded steps % (mean) |",
        "|---|---:|---|---|---|---:|---|---:|",
    ]
    for w in sorted(runs):
        details = runs[w]
        discarded = 100 * float(np.mean([d["discarded_fraction"] for d in details]))
        for k, g in enumerate(details[0]["groups"]):
            lrs = [d["groups"][k]["lr_initial"] for d in details]
            found = [d["groups"][k]["finding"] for d in details if d["groups"][k]["finding"]]
            reasons: dict[str, int] = defaultdict(int)
            for f in found:
                reasons[f["reason"] + (", capped" if f["capped"] else "")] += 1
            how = ", ".join(f"{r} ({n})" for r, n in sorted(reasons.items())) or "given"
            sweep = int(np.median([f["sweep_steps"] for f in found])) if found else 0
            stops: dict[str, int] = defaultdict(int)
            for f in found:
                if "stopped_by" in f:  # recorded since rule 7
                    stops[f["stopped_by"]] += 1
            ended = f" ({', '.join(f'{r} {n}' for r, n in sorted(stops.items()))})" if stops else ""
            lines.append(
                f"| {w if k == 0 else ''} | {len(details) if k == 0 else ''} | {g['name']} ({g['kind']}) | "
                f"{np.median(lrs):.3g} [{min(lrs):.3g}, {max(lrs):.3g}] | {how} | {sweep}{ended} | "
                f"{_probe_cell(details) if g['kind'] == 'sgd' else ''} | {f'{discarded:.1f}' if k == 0 else ''} |"
            )
    return lines


def _probe_cell(details: Sequence[dict[str, Any]]) -> str:
    """What the stability probe did over a workload's runs: "x median [min, max], raised on n of
    N" over the runs where it ran, "not run: normalization layers (N)" / "not run: short run (N)"
    for the others, or "-" where no run had it (AutoTASO rules 1-5)."""
    probes = [d["probe"] for d in details if d.get("probe")]
    if not probes:
        return "-"
    why = {"normalization layers": 0, "short run": 0}
    for p in probes:
        if p["reason"].startswith("not run"):
            why["short run" if "short run" in p["reason"] else "normalization layers"] += 1
    skipped = "; ".join(f"not run: {k} ({n})" for k, n in why.items() if n)
    ran = [p for p in probes if not p["reason"].startswith("not run")]
    if not ran:
        return skipped
    ups = [float(p.get("raised_by", 1.0)) for p in ran]
    raised = sum(u > 1.0 for u in ups)
    cell = f"x{np.median(ups):.3g} [{min(ups):.3g}, {max(ups):.3g}], raised on {raised} of {len(ran)}"
    return f"{cell}; {skipped}" if skipped else cell


@dataclass(frozen=True)
class Cell:
    """One (workload, algorithm): per-seed values and their summary."""

    workload: str
    algorithm: str
    test_accuracy: dict[int, float]
    final_train_loss: dict[int, float | None]
    diverged: int
    #: final-epoch validation accuracy per seed (what a fair selection may look at)
    val_accuracy: dict[int, float] = dataclasses.field(default_factory=dict)
    #: torch thread counts (and devices) the runs used, e.g. ``{"cpu/1": 3}``
    compute: dict[str, int] = dataclasses.field(default_factory=dict)
    #: runs that met a non-finite training loss and trained on to the end (the optimizer repaired
    #: its weights, as AutoTASO's guard does); they are measured like any other run
    recovered: int = 0

    @property
    def n(self) -> int:
        return len(self.test_accuracy)

    def val_mean(self) -> float:
        """Mean final validation accuracy (NaN without validation); exactly rounded (``math.fsum``),
        so two competitors with the same accuracies in another order tie exactly, whatever the
        order of the records, and the tie rule of :func:`best_by_validation` decides."""
        v = [x for x in self.val_accuracy.values() if x is not None and math.isfinite(x)]
        return math.fsum(v) / len(v) if v else math.nan

    def acc_mean_std(self) -> tuple[float, float]:
        v = np.array(list(self.test_accuracy.values()), dtype=float)
        return float(v.mean()), float(v.std(ddof=1)) if len(v) > 1 else 0.0

    def loss_mean_std(self) -> tuple[float, float] | None:
        v = [x for x in self.final_train_loss.values() if x is not None]
        if self.diverged or not v:
            return None
        a = np.array(v, dtype=float)
        return float(a.mean()), float(a.std(ddof=1)) if len(a) > 1 else 0.0


def load_records_and_problems(directories: Iterable[str | Path]) -> tuple[list[dict[str, Any]], list[str]]:
    """Every valid record of the given results directories (the latest wins for a key), and the
    ``file:line: why`` of every line that was skipped."""
    by_key: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for d in directories:
        store = ResultStore(d)
        for r in store.records():
            by_key[r["key"]] = r
        problems += store.problems
    return list(by_key.values()), problems


def load_records(directories: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Every valid record of the given results directories; the latest record wins for a key."""
    return load_records_and_problems(directories)[0]


def cell_labels(records: Sequence[dict[str, Any]]) -> dict[str, str]:
    """The cell each record belongs to, by record key: the algorithm's name, or, where one
    (workload, algorithm) holds runs of different configurations, ``"name [config id]"`` for each,
    so that different configurations are never averaged together."""
    configs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in records:
        configs[(r["workload"], r["algorithm"])].add(config_id(r))
    return {
        r["key"]: r["algorithm"] if len(configs[(r["workload"], r["algorithm"])]) == 1
        else f"{r['algorithm']} [{config_id(r)}]"
        for r in records
    }  # fmt: skip


def mixed_cells(records: Sequence[dict[str, Any]]) -> list[str]:
    """``"workload/algorithm: N configurations"`` wherever one name holds several configurations."""
    configs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in records:
        configs[(r["workload"], r["algorithm"])].add(config_id(r))
    return [f"{w}/{a}: {len(c)} configurations ({', '.join(sorted(c))})"
            for (w, a), c in sorted(configs.items()) if len(c) > 1]  # fmt: skip


#: What records written before the processor's model was recorded hold as their CPU's name.
_BARE_ARCHITECTURES = frozenset({"x86_64", "aarch64", "arm64", "AMD64", "i386", "?", ""})
_UNRECORDED = " (processor model not recorded)"


def compute_label(record: dict[str, Any]) -> str:
    """Where a run ran: ``"<device>/<torch threads>"`` (records before devices were recorded ran on
    the CPU)."""
    env = record.get("environment", {})
    extra = (f"/{env['amp']}" if env.get("amp") else "") + ("/compiled" if env.get("compile") else "")
    return f"{env.get('device', 'cpu')}/{env.get('threads', '?')}{extra}"


def _final_val(result: dict[str, Any]) -> float:
    epochs = result.get("epochs") or []
    v = epochs[-1].get("val_accuracy") if epochs else None
    return float(v) if v is not None else math.nan


def summarise(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, Cell]]:
    """``{workload: {algorithm: Cell}}`` from records."""
    acc: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    val: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    loss: dict[tuple[str, str], dict[int, float | None]] = defaultdict(dict)
    div: dict[tuple[str, str], int] = defaultdict(int)
    rec: dict[tuple[str, str], int] = defaultdict(int)
    compute: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    labels = cell_labels(records)
    for r in records:
        k = (r["workload"], labels[r["key"]])
        res = r["result"]
        acc[k][r["seed"]] = float(res["test_accuracy"])
        val[k][r["seed"]] = _final_val(res)
        loss[k][r["seed"]] = res["final_train_loss"]
        div[k] += res["status"] != "ok"
        rec[k] += res["status"] == "ok" and res.get("diverged_at_step") is not None
        compute[k][compute_label(r)] += 1
    out: dict[str, dict[str, Cell]] = defaultdict(dict)
    for (w, a), values in acc.items():
        out[w][a] = Cell(
            w, a, values, loss[(w, a)], div[(w, a)], val[(w, a)], dict(compute[(w, a)]), rec[(w, a)]
        )
    return dict(out)


def best_by_validation(algos: dict[str, Cell], reference: str) -> Cell | None:
    """The competitor of ``reference`` with the highest mean final validation accuracy (ties: the
    name first in alphabetical order). Test accuracy plays no part."""
    others = [c for name, c in algos.items() if name != reference and not math.isnan(c.val_mean())]
    if not others:
        return None
    return max(others, key=lambda c: (c.val_mean(), [-ord(ch) for ch in c.algorithm]))


def _metric(cell: Cell, metric: str) -> dict[int, float]:
    if metric == "test_accuracy":
        return cell.test_accuracy
    return {s: v for s, v in cell.final_train_loss.items() if v is not None}


def comparisons(
    cells: dict[str, dict[str, Cell]], reference: str = REFERENCE_ALGORITHM, metric: str = "test_accuracy"
) -> dict[str, dict[str, tuple[Paired, str]]]:
    """``{competitor: {workload: (paired difference of `metric`, Holm verdict)}}``.

    One family per competitor: the verdicts are Holm-corrected across the workloads where both
    ran (for ``final_train_loss`` a "win" means the reference's loss is *higher*; the tables
    flip it). The competitor :data:`BEST` is, per workload, the one with the best mean final
    validation accuracy.
    """
    pairs: dict[str, dict[str, Paired]] = defaultdict(dict)
    for w, algos in cells.items():
        if reference not in algos:
            continue
        ref = _metric(algos[reference], metric)
        for name, c in algos.items():
            if name != reference:
                pairs[name][w] = paired_difference(ref, _metric(c, metric))
        best = best_by_validation(algos, reference)
        if best is not None:
            pairs[BEST][w] = paired_difference(ref, _metric(best, metric))
    return {name: {w: (p, v) for (w, p), v in zip(fam.items(), verdicts(fam).values(), strict=True)}
            for name, fam in pairs.items()}  # fmt: skip


def relative_summary(
    cells: dict[str, dict[str, Cell]], reference: str = REFERENCE_ALGORITHM
) -> dict[str, dict[str, float | int]]:
    """The paper's summary figures, per competitor, over workloads: the mean and the median
    relative test-accuracy gain (%) of ``reference``, and its mean and median relative reduction
    (%) of the final training loss (workloads where either side diverged are left out of the
    loss). One collapsed seed or one near-zero loss drives a mean; the median resists both, so
    both are shown side by side."""
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
            "accuracy_gain_median_pct": float(np.nanmedian(g)) if g else math.nan,
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
    from taso.bench._workloads import Workload, get_workload

    meta = {}
    for r in records:
        w = r["workload"]
        if w not in meta:
            try:
                reg: Workload | None = get_workload(w)
            except ValueError:  # a workload no longer registered: its records still report
                reg = None
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


def _cell_note(c: Cell) -> str:
    return (
        ""
        if len(c.compute) <= 1
        else " (mixed: " + ", ".join(f"{k}×{v}" for k, v in sorted(c.compute.items())) + ")"
    )


def tables(records: Sequence[dict[str, Any]], reference: str = REFERENCE_ALGORITHM) -> list[str]:
    """Markdown lines: one results table and one paired-difference table per workload."""
    cells = summarise(records)
    meta = _workload_meta(records)
    acc_fam = comparisons(cells, reference, "test_accuracy")
    loss_fam = comparisons(cells, reference, "final_train_loss")
    lines: list[str] = []
    for w in sorted(cells):
        algos = cells[w]
        cfg = meta[w]["config"]
        lines += [
            f"### {w}",
            "",
            f"{meta[w]['description']} — {cfg['epochs']} epochs, batch {cfg['batch_size']}.",
            "",
            "| rank | algorithm | test accuracy % (mean ± std) | final val accuracy % | final train loss (mean ± std) "
            "| diverged | seeds | device/threads |",
            "|---:|---|---:|---:|---:|---:|---:|---|",
        ]
        ranked = sorted(algos.values(), key=lambda c: (-round(c.acc_mean_std()[0], 2), c.algorithm))
        ranks = _competition_ranks([round(c.acc_mean_std()[0], 2) for c in ranked])
        for rank, c in zip(ranks, ranked, strict=True):
            name = f"**{c.algorithm}**" if c.algorithm == reference else c.algorithm
            compute = ", ".join(sorted(c.compute)) + _cell_note(c)
            lines.append(
                f"| {rank} | {name} | {_pm(c.acc_mean_std())} | {c.val_mean():.2f} | {_pm(c.loss_mean_std(), 4)} | "
                f"{c.diverged}{f' ({c.recovered} recovered)' if c.recovered else ''} | {c.n} | {compute} |"
            )
        ref_range = meta[w]["reference"]
        if ref_range:
            best = ranked[0].acc_mean_std()[0]
            where = "within" if ref_range[0] <= best <= ref_range[1] else (
                "below" if best < ref_range[0] else "above")  # fmt: skip
            lines += ["", f"Reference range for this model family: {ref_range[0]}–{ref_range[1]}% "
                          f"(best mean here {best:.2f}%: {where})."]  # fmt: skip
        if reference in algos:
            chosen = best_by_validation(algos, reference)
            lines += [
                "",
                f"{reference} minus competitor, paired by seed (95% t-interval; verdict: paired t-test, "
                "Holm-corrected across the workloads of each comparison):",
                "",
                "| vs | Δ test accuracy (pp) | verdict | Δ final train loss | verdict (lower is better) |",
                "|---|---:|---|---:|---|",
            ]
            names = sorted(a for a in algos if a != reference)
            if chosen is not None:
                names.append(BEST)
            for name in names:
                dacc, vacc = acc_fam[name][w]
                if w in loss_fam.get(name, {}):
                    dloss, vloss = loss_fam[name][w]
                    lv = {"win": "loss", "loss": "win"}.get(vloss, vloss)
                    loss_txt = f"{_ci(dloss, 4)} | {lv}"
                else:
                    loss_txt = "– | –"
                label = f"{BEST}: {chosen.algorithm}" if name == BEST and chosen is not None else name
                lines.append(f"| {label} | {_ci(dacc)} | {vacc} | {loss_txt} |")
        lines.append("")
    return lines


def compact_table(records: Sequence[dict[str, Any]], reference: str = REFERENCE_ALGORITHM) -> list[str]:
    """Markdown lines: test accuracy (mean ± std) of every algorithm per workload, best mean in
    bold, and the reference minus the best competitor *chosen on validation* (t-interval, Holm
    verdict). The README quotes this table."""
    cells = summarise(records)
    fam = comparisons(cells, reference).get(BEST, {})
    algos = sorted({a for c in cells.values() for a in c}, key=lambda a: (a != reference, a))
    lines = [
        "| workload | "
        + " | ".join(algos)
        + f" | {reference} vs best competitor by validation (pp, 95% t-interval, Holm verdict) |",
        "|---|" + "---:|" * len(algos) + "---|",
    ]
    for w in sorted(cells):
        means = {a: round(c.acc_mean_std()[0], 2) for a, c in cells[w].items()}
        top = max(means.values())
        row = []
        for a in algos:
            c = cells[w].get(a)
            if c is None:
                row.append("–")
                continue
            text = _pm(c.acc_mean_std())
            text = f"**{text}**" if means[a] == top else text
            row.append(text + (f" ({c.diverged} div.)" if c.diverged else ""))
        chosen = best_by_validation(cells[w], reference)
        if w in fam and chosen is not None:
            p, verdict = fam[w]
            row.append(f"{_ci(p)} vs {chosen.algorithm}: {verdict}")
        else:
            row.append("–")
        lines.append(f"| {w} | " + " | ".join(row) + " |")
    return lines


def noninferiority_table(
    records: Sequence[dict[str, Any]], margin: float, reference: str = REFERENCE_ALGORITHM
) -> list[str]:
    """Markdown lines: per workload and competitor, whether the reference's test accuracy is shown
    to be *not worse than* ``margin`` points below the competitor's (one-sided paired t-test of
    :math:`H_0: E[d] \\le -m`, Holm-corrected across the workloads of each competitor; see
    :func:`taso.bench._stats.noninferiority`), with the adjusted p-value, and a count per competitor;
    and whether it is shown on every workload at once: an intersection-union test (Berger 1982),
    which needs no correction, each workload's unadjusted p below 0.05. A tie of the win / tie /
    loss verdicts is not this: a wide interval ties everything."""
    fams = comparisons(summarise(records), reference)
    if not fams:
        return []
    names = ([BEST] if BEST in fams else []) + sorted(n for n in fams if n != BEST)
    readings = {n: noninferiority({w: p for w, (p, _) in fams[n].items()}, margin) for n in names}
    workloads = sorted({w for n in names for w in fams[n]})
    lines = [
        "| workload | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for w in workloads:
        cells = []
        for n in names:
            if w not in readings[n]:
                cells.append("–")
                continue
            p, reading = readings[n][w]
            cells.append(reading if math.isnan(p) else f"{reading} (p {p:.3g})")
        lines.append(f"| {w} | " + " | ".join(cells) + " |")
    lines.append("")
    for n in names:
        raw = {w: p.noninferior_p(margin) for w, (p, _) in fams[n].items()}
        worst = max(raw, key=lambda w: (math.isnan(raw[w]), raw[w]))
        every = "yes" if raw[worst] < 0.05 else "no"
        lines.append(
            f"- vs {n}: shown on {sum(v == 'shown' for _, v in readings[n].values())} of {len(readings[n])} "
            f"workloads (Holm); on every workload at once (intersection-union test, each p < 0.05 "
            f"unadjusted): {every}, largest p {raw[worst]:.3g} ({worst})"
        )
    return lines


def verdict_counts(
    records: Sequence[dict[str, Any]], reference: str = REFERENCE_ALGORITHM
) -> dict[str, dict[str, int]]:
    """``{competitor: {"win": .., "tie": .., "loss": ..}}`` over workloads (Holm-corrected)."""
    out: dict[str, dict[str, int]] = {}
    for name, fam in comparisons(summarise(records), reference).items():
        tally = {"win": 0, "tie": 0, "loss": 0, "n/a": 0}
        for _, verdict in fam.values():
            tally[verdict] += 1
        out[name] = tally
    return out


def scoreboard(records: Sequence[dict[str, Any]], reference: str = REFERENCE_ALGORITHM) -> list[str]:
    """Markdown lines: the paper's summary figures (means and medians) and win/tie/loss counts per
    competitor, plus the best competitor chosen on validation per workload."""
    cells = summarise(records)
    rel = relative_summary(cells, reference)
    counts = verdict_counts(records, reference)

    def pct(x: float, digits: int) -> str:
        return "–" if math.isnan(x) else f"{x:+.{digits}f}%"

    lines = [
        f"| {reference} vs | relative test-accuracy gain: mean | median | relative train-loss reduction: mean "
        "| median | wins | ties | losses | workloads |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in sorted(rel):
        r = rel[name]
        tally = counts.get(name, {"win": 0, "tie": 0, "loss": 0})
        loss = (
            "–"
            if math.isnan(r["loss_reduction_pct"])
            else f"{r['loss_reduction_pct']:+.1f}% (over {r['loss_workloads']})"
        )
        lines.append(
            f"| {name} | {pct(r['accuracy_gain_pct'], 2)} | {pct(r['accuracy_gain_median_pct'], 2)} | {loss} | "
            f"{pct(r['loss_reduction_median_pct'], 1)} | {tally['win']} | {tally['tie']} | {tally['loss']} | "
            f"{r['workloads']} |"
        )
    if BEST in counts:
        tally = counts[BEST]
        lines.append(
            f"| {BEST} | | | | | {tally['win']} | {tally['tie']} | {tally['loss']} | {sum(tally.values())} |"
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
    reference: str | None = None,
    plots: bool = True,
    margin: float | None = None,
) -> Path:
    """Write ``report.md`` (and ``plots/*.png``) into ``results`` from its result files;
    ``margin`` (points of test accuracy) adds a non-inferiority section: where the reference is
    shown to be no more than ``margin`` points behind each competitor."""
    if margin is not None:
        check_margin(margin)
    results = Path(results)
    records, problems = load_records_and_problems([results, *extra])
    if not records:
        raise FileNotFoundError(f"no result records in {results} (run `taso bench run` first)")
    records = relabel_tuned(records)
    reference = reference or default_reference(records)
    tuned_families = sorted({(r["workload"], r["tuned_family"]) for r in records if "tuned_family" in r})
    decisions = auto_decisions(records)
    suites = sorted({r.get("suite", "?") for r in records})
    envs = {(r["environment"].get("git_commit"), r["environment"]["versions"].get("torch")) for r in records}
    machines = Counter(r["environment"].get("device_name", "?") for r in records)
    seeds = sorted({r["seed"] for r in records})
    lines = [
        f"# {title or 'TASO benchmark report'}",
        "",
        f"Suites: {', '.join(suites)}; {len(records)} runs; seeds {seeds}; "
        f"{sum(r['result']['status'] != 'ok' for r in records)} diverged. Generated by "
        "`taso bench report` from the result files in this directory only.",
        "",
        "Test accuracy is measured once per run, at the end; nothing was selected on test: the "
        f"'{BEST}' competitor of each workload is the one with the best mean final validation accuracy.",
        "",
        f"Statistics: {METHOD}. With {len(seeds)} seeds per cell the intervals are wide and a verdict "
        "needs a large, consistent difference; the t-interval assumes roughly normal (or symmetric) "
        "seed-to-seed differences and under-covers for strongly skewed ones (e.g. one collapsed seed).",
        "",
        f"Runs by device/torch threads: {_compute_summary(records)}.",
        *(
            [
                "",
                "**Cells that hold runs of different configurations** (reported separately, never "
                "averaged; the reference algorithm is compared only where it has one configuration):",
                "",
                *[f"- {m}" for m in mixed_cells(records)],
            ]
            if mixed_cells(records)
            else []
        ),
        *(
            [
                "",
                f"**Skipped {len(problems)} unreadable line(s)** of the result files:",
                "",
                *[f"- `{p}`" for p in problems],
            ]
            if problems
            else []
        ),
        "",
        *(
            [
                "",
                f"**'{TUNED}'**: per workload, the final runs of the tuned configuration of the family with "
                "the best mean final validation accuracy among the tuned final runs (`taso bench final "
                "--best-family-from`); its seeds match the other algorithms' seeds, so the comparison is "
                "paired: " + ", ".join(f"{w}: {f}" for w, f in tuned_families) + ".",
            ]
            if tuned_families
            else []
        ),
        "",
        f"Reference algorithm (the left side of every comparison): `{reference}`.",
        "",
        "## Summary",
        "",
        *scoreboard(records, reference),
        "",
        "Test accuracy %, mean ± std over seeds:",
        "",
        *compact_table(records, reference),
        "",
        *(
            [
                f"## Not worse by more than {margin:g} points? (non-inferiority)",
                "",
                f"Where `{reference}`'s test accuracy is *shown* to be no more than {margin:g} points "
                f"below each competitor's: one-sided paired t-test of H0: E[{reference} − competitor] "
                f"≤ −{margin:g}, Holm-corrected across the workloads of each competitor (family-wise "
                'error 5%); adjusted p-values. "not shown" is no evidence of a larger gap: with few '
                "seeds or noisy workloads the test cannot show it.",
                "",
                *noninferiority_table(records, margin, reference),
                "",
            ]
            if margin is not None
            else []
        ),
        *(["## AutoTASO's decisions", "", *decisions, ""] if decisions else []),
        "## Per workload",
        "",
        *tables(records, reference),
        "## Provenance",
        "",
        *[f"- git commit `{c}`, torch {t}" for c, t in sorted(envs, key=str)],
        *[
            f"- {n} runs on `{m}`{_UNRECORDED if m in _BARE_ARCHITECTURES else ''}"
            for m, n in sorted(machines.items())
        ],
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


def _compute_summary(records: Sequence[dict[str, Any]]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for r in records:
        counts[compute_label(r)] += 1
    text = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
    if len(counts) > 1:
        text += " (mixed: the same seed and configuration can differ across thread counts; cells that mix are marked)"
    return text


def terminal_summary(results: str | Path, reference: str | None = None) -> str:
    """A compact plain-text table: test accuracy mean ± std per workload and algorithm."""
    records = relabel_tuned(load_records([results]))
    reference = reference or default_reference(records)
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
