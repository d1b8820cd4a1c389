"""The scalar engine's forward pass against its backward pass (chapter 3's ``labcode.engine``).

The graph is chapter 5's network written with scalar ``Value`` nodes: 2 inputs, 4 tanh hidden
units, a sigmoid output, and the mean cross-entropy over ``m`` examples; m = 56 gives 2,090
nodes. The forward pass builds the graph (every operation computes its value and its local
derivatives); the backward pass is ``cost.backward()``. Times are this process's CPU time, the
best of ``repeat`` runs: on a shared machine a long forward pass is preempted more often than
a short backward pass, which would inflate their ratio in wall-clock time.
``python -m benchmarks.engine`` prints the result; ``make bench`` records ``run()``.
"""

import json
import random
import time

from labcode.engine import Value, topological_order

N_X, N_H = 2, 4


def network(m: int, seed: int = 0):
    """Starting parameters (Values) and m examples (x, y) of plain floats."""
    rng = random.Random(seed)
    W1 = [[Value(rng.gauss(0, 1)) for _ in range(N_X)] for _ in range(N_H)]
    b1 = [Value(0.0) for _ in range(N_H)]
    W2 = [Value(rng.gauss(0, 1)) for _ in range(N_H)]
    b2 = Value(0.0)
    examples = [([rng.gauss(0, 1) for _ in range(N_X)], float(i % 3 != 1)) for i in range(m)]
    return (W1, b1, W2, b2), examples


def network_cost(parameters, examples) -> Value:
    """The forward pass: the network's mean cross-entropy on the examples, as one graph."""
    W1, b1, W2, b2 = parameters
    total = 0
    for x, y in examples:
        h = [(W1[j][0] * x[0] + W1[j][1] * x[1] + b1[j]).tanh() for j in range(N_H)]
        z = W2[0] * h[0]
        for j in range(1, N_H):
            z = z + W2[j] * h[j]
        a = (z + b2).sigmoid()
        total = total + -(y * a.log() + (1 - y) * (1 - a).log())
    return total / len(examples)


def run(m: int = 56, repeat: int = 30) -> dict:
    """The best forward and backward CPU times of ``repeat`` runs (each backward right after
    its forward, so both see the machine alike), in milliseconds, and their ratio."""
    forward, backward = [], []
    parameters, examples = network(m)
    for _ in range(repeat):
        start = time.process_time()
        cost = network_cost(parameters, examples)
        middle = time.process_time()
        cost.backward()
        forward.append(middle - start)
        backward.append(time.process_time() - middle)
    return {
        "nodes": len(topological_order(cost)),
        "forward_ms": round(1000 * min(forward), 2),
        "backward_ms": round(1000 * min(backward), 2),
        "forward_over_backward": round(min(forward) / min(backward), 1),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
