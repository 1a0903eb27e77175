#!/usr/bin/python3
"""Export a 70-class EfficientNet-B7 car classifier (torchvision architecture) to ONNX.

Run from the repository root:

    /usr/bin/python3 training/efficientnet-b7/export.py --weights my_b7.pth
    /usr/bin/python3 training/efficientnet-b7/export.py --random-weights --out /tmp/b7.onnx
    /usr/bin/python3 training/efficientnet-b7/export.py --tiny --out /tmp/tiny.onnx

Architecture: torchvision.models.efficientnet_b7(num_classes=70), i.e. the ImageNet
network with its head replaced by Dropout(0.5) + Linear(2560, 70). Class ids in output
order: data/seed/seed-classes.json (copied to models/efficientnet-b7/labels.json).

--weights accepts
  * a state_dict saved with torch.save(model.state_dict(), path) (.pt/.pth) whose keys are
    torchvision's: features.0.0.weight, features.0.1.{weight,bias,running_mean,running_var,
    num_batches_tracked}, features.1.0.block.0.0.weight, ..., features.8.0.weight,
    features.8.1.*, classifier.1.weight [70, 2560], classifier.1.bias [70];
  * the same wrapped in a checkpoint dict under "state_dict", "model_state_dict", "model"
    or "ema" (a "module." prefix from DataParallel/DDP is stripped);
  * with --allow-pickle, a full pickled nn.Module (torch.save(model, path)); it is exported
    as-is, so it must take [N,3,H,W] and return [N,70] logits. Unpickling runs code from
    the file: only use files you trust.

Output: ONNX opset 13, input "input" float32 [N,3,S,S] (S = 600, 32 with --tiny unless
--size is given), output "logits" [N,70], dynamic batch axis.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn as nn

NUM_CLASSES = 70
SIZE = 600
HERE = os.path.dirname(os.path.abspath(__file__))


def log(*a):
    print(*a, flush=True)


def build(tiny=False, num_classes=NUM_CLASSES):
    from torchvision.models import efficientnet_b0, efficientnet_b7
    # weights=None: no download; num_classes replaces the 1000-class head.
    if tiny:
        return efficientnet_b0(weights=None, num_classes=num_classes)
    return efficientnet_b7(weights=None, num_classes=num_classes)


@torch.no_grad()
def calibrate_bn(model, size, batches=3, batch=2):
    """Random init + BatchNorm's default running stats (mean 0, var 1) make activations
    vanish through the network (logits ~1e-14), which makes numeric checks meaningless.
    Re-estimate the running stats on random inputs so the random model has O(1) outputs."""
    g = torch.Generator().manual_seed(0)
    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative average
    model.train()
    for _ in range(batches):
        model(torch.randn(batch, 3, size, size, generator=g))
    for m in bns:
        m.momentum = 0.1
    model.eval()


def extract_state_dict(obj):
    if isinstance(obj, nn.Module):
        return obj
    if not isinstance(obj, dict):
        raise SystemExit(f"unsupported weights object: {type(obj).__name__}")
    for key in ("state_dict", "model_state_dict", "model", "ema", "model_ema"):
        if key in obj and isinstance(obj[key], (dict, nn.Module)):
            return extract_state_dict(obj[key])
    sd = obj
    if sd and all(k.startswith("module.") for k in sd):
        sd = {k[len("module."):]: v for k, v in sd.items()}
    return sd


def load_weights(model, path, allow_pickle=False):
    try:
        obj = torch.load(path, map_location="cpu", weights_only=not allow_pickle)
    except TypeError:  # torch < 1.13 has no weights_only
        obj = torch.load(path, map_location="cpu")
    except Exception as e:  # noqa: BLE001
        if not allow_pickle:
            raise SystemExit(f"could not load {path} as a plain state_dict ({e}); "
                             "if it is a full pickled model you trust, pass --allow-pickle")
        raise
    sd = extract_state_dict(obj)
    if isinstance(sd, nn.Module):
        log("weights file holds a full model object; exporting it as-is")
        return sd
    expected = model.state_dict()
    missing = [k for k in expected if k not in sd]
    unexpected = [k for k in sd if k not in expected]
    wrong = [f"{k}: {tuple(sd[k].shape)} (expected {tuple(expected[k].shape)})"
             for k in expected if k in sd and hasattr(sd[k], "shape") and tuple(sd[k].shape) != tuple(expected[k].shape)]
    if missing or unexpected or wrong:
        raise SystemExit("state_dict does not match torchvision efficientnet_b7(num_classes=70):\n"
                         f"  missing ({len(missing)}): {missing[:10]}\n"
                         f"  unexpected ({len(unexpected)}): {unexpected[:10]}\n"
                         f"  wrong shape ({len(wrong)}): {wrong[:10]}")
    model.load_state_dict(sd, strict=True)
    return model


def export(model, out, size, opset=13):
    model.eval()
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(model, torch.zeros(1, 3, size, size), out, opset_version=opset,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                          do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(out))
    return out


def verify_with_ort(model, out, size, batch=2, bench=0):
    """Compare torch and onnxruntime-node outputs (needs node + node_modules/onnxruntime-node)."""
    import numpy as np
    node = shutil.which("node")
    runner = os.path.join(HERE, "..", "identifier", "ort_run.cjs")
    if node is None or not os.path.exists(runner):
        log("node or ort_run.cjs not found; skipping onnxruntime check")
        return None
    g = torch.Generator().manual_seed(0)
    x = torch.randn(batch, 3, size, size, generator=g)
    with torch.no_grad():
        ref = model(x).numpy()
    with tempfile.TemporaryDirectory() as td:
        inp, outp = os.path.join(td, "in.f32"), os.path.join(td, "out.f32")
        x.numpy().astype(np.float32).tofile(inp)
        r = subprocess.run([node, runner, out, inp, ",".join(map(str, x.shape)), outp, "1", str(bench)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            log("onnxruntime-node failed:", r.stderr[-2000:])
            return None
        info = json.loads(r.stdout.strip().splitlines()[-1])
        y = np.fromfile(outp, dtype=np.float32).reshape(info["dims"])
    info["maxAbsDiff"] = float(np.abs(y - ref).max())
    log("onnxruntime-node check:", json.dumps(info))
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--weights", help="state_dict (.pt/.pth) or checkpoint dict; see above")
    src.add_argument("--random-weights", action="store_true",
                     help="random init, architecture-identical (tests/benchmarks only; ~256 MB)")
    ap.add_argument("--tiny", action="store_true",
                    help="stand-in: efficientnet_b0(num_classes=70), random weights, 32x32 input")
    ap.add_argument("--allow-pickle", action="store_true", help="allow a full pickled model (trusted files only)")
    ap.add_argument("--out", default="models/efficientnet-b7/model.onnx")
    ap.add_argument("--size", type=int, default=None, help="input side (default 600, 32 with --tiny)")
    ap.add_argument("--opset", type=int, default=13)
    ap.add_argument("--verify", action="store_true", help="compare with onnxruntime-node (batch 2)")
    ap.add_argument("--bench", type=int, default=0, help="with --verify: time N runs at 1 thread")
    args = ap.parse_args(argv)

    torch.manual_seed(0)
    size = args.size or (32 if args.tiny else SIZE)
    model = build(tiny=args.tiny)
    if args.weights:
        if args.tiny:
            raise SystemExit("--tiny is only for tests (random weights)")
        model = load_weights(model, args.weights, allow_pickle=args.allow_pickle)
    else:
        calibrate_bn(model, min(size, 224))
    t0 = time.time()
    export(model, args.out, size, args.opset)
    log(f"wrote {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB, input [N,3,{size},{size}], "
        f"{time.time() - t0:.1f}s)")
    if args.verify:
        verify_with_ort(model.eval(), args.out, size, batch=1 if args.bench else 2, bench=args.bench)


if __name__ == "__main__":
    main()
