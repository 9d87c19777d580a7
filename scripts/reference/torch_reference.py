"""Retrains each reference case in PyTorch (float64) from the inputs our core wrote, independently of
our engine, and writes what PyTorch recorded to test/fixtures/torch/expected/<case>.json.

Run with Debian's Python (the one with torch), from the repository root:
    /usr/bin/python3 scripts/reference/torch_reference.py
Only the inputs are shared with our engine: the dataset, the initial parameters (our flat layout:
per layer the kernel [fan_in, fan_out] row-major, then the bias) and the shuffled row orders.
Everything else (network, losses, optimizers, batching, records) is PyTorch's or written here.
"""

import json
import math
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

INPUTS_FORMAT = "landscape-lab/torch-reference-inputs@1"
EXPECTED_FORMAT = "landscape-lab/torch-reference-expected@1"
FIXTURES = os.path.join("test", "fixtures", "torch")

ACTIVATIONS = {
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(0.01),
    "sigmoid": nn.Sigmoid,
    "elu": lambda: nn.ELU(alpha=1.0),
    "linear": nn.Identity,
}


def build_model(sizes, activation, flat):
    """nn.Linear layers with weights copied from our flat vector (our kernel is torch's weight transposed)."""
    layers = []
    offset = 0
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        linear = nn.Linear(fan_in, fan_out)
        kernel = flat[offset : offset + fan_in * fan_out].reshape(fan_in, fan_out)
        offset += fan_in * fan_out
        bias = flat[offset : offset + fan_out]
        offset += fan_out
        with torch.no_grad():
            linear.weight.copy_(kernel.t())
            linear.bias.copy_(bias)
        layers.append(linear)
        layers.append(ACTIVATIONS[activation]())
    if offset != flat.numel():
        raise ValueError(f"expected {offset} parameters for sizes {sizes}, found {flat.numel()}")
    layers.pop()  # the output layer's activation lives in the loss
    return nn.Sequential(*layers)


def flatten(model):
    """The model's parameters in our layout: per layer the kernel (weight transposed) row-major, then the bias."""
    parts = []
    for module in model:
        if isinstance(module, nn.Linear):
            parts.append(module.weight.detach().t().reshape(-1))
            parts.append(module.bias.detach().reshape(-1))
    return torch.cat(parts)


def make_loss(output, targets):
    """The batch-mean loss of logits z against targets y, in PyTorch's stable forms."""
    if output == "sigmoid":
        return lambda z, y: F.binary_cross_entropy_with_logits(z.reshape(-1), y)
    if output == "softmax":
        return lambda z, y: F.cross_entropy(z, y)
    if output == "linear":
        return lambda z, y: F.mse_loss(z, y.reshape(-1, targets))
    raise ValueError(f"unknown output {output!r}")


def correct_count(output, z, y):
    """Correct predictions: sigmoid(z) >= 0.5 is class 1; softmax takes the first maximal logit."""
    if output == "sigmoid":
        return int(((torch.sigmoid(z.reshape(-1)) >= 0.5).to(y.dtype) == y).sum())
    # Explicit first-maximum rule, rather than relying on argmax's tie behaviour in this version.
    best = z.max(dim=1, keepdim=True).values
    first = torch.where(z == best, torch.arange(z.shape[1]).expand_as(z), z.shape[1]).min(dim=1).values
    return int((first == y).sum())


def make_optimizer(spec, params):
    name = spec["name"]
    if name == "sgd":
        return torch.optim.SGD(params, lr=spec["learningRate"], momentum=spec["momentum"], dampening=0, nesterov=spec["nesterov"])
    if name == "adam":
        return torch.optim.Adam(params, lr=spec["learningRate"], betas=(spec["beta1"], spec["beta2"]), eps=spec["epsilon"])
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=spec["learningRate"], alpha=spec["rho"], eps=spec["epsilon"])
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=spec["learningRate"], eps=spec["epsilon"], initial_accumulator_value=0, lr_decay=0)
    raise ValueError(f"unknown optimizer {name!r}")


