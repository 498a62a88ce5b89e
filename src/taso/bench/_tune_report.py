"""Report of the tuned ("optimal") scenario beside the default one.

Inputs are files only: the Optuna storage of the sweeps (trials, their per-epoch validation
curves, steps and seconds) and the result directories of the default suite and of the final runs.
Outputs: Markdown tables and PNG plots.

- default vs tuned test accuracy and final training loss per workload and algorithm;
- TASO minus each competitor within the tuned scenario, paired by seed (the final runs share seeds);
- tuning curves (best validation accuracy so far vs trials) and learning-rate sensitivity;
- a flag on any best value at the edge of its search space;
- time-to-target (steps and seconds for the best trial to first reach a per-workload target
  validation accuracy) and an AlgoPerf-style performance profile across workloads;
- the compute: trials by state, epochs trained against what full-horizon trials would have cost
  (what pruning saved), and core-hours of trials, re-evaluations and final runs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from taso.bench._report import (
    BEST,
    _pm,
    compact_table,
    incomplete_families,
    load_records,
    scoreboard,
    summarise,
    tables,
)
from taso.bench._stats import METHOD
from taso.bench._tune import SearchSpace, load_space

__all__ = [
    "TrialSummary",
    "at_edge",
    "load_trials",
    "performance_profile",
    "time_to_target",
    "write_tune_report",
]

TAUS = np.linspace(1.0, 4.0, 61)


@dataclass(frozen=True)
class TrialSummary:
    workload: str
    algorithm: str
    mode: str
    number: int
    state: str
    value: float | None
    params: dict[str, Any]
    val_accuracy: list[float]
    steps: list[int]
    wall_time: list[float]
    epochs: int | None = None  # epochs per trial (the study's budget; None: not recorded)
    seconds: float | None = None  # from the claim to the end of the trial (None: not finished)
    tag: str = ""  # the study's tag: "" for the first study, the override's tag for a widened one


def _seconds(t: Any) -> float | None:
    if t.datetime_start is None or t.datetime_complete is None:
        return None
    return float((t.datetime_complete - t.datetime_start).total_seconds())


def load_trials(storage_url: str) -> list[TrialSummary]:
    """Every trial of every ``workload/algorithm/mode[/tag]`` study in the storage (a tagged study
    is a rerun over a workload's own, wider ranges; see :func:`taso.bench._tune.load_space`)."""
    import optuna

    out = []
    for s in optuna.get_all_study_summaries(storage=storage_url, include_best_trial=False):
        parts = s.study_name.split("/")
        if len(parts) not in (3, 4) or parts[-1] == "reeval":
            continue
        study = optuna.load_study(storage=storage_url, study_name=s.study_name)
        epochs = study.user_attrs.get("epochs")
        for t in study.get_trials(deepcopy=False):
            out.append(
                TrialSummary(
                    parts[0], parts[1], parts[2], t.number, t.state.name, t.value, dict(t.params),
                    list(t.user_attrs.get("val_accuracy", [])), list(t.user_attrs.get("steps", [])),
                    list(t.user_attrs.get("wall_time", [])), epochs, _seconds(t),
                    parts[3] if len(parts) == 4 else "",
                )
            )  # fmt: skip
    return out


def at_edge(space: SearchSpace, params: dict[str, Any], margin: float = 0.05) -> list[str]:
    """Names of numeric parameters whose value sits at the edge of the space: the smallest or
    largest grid value, or within ``margin`` of a range bound (in log space for log ranges).

    >>> from taso.bench._tune import load_space
    >>> at_edge(load_space("taso", "paper"), {"lr": 1.0, "weight_decay": 1e-4, "nesterov": True})
    ['lr']
    """
    edges = []
    if space.grid:
        for name, values in space.grid:
            numeric = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
            if name in params and len(numeric) > 2 and params[name] in (min(numeric), max(numeric)):
                edges.append(name)
        return edges
    for p in space.params:
        if p.choices or p.name not in params:
            continue
        lo, hi, v = float(p.low), float(p.high), float(params[p.name])  # type: ignore[arg-type]
        if p.log:
            lo, hi, v = math.log(lo), math.log(hi), math.log(v)
        if (v - lo) <= margin * (hi - lo) or (hi - v) <= margin * (hi - lo):
            edges.append(p.name)
    return edges


def current_trials(trials: Sequence[TrialSummary]) -> list[TrialSummary]:
    """The trials of the study each (workload, algorithm, mode) uses now: the tagged one where
    the search space has an override for the workload, else the first."""
    from taso.bench._tune import study_name

    tags: dict[tuple[str, str, str], str] = {}
    for key in {(t.workload, t.algorithm, t.mode) for t in trials}:
        name = study_name(*key)
        tags[key] = name.split("/")[3] if name.count("/") == 3 else ""
    return [t for t in trials if t.tag == tags[(t.workload, t.algorithm, t.mode)]]


def _widened_lines(every_trial: Sequence[TrialSummary], mode: str) -> list[str]:
    """Which studies were rerun over wider ranges, why, and the first study's selection."""
    current = {id(t) for t in current_trials(every_trial)}
    first = best_per_study([t for t in every_trial if id(t) not in current])
    if not first:
        return []
    lines = ["", "## Widened studies (flag, widen, rerun)", "",
             "Where a study's selected value sat at an edge of its range, the study was rerun with the same "
             "number of trials over a wider range (a new study); the table above uses the rerun. Both "
             "studies' trials count in the compute below.", "",
             "| workload | algorithm | first study's best trial | why widened | ranges of the rerun |",
             "|---|---|---|---|---|"]  # fmt: skip
    for (w, algo, m), b in sorted(first.items()):
        try:
            space = load_space(algo, m, workload=w)
        except ValueError:
            continue
        ranges = ", ".join(f"{p.name} [{p.low:g}, {p.high:g}]" for p in space.params if not p.choices)
        lines.append(f"| {w} | {algo} | `{b.params}` -> {b.value:.2f} | {space.reason} | {ranges} |")
    return lines


def best_per_study(trials: Sequence[TrialSummary]) -> dict[tuple[str, str, str], TrialSummary]:
    best: dict[tuple[str, str, str], TrialSummary] = {}
    for t in trials:
        if t.state != "COMPLETE" or t.value is None:
            continue
        key = (t.workload, t.algorithm, t.mode)
        if key not in best or (t.value, -t.number) > (best[key].value, -best[key].number):  # type: ignore[operator]
            best[key] = t
    return best


def time_to_target(trial: TrialSummary, target: float) -> tuple[float, float]:
    """(steps, seconds) at the end of the first epoch whose validation accuracy is >= target;
    ``inf`` if never.

    >>> t = TrialSummary("w", "a", "paper", 0, "COMPLETE", 90.0, {}, [50.0, 80.0, 90.0], [10, 20, 30],
    ...                  [1.0, 2.0, 3.0])
    >>> time_to_target(t, 75.0)
    (20.0, 2.0)
    """
    for acc, step, sec in zip(trial.val_accuracy, trial.steps, trial.wall_time, strict=False):
        if acc >= target:
            return float(step), float(sec)
    return math.inf, math.inf


def performance_profile(times: dict[str, dict[str, float]], taus: np.ndarray = TAUS) -> dict[str, np.ndarray]:
    """AlgoPerf-style profile: ``times[algorithm][workload]``; ratio to the fastest algorithm on
    each workload; ``rho(tau)`` = share of workloads with ratio <= tau.

    >>> prof = performance_profile({"a": {"w1": 1.0, "w2": 4.0}, "b": {"w1": 2.0, "w2": 2.0}}, np.array([1.0, 2.0]))
    >>> prof["a"].tolist(), prof["b"].tolist()
    ([0.5, 1.0], [0.5, 1.0])
    """
    workloads = sorted({w for per in times.values() for w in per})
    best = {w: min(per.get(w, math.inf) for per in times.values()) for w in workloads}
    out = {}
    for algo, per in times.items():
        ratios = np.array(
            [per.get(w, math.inf) / best[w] if math.isfinite(best[w]) else math.inf for w in workloads]
        )
        out[algo] = np.array([float(np.mean(ratios <= tau)) for tau in taus])
    return out


def _plot_study_curves(trials: Sequence[TrialSummary], out_dir: Path) -> dict[str, Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    by_wm: dict[tuple[str, str], list[TrialSummary]] = defaultdict(list)
    for t in trials:
        by_wm[(t.workload, t.mode)].append(t)
    paths = {}
    for (w, mode), ts in sorted(by_wm.items()):
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4), dpi=100)
        for i, algo in enumerate(sorted({t.algorithm for t in ts})):
            mine = sorted(
                (t for t in ts if t.algorithm == algo and t.value is not None), key=lambda t: t.number
            )
            if not mine:
                continue
            color = plt.cm.tab10(i % 10)
            ax1.plot(
                range(1, len(mine) + 1),
                np.maximum.accumulate([float(t.value or 0.0) for t in mine]),
                color=color,
                label=algo,
            )
            lr = [t.params.get("lr") for t in mine]
            if all(isinstance(x, (int, float)) for x in lr):
                ax2.scatter(lr, [t.value for t in mine], color=color, label=algo, s=18)
        ax1.set(title=f"{w} ({mode}): best validation accuracy so far", xlabel="trials", ylabel="%")
        ax2.set(
            title="learning-rate sensitivity", xlabel="lr", ylabel="final validation accuracy %", xscale="log"
        )
        ax1.legend(fontsize=7)
        fig.tight_layout()
        path = out_dir / f"tuning-{w}-{mode}.png"
        fig.savefig(path)
        plt.close(fig)
        paths[f"{w}/{mode}"] = path
    return paths


