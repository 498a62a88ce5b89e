"""Models of the benchmark workloads: small, standard architectures, written out in full."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

__all__ = [
    "CNN1D",
    "MLP",
    "BiLSTM",
    "FastText",
    "LeNet5",
    "SmallResNet",
    "TextCNN",
    "TextTransformer",
    "count_parameters",
]


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


class MLP(nn.Module):
    """Fully connected ReLU network on flattened inputs."""

    def __init__(self, in_features: int, hidden: tuple[int, ...], num_classes: int) -> None:
        super().__init__()
        layers: list[nn.Module] = [nn.Flatten()]
        width = in_features
        for h in hidden:
            layers += [nn.Linear(width, h), nn.ReLU()]
            width = h
        layers.append(nn.Linear(width, num_classes))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class CNN1D(nn.Module):
    """Three stride-2 1-D convolutions and a linear read-out (the MNIST-1D paper's CNN)."""

    def __init__(self, length: int = 40, channels: int = 25, num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Conv1d(1, channels, 5, stride=2, padding=1)
        self.conv2 = nn.Conv1d(channels, channels, 3, stride=2, padding=1)
        self.conv3 = nn.Conv1d(channels, channels, 3, stride=2, padding=1)
        with torch.no_grad():
            flat = self._features(torch.zeros(1, 1, length)).shape[1]
        self.head = nn.Linear(flat, num_classes)

    def _features(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.relu(self.conv3(x))
        return x.flatten(1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() == 2:
            x = x.unsqueeze(1)
        return self.head(self._features(x))


class LeNet5(nn.Module):
    """LeNet-5 (LeCun et al. 1998) for 28x28 inputs, ReLU and max pooling, optional batch norm."""

    def __init__(self, num_classes: int = 10, batch_norm: bool = False) -> None:
        super().__init__()

        def norm2d(c: int) -> nn.Module:
            return nn.BatchNorm2d(c) if batch_norm else nn.Identity()

        def norm1d(c: int) -> nn.Module:
            return nn.BatchNorm1d(c) if batch_norm else nn.Identity()

        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), norm2d(6), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), norm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        )  # fmt: skip
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), norm1d(120), nn.ReLU(),
            nn.Linear(120, 84), norm1d(84), nn.ReLU(),
            nn.Linear(84, num_classes),
        )  # fmt: skip

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


class _BasicBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.shortcut: nn.Module = nn.Identity()
        if stride != 1 or c_in != c_out:
            self.shortcut = nn.Sequential(
                nn.Conv2d(c_in, c_out, 1, stride=stride, bias=False), nn.BatchNorm2d(c_out)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class SmallResNet(nn.Module):
    """A ResNet (He et al. 2016) of three stages of basic blocks, for small grey images."""

    def __init__(
        self, num_classes: int = 10, widths: tuple[int, ...] = (16, 32, 64), in_channels: int = 1
    ) -> None:
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(in_channels, widths[0], 3, padding=1, bias=False),
            nn.BatchNorm2d(widths[0]),
            nn.ReLU(),
        )
        blocks: list[nn.Module] = []
        c = widths[0]
        for i, w in enumerate(widths):
            blocks.append(_BasicBlock(c, w, stride=1 if i == 0 else 2))
            c = w
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(c, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.blocks(self.stem(x))
        return self.head(F.adaptive_avg_pool2d(x, 1).flatten(1))


class FastText(nn.Module):
    """fastText-style classifier (Joulin et al. 2017): mean of token and bigram embeddings.

    Input: a padded ``(batch, length)`` tensor of ids, 0 = padding. Bigram ids are hashed into
    ``bigram_buckets`` extra rows by the data pipeline, so the table has
    ``vocab_size + bigram_buckets`` rows.
    """

    def __init__(self, num_embeddings: int, dim: int = 64, num_classes: int = 2) -> None:
        super().__init__()
        self.embedding = nn.EmbeddingBag(num_embeddings, dim, mode="mean", padding_idx=0)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.head(self.embedding(ids))


class TextCNN(nn.Module):
    """1-D convolutional sentence classifier (Kim 2014), trained from scratch."""

    def __init__(
        self,
        vocab_size: int,
        dim: int = 64,
        filters: int = 64,
        kernel_sizes: tuple[int, ...] = (3, 4, 5),
        num_classes: int = 2,
        dropout: float = 0.5,
    ) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=0)
        self.convs = nn.ModuleList(nn.Conv1d(dim, filters, k) for k in kernel_sizes)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(filters * len(kernel_sizes), num_classes)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.embedding(ids).transpose(1, 2)  # (batch, dim, length)
        pooled = [F.relu(conv(x)).amax(dim=2) for conv in self.convs]
        return self.head(self.dropout(torch.cat(pooled, dim=1)))


def _masked_mean(h: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """Mean of ``h`` (batch, length, dim) over the non-padding positions (id != 0)."""
    keep = (ids != 0).unsqueeze(-1).to(h.dtype)
    return (h * keep).sum(1) / keep.sum(1).clamp(min=1.0)


class TextTransformer(nn.Module):
    """Pre-norm Transformer encoder (Vaswani et al. 2017; Xiong et al. 2020) sentence classifier
    from scratch: token + learned position embeddings, ``layers`` encoder layers (``heads`` heads,
    feed-forward 4 x ``dim``, dropout 0.1), a final LayerNorm and the mean over non-padding tokens."""

    def __init__(
        self,
        vocab_size: int,
        length: int,
        dim: int = 64,
        heads: int = 4,
        layers: int = 2,
        num_classes: int = 2,
    ) -> None:
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, dim, padding_idx=0)
        self.positions = nn.Embedding(length, dim)
        layer = nn.TransformerEncoderLayer(
            dim, heads, 4 * dim, dropout=0.1, batch_first=True, norm_first=True
        )
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        h = self.tokens(ids) + self.positions(torch.arange(ids.shape[1], device=ids.device))[None]
        pad = ids == 0
        pad = pad & ~pad.all(dim=1, keepdim=True)  # an all-padding row attends to itself (no NaN)
        h = self.norm(self.encoder(h, src_key_padding_mask=pad))
        return self.head(_masked_mean(h, ids))


class BiLSTM(nn.Module):
    """Bidirectional LSTM sentence classifier (Hochreiter & Schmidhuber 1997) from scratch: the
    mean of its hidden states over non-padding tokens, then a linear read-out."""

    def __init__(self, vocab_size: int, dim: int = 64, hidden: int = 64, num_classes: int = 2) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=0)
        self.rnn = nn.LSTM(dim, hidden, batch_first=True, bidirectional=True)
        self.head = nn.Linear(2 * hidden, num_classes)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        h, _ = self.rnn(self.embedding(ids))
        return self.head(_masked_mean(h, ids))