def run_case(inputs):
    if inputs.get("format") != INPUTS_FORMAT:
        raise ValueError(f"expected format {INPUTS_FORMAT}, found {inputs.get('format')!r}")
    experiment = inputs["experiment"]
    problem = experiment["problem"]
    model_spec = problem["model"]
    opt_spec = problem["optimizer"]
    data = inputs["dataset"]
    n = data["samples"]
    output = model_spec["output"]
    classification = data["classes"] is not None

    x = torch.tensor(data["x"])
    y = torch.tensor(data["y"], dtype=torch.long if output == "softmax" else torch.float64)
    if x.shape != (n, data["features"]) or y.shape != (n * data["targets"],):
        raise ValueError(f"dataset shapes {tuple(x.shape)}, {tuple(y.shape)} do not match the header")
    y_rows = y.reshape(n, data["targets"]) if output == "linear" else y

    model = build_model(inputs["sizes"], model_spec["activation"], torch.tensor(inputs["initial"]))
    params = list(model.parameters())
    loss_fn = make_loss(output, data["targets"])
    optimizer = make_optimizer(opt_spec, params)

    batch = opt_spec["batchSize"]
    epochs = opt_spec["epochs"]
    per_epoch = math.ceil(n / batch)
    total = epochs * per_epoch
    every = experiment["record"]["every"]
    interval = per_epoch if every == "epoch" else every
    permutations = inputs["permutations"]
    if opt_spec["shuffle"] != (permutations is not None) or (permutations is not None and len(permutations) != epochs):
        raise ValueError("permutations do not match the optimizer's shuffle and epochs")

    records = {"step": [], "epoch": [], "loss": [], "accuracy": [] if classification else None, "gradNorm": []}

    def record(step, epoch):
        z = model(x)
        loss = loss_fn(z, y)
        grads = torch.autograd.grad(loss, params)
        records["step"].append(step)
        records["epoch"].append(epoch)
        records["loss"].append(loss.item())
        if classification:
            records["accuracy"].append(correct_count(output, z.detach(), y) / n)
        records["gradNorm"].append(math.sqrt(sum(float((g * g).sum()) for g in grads)))

    record(0, 0)
    step = 0
    for epoch in range(1, epochs + 1):
        order = torch.tensor(permutations[epoch - 1]) if permutations is not None else torch.arange(n)
        if sorted(order.tolist()) != list(range(n)):
            raise ValueError(f"epoch {epoch}'s order is not a permutation of 0..{n - 1}")
        for start in range(0, n, batch):
            rows = order[start : start + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x[rows]), y_rows[rows] if output == "linear" else y[rows])
            loss.backward()
            optimizer.step()
            step += 1
            if step % interval == 0 or step == total:
                record(step, epoch)

    for name in ("loss", "gradNorm"):
        if not all(math.isfinite(v) for v in records[name]):
            raise ValueError(f"{inputs['case']}: {name} stopped being finite; choose a gentler case")
    return {
        "format": EXPECTED_FORMAT,
        "case": inputs["case"],
        "torch": torch.__version__,
        "records": records,
        "final": flatten(model).tolist(),
    }


def compact_json(value, indent=""):
    """JSON with every list of numbers on one line (floats as Python's shortest round-trip repr)."""
    if isinstance(value, list):
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            return json.dumps(value, allow_nan=False, separators=(",", ":"))
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + compact_json(v, inner) for v in value) + "\n" + indent + "]"
    if isinstance(value, dict):
        inner = indent + "  "
        return "{\n" + ",\n".join(f"{inner}{json.dumps(k)}: {compact_json(v, inner)}" for k, v in value.items()) + "\n" + indent + "}"
    return json.dumps(value, allow_nan=False)


def main():
    inputs_dir = os.path.join(FIXTURES, "inputs")
    expected_dir = os.path.join(FIXTURES, "expected")
    if not os.path.isdir(inputs_dir):
        sys.exit(f"no {inputs_dir}: run from the repository root after make-inputs (see scripts/reference/README.md)")
    os.makedirs(expected_dir, exist_ok=True)
    names = sorted(f for f in os.listdir(inputs_dir) if f.endswith(".json"))
    print(f"torch {torch.__version__}, {len(names)} cases")
    print("| case | steps | records | loss at step 0 | final loss | change | accuracy |")
    print("|---|---|---|---|---|---|---|")
    for file in names:
        with open(os.path.join(inputs_dir, file), encoding="utf-8") as f:
            inputs = json.load(f)
        expected = run_case(inputs)
        with open(os.path.join(expected_dir, file), "w", encoding="utf-8") as f:
            f.write(compact_json(expected) + "\n")
        r = expected["records"]
        first, last = r["loss"][0], r["loss"][-1]
        acc = f"{r['accuracy'][0]:.3f} → {r['accuracy'][-1]:.3f}" if r["accuracy"] is not None else "—"
        print(f"| {expected['case']} | {r['step'][-1]} | {len(r['step'])} | {first:.4f} | {last:.4f} | {100 * (last - first) / first:+.1f}% | {acc} |")


if __name__ == "__main__":
    main()
