#!/usr/bin/env python3
"""The benchmark's workload in PyTorch (CPU, float64, one thread), for comparison with the lab's engine.

Reads a job as JSON (a file path, or "-" for stdin) written by bench/bench.ts:
  {"x": [N*features floats, row-major], "y": [N labels 0/1], "features": 2, "hidden": [16, 16],
   "restarts": 8, "epochs": 200, "batchSize": 32, "learningRate": 0.1,
   "init": [[flat parameter vector per restart, the lab's layout]]}
The lab's layout per layer is the kernel [fan_in, fan_out] row-major, then the bias; torch's
nn.Linear keeps weight as [fan_out, fan_in], hence the transpose when copying.

Each restart trains a Linear-Tanh-...-Linear network on logits with BCEWithLogitsLoss and
torch.optim.SGD(lr): per epoch a torch.randperm shuffle, batches of batchSize (the last partial
batch used), then the whole-set loss, accuracy and L2 norm of the whole-set gradient, recorded at
the start and after every epoch as the lab's engine records them. Restarts run one after another.

Modes:
  torch_bench.py JOB [--repeat N]   run N repetitions (default 1), print one JSON line each
  torch_bench.py JOB --serve        print {"ready": ...}, then run one repetition per "run" line on
                                    stdin (so a caller can interleave its own measurements); exit on EOF
"""
import json
import math
import sys
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def load_job(path):
    text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    job = json.loads(text)
    features = job["features"]
    x = torch.tensor(job["x"], dtype=torch.float64).reshape(-1, features)
    y = torch.tensor(job["y"], dtype=torch.float64).reshape(-1, 1)
    return job, x, y


def build_model(sizes, flat):
    """An MLP with tanh hidden layers and one logit out, its parameters copied from the lab's flat vector."""
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    p = 0
    with torch.no_grad():
        for layer in model:
            if not isinstance(layer, torch.nn.Linear):
                continue
            fan_in, fan_out = layer.in_features, layer.out_features
            kernel = torch.tensor(flat[p : p + fan_in * fan_out]).reshape(fan_in, fan_out)
            p += fan_in * fan_out
            layer.weight.copy_(kernel.t())
            layer.bias.copy_(torch.tensor(flat[p : p + fan_out]))
            p += fan_out
    if p != len(flat):
        raise ValueError(f"expected {p} parameters for the {'-'.join(map(str, sizes))} network, found {len(flat)}")
    return model


def train_restart(model, x, y, epochs, batch_size, lr, seed):
    """Trains one restart; returns the recorded whole-set losses, accuracies and gradient norms."""
    n = x.shape[0]
    loss_fn = torch.nn.BCEWithLogitsLoss()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(seed)
    losses, accuracies, grad_norms = [], [], []

    def record():
        opt.zero_grad()
        logits = model(x)
        loss = loss_fn(logits, y)
        loss.backward()
        with torch.no_grad():
            grad_norms.append(math.sqrt(sum(float(p.grad.pow(2).sum()) for p in model.parameters())))
            accuracies.append(float(((logits >= 0).to(torch.float64) == y).to(torch.float64).mean()))
        losses.append(loss.item())

    record()
    for _ in range(epochs):
        perm = torch.randperm(n, generator=gen)
        for start in range(0, n, batch_size):
            idx = perm[start : start + batch_size]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        record()
    return losses, accuracies, grad_norms


def run(job, x, y, restarts=None, epochs=None):
    """One repetition: every restart in turn, timed as a whole and one by one."""
    sizes = [job["features"], *job["hidden"], 1]
    restarts = job["restarts"] if restarts is None else restarts
    epochs = job["epochs"] if epochs is None else epochs
    per_restart = []
    t0 = time.perf_counter()
    for i in range(restarts):
        r0 = time.perf_counter()
        model = build_model(sizes, job["init"][i])
        losses, accuracies, grad_norms = train_restart(model, x, y, epochs, job["batchSize"], job["learningRate"], i)
        per_restart.append(
            {
                "seconds": time.perf_counter() - r0,
                "initialLoss": losses[0],
                "finalLoss": losses[-1],
                "finalAccuracy": accuracies[-1],
                "finalGradNorm": grad_norms[-1],
                "records": len(losses),
            }
        )
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "samples": restarts * epochs * x.shape[0],
        "restarts": per_restart,
    }


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    job, x, y = load_job(argv[1])
    info = {"torch": torch.__version__, "python": sys.version.split()[0], "threads": torch.get_num_threads()}
    run(job, x, y, restarts=1, epochs=2)  # warm-up: first-call costs in autograd and the allocator
    if "--serve" in argv:
        print(json.dumps({"ready": True, **info}), flush=True)
        for line in sys.stdin:
            if line.strip() != "run":
                continue
            print(json.dumps(run(job, x, y)), flush=True)
        return 0
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 1
    for _ in range(repeat):
        print(json.dumps({**info, **run(job, x, y)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
