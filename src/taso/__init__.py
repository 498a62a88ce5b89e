"""taso: the Training Aware Sigmoidal Optimizer.

The core (this namespace) is framework-free: importing :mod:`taso` imports numpy only.
Framework adapters live in their own modules, imported on demand:

* :mod:`taso.torch` -- ``TASOScheduler`` (a torch ``LRScheduler``) and ``TASO`` (SGD + schedule).

:func:`find_lr` reads a learning-rate range test (a pure function of the loss trace), the rule an
automatic LR_I shares across adapters.

>>> import taso
>>> sched = taso.TASOSchedule(total_steps=1000, lr_initial=0.1)
>>> round(sched(700), 4)
0.0501
"""

from taso._lr_find import LRFinding, find_lr, prior_cross_entropy, sweep_rates, sweep_settled
from taso._schedule import DEFAULT_FINAL_RATIO, Phase, TASOSchedule

__all__ = [
    "DEFAULT_FINAL_RATIO",
    "LRFinding",
    "Phase",
    "TASOSchedule",
    "__version__",
    "find_lr",
    "prior_cross_entropy",
    "sweep_rates",
    "sweep_settled",
]

__version__ = "0.1.0"
