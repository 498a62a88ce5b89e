"""Dataset loaders (on tiny files in the official formats, written here) and the splits."""

from __future__ import annotations

import csv
import dataclasses
import gzip
import io
import pickle
import struct
import tarfile
from pathlib import Path

import numpy as np
import pytest
import torch

from taso.bench import WORKLOADS, prepare, train
from taso.bench._algorithms import ALGORITHMS
from taso.bench._data import (
    DataUnavailableError,
    load_agnews,
    load_cifar,
    load_fashion_mnist,
    load_movie_reviews,
    load_svhn,
    read_idx,
    stratified_split,
)
from taso.bench._text import UNK, Vocabulary, encode, tokenize


def write_idx(path: Path, array: np.ndarray) -> None:
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def test_idx_round_trip_and_fashion_layout(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(7, 28, 28), dtype=np.uint8)
    labels = np.arange(7, dtype=np.uint8) % 10
    write_idx(tmp_path / "train-images-idx3-ubyte.gz", images)
    write_idx(tmp_path / "train-labels-idx1-ubyte.gz", labels)
    write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", images[:3])
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", labels[:3])
    np.testing.assert_array_equal(read_idx(tmp_path / "train-images-idx3-ubyte.gz"), images)
    raw = load_fashion_mnist(tmp_path)
    assert raw.x_train.shape == (7, 1, 28, 28) and raw.x_test.shape == (3, 1, 28, 28)
    np.testing.assert_allclose(raw.x_train[:, 0] * 255.0, images, atol=1e-4)
    np.testing.assert_array_equal(raw.y_train, labels)


def test_idx_rejects_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "x.idx"
    bad.write_bytes(b"\x01\x02\x08\x01\x00\x00\x00\x05abc")
    with pytest.raises(ValueError, match="bad magic"):
        read_idx(bad)
    short = tmp_path / "y.idx"
    short.write_bytes(bytes([0, 0, 8, 1]) + struct.pack(">I", 5) + b"abc")
    with pytest.raises(ValueError, match="expected 5 values, found 3"):
        read_idx(short)


def test_missing_fashion_names_the_package_and_the_flag(tmp_path: Path) -> None:
    with pytest.raises(DataUnavailableError) as info:
        load_fashion_mnist(tmp_path)
    assert "dataset-fashion-mnist" in str(info.value) and "--data-dir" in str(info.value)


