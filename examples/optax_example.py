"""TASO in JAX/optax: logistic regression trained with ``taso.optax.taso`` under ``jax.jit``.

python examples/optax_example.py [--steps 200]
"""

import argparse

import jax
import jax.numpy as jnp
import optax

from taso.optax import taso, taso_schedule

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=200)
args = parser.parse_args()

key = jax.random.PRNGKey(0)
x = jax.random.normal(key, (512, 8))
y = (x @ jnp.arange(1.0, 9.0) > 0).astype(jnp.float32)
params = {"w": jnp.zeros(8), "b": jnp.zeros(())}
schedule = taso_schedule(0.5, total_steps=args.steps)
tx = taso(schedule, weight_decay=0.0)
state = tx.init(params)


def loss_fn(p):
    logits = x @ p["w"] + p["b"]
    return optax.sigmoid_binary_cross_entropy(logits, y).mean()


@jax.jit
def step(p, s):
    loss, grads = jax.value_and_grad(loss_fn)(p)
    updates, s = tx.update(grads, s, p)
    return optax.apply_updates(p, updates), s, loss


for t in range(args.steps):
    params, state, loss = step(params, state)
    if t % max(1, args.steps // 5) == 0:
        print(f"step {t}: loss {float(loss):.4f}, lr {float(schedule(t)):.6f}")
print(f"final loss {float(loss_fn(params)):.4f}, final lr {float(schedule(args.steps)):.10g}")
