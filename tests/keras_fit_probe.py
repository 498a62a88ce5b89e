"""Reads the learning rate that Keras ``fit`` actually applies, on the backend named in argv[1].

Run as a subprocess by ``test_contract.py`` (a Keras backend is chosen once per process). The
model is one weight ``w`` with the loss ``mean(w * x)`` at ``x = 1``, so plain SGD (no momentum)
moves ``w`` by exactly ``-lr`` per step; a callback reads ``-w`` after every step and resets
``w`` to 0. The run: 30 steps of ``fit`` with a retarget from a callback at step 20, a save and a
reload of the whole model, then ``fit`` continues to the new end. Prints the applied rates as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

os.environ["KERAS_BACKEND"] = sys.argv[1]

import keras
import numpy as np
from keras import ops

import taso.keras

SCHEDULE = {"total_steps": 60, "lr_initial": 0.1, "warmup_steps": 5, "alpha": 12.0, "beta": 0.6}
RETARGET_AT, NEW_TOTAL, STEPS_PER_EPOCH = 20, 80, 10


@keras.saving.register_keras_serializable(package="probe")
def linear_loss(y_true, y_pred):
    return ops.mean(y_pred)


class Probe(keras.callbacks.Callback):
    def __init__(self, applied: list[float], retarget_at: int | None) -> None:
        super().__init__()
        self.applied, self.retarget_at = applied, retarget_at

    def on_train_batch_end(self, batch, logs=None):
        kernel = self.model.layers[-1].kernel
        self.applied.append(-float(np.asarray(kernel.numpy()).ravel()[0]))
        kernel.assign(np.zeros((1, 1), dtype="float32"))
        if self.retarget_at is not None and int(self.model.optimizer.iterations) == self.retarget_at:
            taso.keras.retarget(self.model, NEW_TOTAL)


def main() -> None:
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((1,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")]
    )
    sched = taso.keras.TASOLearningRateSchedule(**SCHEDULE)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=sched, momentum=0.0), loss=linear_loss)
    x = np.ones((STEPS_PER_EPOCH, 1), dtype="float32")
    applied: list[float] = []
    model.fit(x, x, batch_size=1, epochs=3, shuffle=False, verbose=0, callbacks=[Probe(applied, RETARGET_AT)])
    path = os.path.join(tempfile.mkdtemp(), "model.keras")
    model.save(path)
    reloaded = keras.saving.load_model(path)
    reloaded.fit(
        x, x, batch_size=1, epochs=NEW_TOTAL // STEPS_PER_EPOCH, initial_epoch=3, shuffle=False, verbose=0,
        callbacks=[Probe(applied, None)],
    )  # fmt: skip
    print(json.dumps({"backend": keras.backend.backend(), "applied": applied}))


if __name__ == "__main__":
    main()