def _cifar_batch(n: int, classes: int, key: bytes, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    d = {
        b"data": rng.integers(0, 256, size=(n, 3072), dtype=np.uint8),
        key: list(rng.integers(0, classes, n)),
    }
    return pickle.dumps(d)


@pytest.mark.parametrize("classes", [10, 100])
def test_cifar_from_archive_and_folder(tmp_path: Path, classes: int) -> None:
    folder = "cifar-10-batches-py" if classes == 10 else "cifar-100-python"
    key = b"labels" if classes == 10 else b"fine_labels"
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"] if classes == 10 else ["train", "test"]
    blobs = {n: _cifar_batch(4, classes, key, i) for i, n in enumerate(names)}
    archive = tmp_path / ("cifar-10-python.tar.gz" if classes == 10 else "cifar-100-python.tar.gz")
    with tarfile.open(archive, "w:gz") as tar:
        for n, blob in blobs.items():
            info = tarfile.TarInfo(f"{folder}/{n}")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
    raw = load_cifar(tmp_path, classes)
    n_train = 20 if classes == 10 else 4
    assert raw.x_train.shape == (n_train, 3, 32, 32) and raw.x_test.shape == (4, 3, 32, 32)
    first = pickle.loads(blobs[names[0]])
    np.testing.assert_allclose(raw.x_train[0].reshape(-1) * 255, first[b"data"][0], atol=1e-3)
    assert raw.y_train[:4].tolist() == list(first[key]) and raw.num_classes == classes
    extracted = tmp_path / "x"
    (extracted / folder).mkdir(parents=True)
    for n, blob in blobs.items():
        (extracted / folder / n).write_bytes(blob)
    again = load_cifar(extracted, classes)
    np.testing.assert_array_equal(again.x_train, raw.x_train)


def test_svhn_mat_files_map_label_10_to_0(tmp_path: Path) -> None:
    from scipy.io import savemat

    rng = np.random.default_rng(0)
    for split, n in (("train", 6), ("test", 3)):
        x = rng.integers(0, 256, size=(32, 32, 3, n), dtype=np.uint8)
        y = np.array([[10], [1], [2], [3], [4], [5]][:n], dtype=np.uint8)
        savemat(tmp_path / f"{split}_32x32.mat", {"X": x, "y": y})
    raw = load_svhn(tmp_path)
    assert raw.x_train.shape == (6, 3, 32, 32)
    assert raw.y_train.tolist() == [0, 1, 2, 3, 4, 5] and raw.y_test.tolist() == [0, 1, 2]


def test_agnews_csv(tmp_path: Path) -> None:
    rows = [("3", "Wall St. Bears", "Short-sellers\\ are back"), ("1", "Talks", "Peace talks resume")]
    for split in ("train", "test"):
        with open(tmp_path / f"{split}.csv", "w", newline="") as f:
            csv.writer(f, quoting=csv.QUOTE_ALL).writerows(rows)
    raw = load_agnews(tmp_path)
    assert raw.y_train.tolist() == [2, 0] and raw.num_classes == 4
    assert raw.x_train[0] == "Wall St. Bears Short-sellers  are back"


def test_download_only_workloads_train_end_to_end_on_tiny_files(tmp_path: Path) -> None:
    blobs = {
        n: _cifar_batch(10, 10, b"labels", i)
        for i, n in enumerate([*[f"data_batch_{i}" for i in range(1, 6)], "test_batch"])
    }
    (tmp_path / "cifar-10-batches-py").mkdir()
    for n, blob in blobs.items():
        (tmp_path / "cifar-10-batches-py" / n).write_bytes(blob)
    w = dataclasses.replace(
        WORKLOADS["cifar10-resnet"], epochs=1, val_fraction=0.2, model_kwargs={"widths": (4, 4, 4)}
    )
    with pytest.raises(ValueError):  # a validation split smaller than the number of classes
        prepare(dataclasses.replace(w, val_fraction=0.01), tmp_path)
    result = train(w, ALGORITHMS["adam"], seed=0, data_dir=tmp_path)
    assert result.status == "ok" and result.steps == 1 and 0.0 <= result.test_accuracy <= 100.0


def test_stratified_split_is_disjoint_stratified_and_fixed() -> None:
    y = np.repeat(np.arange(4), [100, 50, 30, 20])
    keep, held = stratified_split(y, 0.1)
    assert len(np.intersect1d(keep, held)) == 0 and len(keep) + len(held) == len(y)
    assert np.bincount(y[held]).tolist() == [10, 5, 3, 2]
    _, held2 = stratified_split(y, 0.1)
    np.testing.assert_array_equal(held, held2)


def test_workload_splits_keep_test_apart() -> None:
    data = prepare(WORKLOADS["digits-mlp"])
    assert len(np.intersect1d(data.train_index, data.val_index)) == 0
    assert len(data.train_index) + len(data.val_index) == 1437  # 80% of 1797, the rest is test
    assert len(data.y_test) == 360
    counts_val = np.bincount(data.y_val.numpy(), minlength=10)
    counts_train = np.bincount(data.y_train.numpy(), minlength=10)
    np.testing.assert_allclose(counts_val / counts_val.sum(), counts_train / counts_train.sum(), atol=0.02)
    # standardised with training statistics only
    assert abs(float(data.x_train.mean())) < 1e-5
    assert abs(float(data.x_test.mean())) > 1e-4


def test_mnist1d_is_generated_locally_and_leaves_numpy_state_alone() -> None:
    before = np.random.get_state()[1].copy()
    data = prepare(WORKLOADS["mnist1d-mlp"])
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    assert data.x_train.shape == (7200, 40) and len(data.y_val) == 800 and len(data.y_test) == 2000


def test_text_vocabulary_comes_from_the_training_split_only() -> None:
    w = WORKLOADS["rt-cnn"]
    raw = load_movie_reviews("rotten_tomatoes")
    assert len(raw.y_train) == 6824 and len(raw.y_test) == 1706
    assert np.bincount(raw.y_test).tolist() == [853, 853]
    data = prepare(w)
    train_docs = [tokenize(raw.x_train[i]) for i in data.train_index]
    vocab = Vocabulary.build(train_docs, w.text.max_vocab, w.text.min_freq)
    train_tokens = {t for d in train_docs for t in d}
    assert set(vocab.tokens[2:]) <= train_tokens
    val_doc = tokenize(raw.x_train[data.val_index[0]])
    expected = encode([val_doc], vocab, w.text.length)[0]
    np.testing.assert_array_equal(data.x_val[0].numpy(), expected)
    unseen = [t for t in val_doc[: w.text.length] if t not in vocab.index()]
    assert int((torch.as_tensor(expected) == UNK).sum()) == len(unseen)
