"""Importing the core must not import any deep-learning framework."""

from __future__ import annotations

import subprocess
import sys


def test_import_taso_is_framework_free() -> None:
    code = (
        "import sys, taso; s = taso.TASOSchedule(total_steps=10); s(3); s.values(); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'torch', 'jax', 'jaxlib', 'keras', 'tensorflow', 'optax', 'lightning', 'transformers', 'matplotlib'}); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_api() -> None:
    import taso

    assert set(taso.__all__) >= {"TASOSchedule", "DEFAULT_FINAL_RATIO"}
    for name in taso.__all__:
        assert hasattr(taso, name)
