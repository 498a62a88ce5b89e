"""TASO in Keras 3: a model compiled with the TASO schedule, trained, saved and reloaded.

KERAS_BACKEND=torch python examples/keras_example.py [--epochs 3] [--out model.keras]
"""

import argparse
import os
import tempfile

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import numpy as np

from taso.keras import TASOLearningRateSchedule

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--out", default=os.path.join(tempfile.mkdtemp(), "taso_model.keras"))
args = parser.parse_args()

rng = np.random.default_rng(0)
x = rng.normal(size=(1024, 16)).astype("float32")
y = (x[:, :4].sum(1) > 0).astype("int32")
batch = 64
total = args.epochs * (len(x) // batch)

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [keras.Input((16,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(2)]
)
schedule = TASOLearningRateSchedule(total_steps=total, lr_initial=0.1)
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=schedule, momentum=0.9, nesterov=True),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
history = model.fit(x, y, batch_size=batch, epochs=args.epochs, verbose=0)
print(f"accuracy per epoch: {[round(a, 3) for a in history.history['accuracy']]}")
model.save(args.out)
reloaded = keras.saving.load_model(args.out)
lr = float(reloaded.optimizer.learning_rate)
print(
    f"saved to {args.out}; reloaded optimizer at step {int(reloaded.optimizer.iterations)}, final lr {lr:.10g}"
)