def _plot_profiles(profiles: dict[str, np.ndarray], path: Path, what: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    for algo, rho in sorted(profiles.items()):
        ax.step(TAUS, rho, where="post", label=algo)
    ax.set(title=f"performance profile ({what} to target)", xlabel="tau (ratio to the fastest)",
           ylabel="share of workloads", ylim=(-0.02, 1.02))  # fmt: skip
    ax.legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def _budget_text(trials: Sequence[TrialSummary], tuned: Sequence[dict[str, Any]]) -> list[str]:
    final_epochs = {r["workload"]: r["config"]["workload"]["epochs"] for r in tuned}
    cut = sorted({t.workload for t in trials if t.epochs and t.workload in final_epochs
                  and t.epochs < final_epochs[t.workload]})  # fmt: skip
    if cut:
        head = (f"Trials were cut to fewer epochs than the final runs on {', '.join(cut)} (their hyperparameters "
                "were selected at a shorter horizon than they are scored at); elsewhere they train for the "
                "final runs' epochs.")  # fmt: skip
    else:
        head = "Trials train for the epochs below, the final runs' horizon where final runs exist (no horizon cut)."
    if any(t.state == "PRUNED" for t in trials):
        head += (" A pruned trial stopped early, when its validation accuracy after an epoch fell below the median "
                 "of the earlier trials' at that epoch (Optuna's MedianPruner, after 5 trials, from the second "
                 "epoch on); the Compute section shows what that saved.")  # fmt: skip
    return [head]


def _budget_rows(trials: Sequence[TrialSummary], tuned: Sequence[dict[str, Any]]) -> list[str]:
    final_epochs = {r["workload"]: r["config"]["workload"]["epochs"] for r in tuned}
    rows = []
    for w in sorted({t.workload for t in trials}):
        mine = [t for t in trials if t.workload == w]
        per_algo: dict[str, int] = defaultdict(int)
        for t in mine:
            if t.state in ("COMPLETE", "PRUNED"):
                per_algo[t.algorithm] += 1
        epochs = {t.epochs for t in mine}
        trial_epochs = ", ".join(str(e) if e is not None else "?" for e in sorted(epochs, key=str))
        counts = ", ".join(sorted({str(n) for n in per_algo.values()}))
        rows.append(f"| {w} | {trial_epochs} | {final_epochs.get(w, '–')} | {counts} |")
    return rows


def _reeval_seconds(storage_url: str, mode: str) -> dict[str, list[float]]:
    """Seconds of every finished re-evaluation run (``<study>/reeval`` units), by workload."""
    import optuna

    out: dict[str, list[float]] = defaultdict(list)
    for s in optuna.get_all_study_summaries(storage=storage_url, include_best_trial=False):
        parts = s.study_name.split("/")
        if len(parts) not in (4, 5) or parts[2] != mode or parts[-1] != "reeval":
            continue
        units = optuna.load_study(storage=storage_url, study_name=s.study_name)
        out[parts[0]] += [sec for u in units.get_trials(deepcopy=False) if (sec := _seconds(u)) is not None]
    return out


def _compute_lines(
    trials: Sequence[TrialSummary], tuned: Sequence[dict[str, Any]], storage_url: str, mode: str
) -> list[str]:
    """Trials by state, epochs trained vs full-horizon trials, and core-hours per stage."""
    reeval = _reeval_seconds(storage_url, mode)
    lines = [
        "| workload | trials | complete | pruned | failed / unfinished | epochs trained / full-horizon trials' epochs "
        "| trials (core-h) | re-evaluation runs (core-h) | final runs (core-h) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total: defaultdict[str, float] = defaultdict(float)
    for w in sorted({t.workload for t in trials}):
        mine = [t for t in trials if t.workload == w]
        finished = [t for t in mine if t.state in ("COMPLETE", "PRUNED")]
        trained = sum(len(t.val_accuracy) for t in finished)
        full = sum(t.epochs or len(t.val_accuracy) for t in finished)
        hours = sum(t.seconds or 0.0 for t in finished) / 3600
        re_h = sum(reeval.get(w, [])) / 3600
        finals = [r for r in tuned if r["workload"] == w and r.get("tuning", {}).get("mode", mode) == mode]
        fin_h = sum(float(r["result"].get("wall_time", 0.0)) for r in finals) / 3600
        n = {state: sum(t.state == state for t in mine) for state in ("COMPLETE", "PRUNED")}
        other = len(mine) - n["COMPLETE"] - n["PRUNED"]
        share = f"{trained} / {full} ({100 * trained / full:.0f}%)" if full else "–"
        lines.append(
            f"| {w} | {len(mine)} | {n['COMPLETE']} | {n['PRUNED']} | {other} | {share} | {hours:.2f} | "
            f"{len(reeval.get(w, []))} ({re_h:.2f}) | {len(finals)} ({fin_h:.2f}) |"
        )
        for k, v in (("trials", len(mine)), ("trained", trained), ("full", full), ("hours", hours),
                     ("re_n", len(reeval.get(w, []))), ("re_h", re_h), ("fin_n", len(finals)), ("fin_h", fin_h)):  # fmt: skip
            total[k] += v
    share = f"{100 * total['trained'] / total['full']:.0f}%" if total["full"] else "–"
    lines += [
        "",
        f"In all: {total['trials']:.0f} trials, {total['hours']:.2f} core-hours (epochs trained: {share} of what "
        f"the same trials at their full horizon would have cost); {total['re_n']:.0f} re-evaluation runs, "
        f"{total['re_h']:.2f} core-hours; {total['fin_n']:.0f} final runs, {total['fin_h']:.2f} core-hours; "
        f"total {total['hours'] + total['re_h'] + total['fin_h']:.2f} core-hours (1 torch thread per run; "
        "trial and re-evaluation times run from the claim to the end, final runs' from their records).",
    ]
    return lines


def _selected(storage_url: str, b: TrialSummary) -> tuple[dict[str, Any], str]:
    """The configuration the final runs use (after re-evaluation when one is complete)."""
    from taso.bench._reeval import select_trial

    try:
        sel = select_trial(storage_url, b.workload, b.algorithm, b.mode)
    except (ValueError, KeyError):
        return b.params, "best single trial (re-evaluation not complete)"
    n = len(sel.candidates.get(sel.trial.number, {}))
    how = "best single trial" if n <= 1 else f"re-evaluated, mean val over {n} seeds"
    return dict(sel.trial.params), how


def _complete_workloads(
    tuned: Sequence[dict[str, Any]], best: dict[tuple[str, str, str], TrialSummary]
) -> tuple[set[str], dict[str, str]]:
    """Workloads whose every tuned family (a study in the storage) has final runs, all with the
    same number of seeds; and, for the others that have some, what is done so far."""
    runs: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in tuned:
        runs[r["workload"]][r["algorithm"]] += 1
    complete, pending = set(), {}
    for w in sorted({w for w, _, _ in best}):
        families = sorted({a for ww, a, _ in best if ww == w})
        if runs[w] and not incomplete_families(runs[w], families):
            complete.add(w)
        elif runs[w]:
            pending[w] = ", ".join(f"{a} {runs[w].get(a, 0)}" for a in families)
    return complete, pending


def write_tune_report(
    storage_url: str,
    tuned_results: str | Path,
    default_results: str | Path | Sequence[str | Path] | None,
    out_dir: str | Path,
    *,
    mode: str = "paper",
    target_fraction: float = 0.98,
) -> Path:
    """Write ``out_dir/report.md`` and plots. The target validation accuracy of a workload is
    ``target_fraction`` x the best final validation accuracy any algorithm's best trial reached."""
    out_dir = Path(out_dir)
    every_trial = [t for t in load_trials(storage_url) if t.mode == mode]
    if not every_trial:
        raise FileNotFoundError(f"no {mode}-mode trials in {storage_url}")
    trials = current_trials(every_trial)
    best = best_per_study(trials)
    tuned = load_records([tuned_results])
    if default_results is None:
        default = []
    elif isinstance(default_results, (str, Path)):
        default = load_records([default_results])
    else:
        default = load_records(default_results)
    workloads = sorted({w for w, _, _ in best})
    complete, pending = _complete_workloads(tuned, best)
    every_final = tuned
    tuned = [r for r in tuned if r["workload"] in complete]  # compared only once every family is done
    tuned_cells, default_cells = summarise(tuned), summarise(default)
    lines = [
        f"# TASO benchmark: tuned ({mode}) vs default hyperparameters",
        "",
        "Hyperparameters were selected on the validation split only (final validation accuracy of one "
        "training run per configuration); the best configuration was rerun on fresh seeds and scored "
        "once on test. Generated by `taso bench tune-report` from the Optuna storage and result files.",
        "",
        "## Budgets",
        "",
        *_budget_text(trials, every_final),
        "",
        "| workload | epochs per trial | epochs of final runs | trials per algorithm |",
        "|---|---:|---:|---:|",
        *_budget_rows(trials, every_final),
        "",
        "## Default vs tuned (test accuracy %, final training loss; mean ± std over seeds)",
        "",
        "| workload | algorithm | default acc | tuned acc | default loss | tuned loss | selected configuration "
        "| selected by | at edge |",
        "|---|---|---:|---:|---:|---:|---|---|---|",
    ]
    for w in workloads:
        for algo in sorted({a for ww, a, _ in best if ww == w}):
            params, how = _selected(storage_url, best[(w, algo, mode)])
            d, tc = default_cells.get(w, {}).get(algo), tuned_cells.get(w, {}).get(algo)
            try:
                edges = at_edge(load_space(algo, mode, workload=w), params)
            except ValueError:
                edges = []
            lines.append(
                f"| {w} | {algo} | {_pm(d.acc_mean_std()) if d else '–'} | {_pm(tc.acc_mean_std()) if tc else '–'} | "
                f"{_pm(d.loss_mean_std(), 4) if d else '–'} | {_pm(tc.loss_mean_std(), 4) if tc else '–'} | "
                f"`{params}` | {how} | {', '.join(edges) if edges else ''} |"
            )
    if pending:
        lines += ["", "Final runs in progress (a workload is compared only once every tuned family has the "
                  "same number of final runs; until then its tuned cells stay empty): "
                  + "; ".join(f"{w} ({done})" for w, done in sorted(pending.items())) + "."]  # fmt: skip
    lines += _widened_lines(every_trial, mode)
    lines += ["", "## Compute", "", *_compute_lines(every_trial, every_final, storage_url, mode), ""]
    if tuned:
        tuned_workloads = {r["workload"] for r in tuned}
        lines += ["", "## TASO against each competitor, both scenarios", "",
                  f"Win / tie / loss: {METHOD}. Default: the default suite's seeds, on the workloads tuned "
                  f"here. '{BEST}': per workload the competitor with the best mean final validation "
                  "accuracy (never chosen on test).", "",
                  "### Default hyperparameters", "",
                  *scoreboard([r for r in default if r["workload"] in tuned_workloads]), "",
                  "### Tuned hyperparameters", "", *scoreboard(tuned), "",
                  "Tuned, test accuracy %, mean ± std over the final runs' seeds:", "", *compact_table(tuned)]  # fmt: skip
        lines += ["", "## Tuned scenario: paired comparisons", "", *tables(tuned)]
    # time to target and performance profiles
    steps_t: dict[str, dict[str, float]] = defaultdict(dict)
    secs_t: dict[str, dict[str, float]] = defaultdict(dict)
    lines += ["## Time to target (best trial of each study, at the trials' epochs)", "",
              "| workload | target val acc % | algorithm | steps | seconds |", "|---|---:|---|---:|---:|"]  # fmt: skip
    for w in workloads:
        target = target_fraction * max(float(b.value or 0.0) for (ww, _, _), b in best.items() if ww == w)
        for (ww, algo, _), b in sorted(best.items()):
            if ww != w:
                continue
            st, sec = time_to_target(b, target)
            steps_t[algo][w], secs_t[algo][w] = st, sec
            lines.append(f"| {w} | {target:.2f} | {algo} | {st:.0f} | {sec:.1f} |")
    plots = out_dir / "plots"
    prof_steps = _plot_profiles(performance_profile(steps_t), plots / f"profile-steps-{mode}.png", "steps")
    prof_secs = _plot_profiles(performance_profile(secs_t), plots / f"profile-seconds-{mode}.png", "seconds")
    curves = _plot_study_curves(trials, plots)
    lines += [
        "",
        "## Plots",
        "",
        f"![profile steps](plots/{prof_steps.name})",
        f"![profile seconds](plots/{prof_secs.name})",
    ]
    lines += [f"![{k}](plots/{p.name})" for k, p in curves.items()]
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / "report.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out
