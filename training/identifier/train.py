#!/usr/bin/python3
"""Fine-tune MobileNetV2 (dequantised from the int8 ONNX Model Zoo model) on the
20-class car photo set and export it to ONNX.

Run from the repository root:

    /usr/bin/python3 training/identifier/train.py \
        [--photos ../shared/data/photos/train] [--out models/car-classifier] [--epochs N]

Needs Debian's python3-torch, python3-torchvision, python3-onnx, python3-numpy,
python3-pil (see training/identifier/README.md). The ONNX checks (base network vs
torch, exported model vs torch, latency) use Node + onnxruntime-node from the
repository's node_modules; they are skipped with a warning when Node is missing.
"""
import argparse
import hashlib
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from mobilenet_int8 import load_mobilenet_v2_from_int8_onnx  # noqa: E402

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
SIZE = 224


def log(*a):
    print(*a, flush=True)


# ----------------------------------------------------------------------------- data

class UnionFind:
    def __init__(self, n):
        self.p = list(range(n))

    def find(self, i):
        while self.p[i] != i:
            self.p[i] = self.p[self.p[i]]
            i = self.p[i]
        return i

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def photo_key(name):
    """'back472.jpg' and 'car472.jpg' are the same photo (background removed)."""
    stem = os.path.splitext(name)[0].lower()
    for prefix in ("back", "car"):
        if stem.startswith(prefix) and stem[len(prefix):].isdigit():
            return stem[len(prefix):]
    return None


def list_photos(root, exclude=()):
    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)) and d not in exclude)
    items = []  # (relpath, class_index)
    for ci, c in enumerate(classes):
        for f in sorted(os.listdir(os.path.join(root, c))):
            if f.lower().endswith((".jpg", ".jpeg", ".png")):
                items.append((f"{c}/{f}", ci))
    return classes, items


def split_groups(root, classes, items, val_fraction):
    """Deterministic split. Files are grouped when they are byte-identical (sha1) or
    when they are the same photo with/without background (car<N>/back<N> in one
    class folder). Per class, groups are ordered by the sha1 of their smallest
    member's sha1 and the first round(val_fraction * groups) go to validation."""
    sha = []
    for rel, _ in items:
        with open(os.path.join(root, rel), "rb") as fh:
            sha.append(hashlib.sha1(fh.read()).hexdigest())
    uf = UnionFind(len(items))
    first_by_sha, first_by_key = {}, {}
    for i, (rel, ci) in enumerate(items):
        if sha[i] in first_by_sha:
            j = first_by_sha[sha[i]]
            if items[j][1] != ci:
                raise RuntimeError(f"duplicate across classes: {rel} {items[j][0]}")
            uf.union(i, j)
        else:
            first_by_sha[sha[i]] = i
        k = photo_key(os.path.basename(rel))
        if k is not None:
            kk = (ci, k)
            if kk in first_by_key:
                uf.union(i, first_by_key[kk])
            else:
                first_by_key[kk] = i
    groups = {}
    for i in range(len(items)):
        groups.setdefault(uf.find(i), []).append(i)
    val = set()
    stats = {"files": len(items), "uniqueFiles": len(first_by_sha), "groups": len(groups),
             "duplicateFiles": len(items) - len(first_by_sha)}
    for ci in range(len(classes)):
        cg = [g for g in groups.values() if items[g[0]][1] == ci]
        cg.sort(key=lambda g: hashlib.sha1(min(sha[i] for i in g).encode()).hexdigest())
        n_val = int(round(val_fraction * len(cg)))
        for g in cg[:n_val]:
            val.update(g)
    train_idx = [i for i in range(len(items)) if i not in val]
    val_idx = sorted(val)
    return train_idx, val_idx, stats


def load_image(path, size=SIZE):
    """Resize so the shorter side is `size` (bilinear), centre-crop size x size
    (the manifest's resize "crop", resizeShorter 224). 224x224 photos are unchanged."""
    im = Image.open(path).convert("RGB")
    w, h = im.size
    if (w, h) != (size, size):
        s = size / min(w, h)
        nw, nh = max(size, round(w * s)), max(size, round(h * s))
        im = im.resize((nw, nh), Image.BILINEAR)
        left, top = (nw - size) // 2, (nh - size) // 2
        im = im.crop((left, top, left + size, top + size))
    return torch.from_numpy(np.asarray(im, dtype=np.uint8).copy()).permute(2, 0, 1)


def read_crop_cache(cache):
    """The served crops of scripts/extract-features.ts --crops (the detector's main vehicle with
    its margin, resized as the manifest says): its index (photosDir, and the rows of photos with a
    vehicle, in crop order) and the crops as uint8 [N, 3, 224, 224]."""
    idx = json.load(open(os.path.join(cache, "index.json")))
    rows = [r for r in idx["rows"] if "index" in r]
    raw = np.fromfile(os.path.join(cache, "crops.u8"), dtype=np.uint8)
    if raw.size != 3 * SIZE * SIZE * len(rows):
        sys.exit(f"{cache}/crops.u8 does not hold one {SIZE}x{SIZE} crop per photo with a vehicle (re-run extract-features --crops)")
    return {"photosDir": idx["photosDir"], "rows": rows, "crops": raw.reshape(-1, 3, SIZE, SIZE)}


def served_views(crop_cache, items, X):
    """One uint8 3x224x224 block per item, aligned with `items`: its served crop, or its whole
    photo when the detector found nothing in it. Returns (views, how many are crops)."""
    where = {r["path"]: r["index"] for r in crop_cache["rows"]}
    views = X.clone()
    found = 0
    for i, (rel, _) in enumerate(items):
        j = where.get(rel)
        if j is not None:
            views[i] = torch.from_numpy(crop_cache["crops"][j])
            found += 1
    return views, found


# ----------------------------------------------------------------------------- augmentation

def normalize(x):
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    return (x - mean) / std


def augment(xb_u8, out_size, gen, scale=(0.25, 1.0), ratio=(3 / 4, 4 / 3), jitter=0.3):
    """Batch-level augmentation: per-sample random resized crop + horizontal flip in a
    single affine_grid/grid_sample call, then per-sample brightness/contrast/saturation
    jitter as tensor ops. Returns normalised float channels_last tensor."""
    b = xb_u8.shape[0]
    x = xb_u8.float().div_(255.0)
    area = torch.empty(b).uniform_(scale[0], scale[1], generator=gen)
    logr = torch.empty(b).uniform_(math.log(ratio[0]), math.log(ratio[1]), generator=gen)
    r = torch.exp(logr)
    w = torch.sqrt(area * r).clamp(max=1.0)
    h = torch.sqrt(area / r).clamp(max=1.0)
    cx = (torch.rand(b, generator=gen) * 2 - 1) * (1 - w)
    cy = (torch.rand(b, generator=gen) * 2 - 1) * (1 - h)
    flip = torch.where(torch.rand(b, generator=gen) < 0.5, -1.0, 1.0)
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = w * flip
    theta[:, 0, 2] = cx
    theta[:, 1, 1] = h
    theta[:, 1, 2] = cy
    grid = F.affine_grid(theta, (b, 3, out_size, out_size), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    if jitter > 0:
        bri = torch.empty(b, 1, 1, 1).uniform_(1 - jitter, 1 + jitter, generator=gen)
        con = torch.empty(b, 1, 1, 1).uniform_(1 - jitter, 1 + jitter, generator=gen)
        sat = torch.empty(b, 1, 1, 1).uniform_(1 - jitter, 1 + jitter, generator=gen)
        x = x * bri
        gray = (0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3])
        x = (x - gray.mean((2, 3), keepdim=True)) * con + gray.mean((2, 3), keepdim=True)
        gray = (0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3])
        x = (x - gray) * sat + gray
        x = x.clamp_(0, 1)
    return normalize(x).contiguous(memory_format=torch.channels_last)


def mix_batch(x, y, n_classes, gen, prob, smoothing):
    """Batch-level mixup (alpha 0.2) or cutmix (alpha 1.0), each half of the time,
    applied to a fraction `prob` of batches. Returns soft targets."""
    b = x.shape[0]
    t = torch.full((b, n_classes), smoothing / n_classes)
    t.scatter_(1, y.view(-1, 1), 1 - smoothing + smoothing / n_classes)
    if prob <= 0 or torch.rand(1, generator=gen).item() >= prob:
        return x, t
    perm = torch.randperm(b, generator=gen)
    if torch.rand(1, generator=gen).item() < 0.5:
        lam = float(np.random.default_rng(int(torch.randint(0, 2**31, (1,), generator=gen))).beta(0.2, 0.2))
        x = lam * x + (1 - lam) * x[perm]
    else:
        lam = float(np.random.default_rng(int(torch.randint(0, 2**31, (1,), generator=gen))).beta(1.0, 1.0))
        H, W = x.shape[2], x.shape[3]
        ch, cw = int(H * math.sqrt(1 - lam)), int(W * math.sqrt(1 - lam))
        cy = int(torch.randint(0, H, (1,), generator=gen))
        cx = int(torch.randint(0, W, (1,), generator=gen))
        y0, y1 = max(cy - ch // 2, 0), min(cy + ch // 2, H)
        x0, x1 = max(cx - cw // 2, 0), min(cx + cw // 2, W)
        x = x.clone()
        x[:, :, y0:y1, x0:x1] = x[perm][:, :, y0:y1, x0:x1]
        lam = 1 - (y1 - y0) * (x1 - x0) / (H * W)
    return x, lam * t + (1 - lam) * t[perm]


# ----------------------------------------------------------------------------- metrics

def softmax_np(z):
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def nll(logits, y, temp=1.0):
    p = softmax_np(logits / temp)
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None))))


def ece(logits, y, temp=1.0, bins=15):
    p = softmax_np(logits / temp)
    conf = p.max(1)
    correct = (p.argmax(1) == y).astype(np.float64)
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(total)


def topk(logits, y, k):
    idx = np.argsort(-logits, axis=1)[:, :k]
    return float(np.mean([y[i] in idx[i] for i in range(len(y))]))


def fit_temperature(logits, y):
    """1-D search minimising validation NLL: log-spaced grid, then golden section."""
    grid = np.exp(np.linspace(np.log(0.25), np.log(8.0), 121))
    vals = [nll(logits, y, t) for t in grid]
    i = int(np.argmin(vals))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    g = (math.sqrt(5) - 1) / 2
    a, b = lo, hi
    c, d = b - g * (b - a), a + g * (b - a)
    for _ in range(60):
        if nll(logits, y, c) < nll(logits, y, d):
            b = d
        else:
            a = c
        c, d = b - g * (b - a), a + g * (b - a)
    return float((a + b) / 2)


@torch.no_grad()
def predict(net, x_u8, batch=64):
    net.eval()
    outs, outs_flip = [], []
    for i in range(0, len(x_u8), batch):
        x = normalize(x_u8[i:i + batch].float().div_(255.0)).contiguous(memory_format=torch.channels_last)
        outs.append(net(x))
        outs_flip.append(net(torch.flip(x, dims=[3])))
    return torch.cat(outs).numpy().astype(np.float64), torch.cat(outs_flip).numpy().astype(np.float64)


# ----------------------------------------------------------------------------- node / onnxruntime

def run_ort(model_path, x, threads=1, bench=0):
    node = shutil.which("node")
    if node is None:
        return None, None
    with tempfile.TemporaryDirectory() as td:
        inp, out = os.path.join(td, "in.f32"), os.path.join(td, "out.f32")
        np.ascontiguousarray(x, dtype=np.float32).tofile(inp)
        r = subprocess.run([node, os.path.join(HERE, "ort_run.cjs"), model_path, inp,
                            ",".join(map(str, x.shape)), out, str(threads), str(bench)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            log("onnxruntime-node run failed:", r.stderr.strip()[-2000:])
            return None, None
        info = json.loads(r.stdout.strip().splitlines()[-1])
        y = np.fromfile(out, dtype=np.float32).reshape(info["dims"])
    return y, info



def write_readme(path, manifest, metrics, classes):
    v = metrics["validation"]
    ex = metrics.get("export", {})
    bc = metrics.get("baseNetworkCheck", {})
    hp = metrics["hyperParameters"]
    env = metrics["environment"]
    sp = metrics["split"]
    pc = "\n".join(f"| {c} | {v['perClass'][c]['n']} | {v['perClass'][c]['top1']:.3f} | "
                   + ", ".join(f"{k} {n}" for k, n in v["confusions"].get(c, {}).items()) + " |"
                   for c in classes)
    worst = min(classes, key=lambda c: v["perClass"][c]["top1"])
    weak = (f"Weakest class: `{worst}` ({v['perClass'][worst]['top1']:.3f}); "
            + ("the Dacia Logan / Logan MCV photos are mostly taken for `sandero`, whose front end is the same. "
               if worst == "logan" else "") + "\n")
    fmt = lambda x, d=4: "n/a" if x is None else f"{x:.{d}f}"  # noqa: E731
    wp = v.get("wholePhotos")
    whole = (f"| whole photos, flip TTA (not what the service sees) | {wp['top1Flip']:.4f} | {wp['top5Flip']:.4f} |\n" if wp else "")
    text = f"""# car-classifier — MobileNetV2 fine-tuned on 20 car models

`model.onnx` (ONNX opset 13, {ex.get('bytes', 0) / 1e6:.1f} MB float32): input `input` float32 [N,3,224,224]
(RGB, x/255, ImageNet mean/std, NCHW), output `logits` [N,20] in the order of `labels.json`
and `features` [N,1280] (pooled features the head reads; unknown-model detection, `NOVELTY.md`),
dynamic batch axis. Preprocessing for serving: resize the shorter side to 224, centre-crop
224x224 (`"resize": "crop"`); average the logits of the image and its horizontal mirror
(`"testTimeFlip": {str(manifest['testTimeFlip']).lower()}`), divide by `"temperature": {manifest['temperature']}` and softmax.
The temperature was fitted on the flip-averaged validation logits.

Generated by `training/identifier/train.py` (do not edit by hand; re-run instead).

## Provenance and licence

- Base network: the ImageNet MobileNetV2 int8 model of the ONNX Model Zoo
  (`models/mobilenetv2-12-int8/`, Apache-2.0), dequantised into torchvision's float
  `mobilenet_v2()` (BatchNorm is folded into the convolutions) and fine-tuned end to end with
  a new 20-class head. The exported network is a derivative of that Apache-2.0 model.
- Photos: {sp['files']} JPEGs (224x224) of 20 car models from the public repository
  toolongdontread/ImageClassification (MIT), folder `csbh_data/train` at commit
  6e48f7208115c024bad3c48cd33214c5d33ed6c1. They are not in this repository.

## Reproduce

```sh
npm run train:identifier
# = /usr/bin/python3 training/identifier/train.py --photos ../shared/data/photos/train --out models/car-classifier
```

(requirements: `training/identifier/README.md`). Seeded and deterministic: sorted file
lists, fixed seed {hp['seed']}, {hp['threads']} torch threads. Training took {metrics['trainSeconds'] / 60:.1f} min
({metrics['totalSeconds'] / 60:.1f} min for the whole script) on a 2-core CPU shared with other work.

## Split

{sp['files']} files, {sp['duplicateFiles']} of them byte-identical copies of another file; files are grouped
when byte-identical or when they are the same photo with/without background (`car<N>.jpg` and
`back<N>.jpg` of one class), giving {sp['groups']} groups. Per class, the groups are ordered by sha1 and the
first {hp['val_fraction']:.0%} go to validation: {sp['train']} training / {sp['validation']} validation files
(`validation.txt`, paths relative to the photos folder). No group straddles the split.
Several photos of one car (one listing) can still fall on both sides.

## Training

{hp['epochs']} epochs, batch {hp['batch_size']}, AdamW (backbone lr {hp['lr_backbone']:g}, head lr {hp['lr_head']:g},
weight decay {hp['weight_decay']:g}), {hp['warmup_epochs']:g} warm-up epoch then cosine decay, label smoothing {hp['label_smoothing']:g},
mixup/cutmix on {hp['mix_prob']:.0%} of batches, class-balanced loss weights (count^-{hp['class_balance']:g}),
{'each sample its whole photo or (' + format(hp['crop_prob'], '.0%') + ') its served crop, ' if hp.get('crops') else ''}random resized crop (area 0.25-1) + flip + colour jitter at {hp['train_size']} px
{'(last ' + str(hp['hires_epochs']) + ' epochs at 224 px); ' if hp['hires_epochs'] else '; '}evaluation at 224 px. torch {env['torch']}, torchvision {env.get('torchvision')}.

## Results (validation split, {v['validationImages']} images, {v.get('evaluatedOn', 'whole photos')})

| | top-1 | top-5 |
|---|---|---|
| single view | {v['top1']:.4f} | {v['top5']:.4f} |
| flip TTA (served) | {v['top1Flip']:.4f} | {v['top5Flip']:.4f} |
{whole}
Temperature {v['temperature']:.4f} ({v['temperatureFittedOn']}): NLL {v['nllBefore']:.4f} -> {v['nllAfter']:.4f},
ECE (15 bins) {v['eceBefore']:.4f} -> {v['eceAfter']:.4f} (fitted and measured on the same split, so the
calibrated ECE is optimistic).

Per class (flip TTA):

| class | n | top-1 | mistaken for |
|---|---|---|---|
{pc}

{weak}The product target (top-1 >= 0.95, top-5 >= 0.995) is
{'met' if v['top1Flip'] >= 0.95 and v['top5Flip'] >= 0.995 else 'not met'}.

## Checks

- Dequantised torch base network vs the int8 ONNX model on {bc.get('images', 'n/a')} images (onnxruntime-node):
  max |logit diff| {fmt(bc.get('maxAbsDiffLogits'))}, top-1 agreement {fmt(bc.get('top1Agreement'), 3)}. The int8 model quantises
  activations, so the float network is not bit-identical; feeding each int8 layer's own input to
  the corresponding dequantised conv reproduces its output within one quantisation step.
- Exported ONNX vs torch (onnxruntime-node): max |diff| {fmt(ex.get('maxAbsDiffBatch1'), 7)} at batch 1,
  {fmt(ex.get('maxAbsDiffBatch4'), 7)} at batch 4.
- CPU latency: {fmt(ex.get('latencyMsPerImage1Thread'), 2)} ms per image (onnxruntime-node, batch 1, 1 intra-op thread,
  median of 50 runs; flip TTA doubles it).

All numbers: `metrics.json`.
"""
    with open(path, "w") as fh:
        fh.write(text)


@torch.no_grad()
def write_feature_cache(out, net, crop_cache, classes, validation, temperature, epochs):
    """novelty.py's cache format (as extract-features writes it) for every served crop of the cache,
    excluded classes included: flip-averaged pooled features and calibrated probabilities of `net`."""
    rows, crops = crop_cache["rows"], crop_cache["crops"]
    model = WithFeatures(net).eval()
    feats, logits = [], []
    for i in range(0, len(rows), 64):
        x = torch.from_numpy(np.stack([crops[r["index"]] for r in rows[i:i + 64]]))
        x = normalize(x.float().div_(255.0))
        (l0, f0), (l1, f1) = model(x), model(torch.flip(x, dims=[3]))
        logits.append(((l0 + l1) / 2).numpy())
        feats.append(((f0 + f1) / 2).numpy())
    L = np.concatenate(logits).astype(np.float64)
    os.makedirs(out, exist_ok=True)
    np.concatenate(feats).astype("<f4").tofile(os.path.join(out, "features.f32"))
    softmax_np(L / temperature).astype("<f4").tofile(os.path.join(out, "probabilities.f32"))
    out_rows = [{**{k: r[k] for k in ("path", "label", "source", "score")}, "index": j,
                 "split": "validation" if r["path"] in validation else "train"} for j, r in enumerate(rows)]
    with open(os.path.join(out, "index.json"), "w") as fh:
        json.dump({"classifier": "train.py --features-out", "epochs": epochs, "labels": classes, "featureSize": int(feats[0].shape[1]),
                   "photosDir": crop_cache["photosDir"], "rows": out_rows}, fh)


# ----------------------------------------------------------------------------- main

class WithFeatures(nn.Module):
    """torchvision MobileNetV2's forward, also returning the pooled features before the head."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        f = torch.flatten(F.adaptive_avg_pool2d(self.net.features(x), (1, 1)), 1)
        return self.net.classifier(f), f


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photos", default="../shared/data/photos/train")
    ap.add_argument("--out", default="models/car-classifier")
    ap.add_argument("--base", default="models/mobilenetv2-12-int8/model.onnx")
    ap.add_argument("--epochs", type=int, default=28)
    ap.add_argument("--hires-epochs", type=int, default=0,
                    help="last N epochs train at 224 px with milder crops; earlier ones at --train-size")
    ap.add_argument("--train-size", type=int, default=176)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr-backbone", type=float, default=1e-4)
    ap.add_argument("--lr-head", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=0.02)
    ap.add_argument("--warmup-epochs", type=float, default=1.0)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--mix-prob", type=float, default=0.5, help="fraction of batches with mixup/cutmix")
    ap.add_argument("--ema", type=float, default=0.0, help="EMA decay of weights per step (0 = off)")
    ap.add_argument("--class-balance", type=float, default=0.5,
                    help="loss weight per class proportional to count^-x (0 = unweighted, 0.5 = inverse sqrt)")
    ap.add_argument("--crops", default=None,
                    help="feature cache of extract-features --crops: train on the served crops too and evaluate on them")
    ap.add_argument("--crop-prob", type=float, default=0.0,
                    help="with --crops: chance a training sample is its served crop (0.5 measured worse: README)")
    ap.add_argument("--features-out", default=None,
                    help="with --crops: write a feature cache of every crop (all classes, also excluded ones) "
                         "for novelty.py --honest-cache, instead of exporting")
    ap.add_argument("--checkpoint", default=None, help="also save the final torch state_dict here")
    ap.add_argument("--val-fraction", type=float, default=0.15)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-tta", action="store_true", help="do not use horizontal-flip TTA in the manifest")
    ap.add_argument("--no-export", action="store_true", help="train and evaluate only (experiments)")
    ap.add_argument("--exclude-classes", default="",
                    help="comma-separated class folders to leave out entirely (honest leave-classes-out check of novelty.py)")
    args = ap.parse_args()

    t_start = time.time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)

    if not os.path.isdir(args.photos):
        sys.exit(f"photos folder not found: {args.photos} (pass --photos DIR)")
    classes, items = list_photos(args.photos, exclude=set(filter(None, args.exclude_classes.split(","))))
    train_idx, val_idx, split_stats = split_groups(args.photos, classes, items, args.val_fraction)
    log(f"{len(items)} photos, {len(classes)} classes, groups {split_stats['groups']}, "
        f"train {len(train_idx)} / val {len(val_idx)}")
    t0 = time.time()
    X = torch.stack([load_image(os.path.join(args.photos, rel)) for rel, _ in items])
    Y = torch.tensor([ci for _, ci in items])
    log(f"decoded {len(items)} images in {time.time() - t0:.1f}s")
    crop_cache = read_crop_cache(args.crops) if args.crops else None
    if crop_cache:
        C, crops_found = served_views(crop_cache, items, X)
        log(f"served crops for {crops_found} of {len(items)} photos")
    else:
        C = X
    Xtr, Ytr, Ctr = X[train_idx], Y[train_idx], C[train_idx]
    Xva, Yva, Cva = X[val_idx], Y[val_idx].numpy(), C[val_idx]
    n_classes = len(classes)

    # --- base network: dequantised int8 MobileNetV2; check against onnxruntime
    net = load_mobilenet_v2_from_int8_onnx(args.base)
    base_check = {}
    xs = normalize(Xva[:8].float() / 255.0).numpy()
    y_ort, _ = run_ort(args.base, xs)
    if y_ort is not None:
        with torch.no_grad():
            y_t = net(torch.from_numpy(xs)).numpy()
        base_check = {
            "images": int(len(xs)),
            "maxAbsDiffLogits": float(np.abs(y_t - y_ort).max()),
            "meanAbsDiffLogits": float(np.abs(y_t - y_ort).mean()),
            "top1Agreement": float((y_t.argmax(1) == y_ort.argmax(1)).mean()),
            "note": "float dequantised torch network vs the int8 ONNX model (activation quantisation "
                    "makes them differ); the weight mapping itself was checked layer by layer",
        }
        log("base network vs int8 ONNX (onnxruntime-node):", json.dumps(base_check))
    else:
        log("WARNING: node/onnxruntime-node not available, skipping ONNX checks")

    net.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(1280, n_classes))
    nn.init.normal_(net.classifier[1].weight, std=0.01)
    nn.init.zeros_(net.classifier[1].bias)
    net = net.to(memory_format=torch.channels_last)
    head_params = list(net.classifier.parameters())
    head_ids = {id(p) for p in head_params}
    back_params = [p for p in net.parameters() if id(p) not in head_ids]
    opt = torch.optim.AdamW([
        {"params": back_params, "lr": args.lr_backbone, "base_lr": args.lr_backbone},
        {"params": head_params, "lr": args.lr_head, "base_lr": args.lr_head},
    ], weight_decay=args.weight_decay)
    ema = None
    if args.ema > 0:
        ema = {k: v.detach().clone() for k, v in net.state_dict().items()}

    counts = torch.bincount(Ytr, minlength=n_classes).float()
    class_w = counts.pow(-args.class_balance)
    class_w = class_w / (class_w * counts).sum() * counts.sum()  # mean weight over samples = 1

    steps_per_epoch = len(train_idx) // args.batch_size
    total_steps = steps_per_epoch * args.epochs
    warm = int(args.warmup_epochs * steps_per_epoch)
    history = []
    step = 0
    t_train = time.time()
    for epoch in range(args.epochs):
        te = time.time()
        hires = epoch >= args.epochs - args.hires_epochs
        size = SIZE if hires else args.train_size
        scale = (0.5, 1.0) if hires else (0.25, 1.0)
        net.train()
        perm = torch.randperm(len(train_idx), generator=gen)
        tot_loss = 0.0
        for bi in range(steps_per_epoch):
            idx = perm[bi * args.batch_size:(bi + 1) * args.batch_size]
            xb = Xtr[idx]
            if args.crops:
                pick = torch.rand(len(idx), generator=gen) < args.crop_prob
                xb = torch.where(pick.view(-1, 1, 1, 1), Ctr[idx], xb)
            x = augment(xb, size, gen, scale=scale)
            x, target = mix_batch(x, Ytr[idx], n_classes, gen, args.mix_prob, args.label_smoothing)
            if step < warm:
                f = (step + 1) / warm
            else:
                f = 0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, total_steps - warm)))
            for g in opt.param_groups:
                g["lr"] = g["base_lr"] * f
            out = net(x)
            loss = torch.sum(-target * F.log_softmax(out, 1) * class_w, 1).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if ema is not None:
                with torch.no_grad():
                    for k, v in net.state_dict().items():
                        if v.dtype.is_floating_point:
                            ema[k].mul_(args.ema).add_(v.detach(), alpha=1 - args.ema)
            tot_loss += loss.item()
            step += 1
        lo, lf = predict(net, Cva)
        rec = {"epoch": epoch + 1, "size": size, "trainLoss": tot_loss / steps_per_epoch,
               "valTop1": topk(lo, Yva, 1), "valTop1Flip": topk(lo + lf, Yva, 1),
               "seconds": time.time() - te}
        history.append(rec)
        log(f"epoch {epoch + 1}/{args.epochs} size {size} loss {rec['trainLoss']:.4f} "
            f"val top1 {rec['valTop1']:.4f} (flip {rec['valTop1Flip']:.4f}) {rec['seconds']:.0f}s "
            f"elapsed {time.time() - t_start:.0f}s")
    train_seconds = time.time() - t_train
    if ema is not None:
        lo, lf = predict(net, Xva)
        log(f"last weights: top1 {topk(lo, Yva, 1):.4f} flip {topk(lo + lf, Yva, 1):.4f}")
        net.load_state_dict(ema)
        log("using EMA weights")

    if args.checkpoint:
        torch.save(net.state_dict(), args.checkpoint)

    # --- evaluation: on what the service shows the classifier (served crops when given)
    if args.crops:
        po, pf = predict(net, Xva)
        photo_eval = {"top1": topk(po, Yva, 1), "top1Flip": topk(po + pf, Yva, 1), "top5Flip": topk(po + pf, Yva, 5)}
        log("whole photos (not served):", json.dumps(photo_eval))
    lo, lf = predict(net, Cva)
    lt = (lo + lf) / 2
    use_tta = not args.no_tta
    served = lt if use_tta else lo
    temp = fit_temperature(served, Yva)
    pred = served.argmax(1)
    per_class = {}
    confusions = {}
    for ci, c in enumerate(classes):
        m = Yva == ci
        per_class[c] = {"n": int(m.sum()), "top1": float((pred[m] == ci).mean()) if m.any() else None}
        wrong = pred[m][pred[m] != ci]
        if len(wrong):
            vals, counts = np.unique(wrong, return_counts=True)
            confusions[c] = {classes[v]: int(n) for v, n in zip(vals, counts)}
    metrics_eval = {
        "validationImages": int(len(val_idx)),
        "top1": topk(lo, Yva, 1), "top5": topk(lo, Yva, 5),
        "top1Flip": topk(lt, Yva, 1), "top5Flip": topk(lt, Yva, 5),
        "temperature": temp,
        "temperatureFittedOn": "flip-averaged logits" if use_tta else "single-view logits",
        "nllBefore": nll(served, Yva), "nllAfter": nll(served, Yva, temp),
        "eceBefore": ece(served, Yva), "eceAfter": ece(served, Yva, temp),
        "eceBins": 15,
        "perClass": per_class, "confusions": confusions,
        "evaluatedOn": "served crops (detector's main vehicle, extract-features --crops)" if args.crops else "whole photos",
    }
    if args.crops:
        metrics_eval["wholePhotos"] = photo_eval
    log(json.dumps({k: v for k, v in metrics_eval.items() if k not in ("perClass", "confusions")}, indent=1))
    for c, v in per_class.items():
        log(f"  {c:20s} n={v['n']:3d} top1={v['top1']:.3f}  {confusions.get(c, '')}")
    if args.features_out:
        write_feature_cache(args.features_out, net, crop_cache, classes, {items[i][0] for i in val_idx}, temp, args.epochs)
        log(f"wrote feature cache {args.features_out}; total {time.time() - t_start:.0f}s")
        return
    if args.no_export:
        log(f"total {time.time() - t_start:.0f}s (no export)")
        return

    # --- export
    os.makedirs(args.out, exist_ok=True)
    net = net.to(memory_format=torch.contiguous_format).eval()
    onnx_path = os.path.join(args.out, "model.onnx")
    # Second output `features`: the pooled features the head reads (unknown-model detection, novelty.py).
    torch.onnx.export(WithFeatures(net), torch.zeros(1, 3, SIZE, SIZE), onnx_path, opset_version=13,
                      input_names=["input"], output_names=["logits", "features"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}, "features": {0: "batch"}},
                      do_constant_folding=True)
    import onnx
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    export_check = {"opset": 13, "bytes": os.path.getsize(onnx_path)}
    for bs in (1, 4):
        xs = normalize(Xva[:bs].float() / 255.0).numpy()
        y_ort, info = run_ort(onnx_path, xs, threads=1, bench=50 if bs == 1 else 0)
        if y_ort is None:
            continue
        with torch.no_grad():
            y_t = net(torch.from_numpy(xs)).numpy()
        export_check[f"maxAbsDiffBatch{bs}"] = float(np.abs(y_t - y_ort).max())
        if bs == 1:
            export_check["latencyMsPerImage1Thread"] = info["msPerRunMedian"]
            export_check["latencyNote"] = "onnxruntime-node, batch 1, intraOpNumThreads 1, median of 50 runs"
    log("export check:", json.dumps(export_check))

    with open(os.path.join(args.out, "labels.json"), "w") as fh:
        json.dump(classes, fh, indent=1)
        fh.write("\n")
    with open(os.path.join(args.out, "validation.txt"), "w") as fh:
        for i in val_idx:
            fh.write(items[i][0] + "\n")
    manifest = {
        "id": "car-classifier",
        "name": "MobileNetV2 fine-tuned on 20 car models",
        "version": "1.0.0",
        "task": "classifier",
        "file": "model.onnx",
        "license": "Apache-2.0 (base network: ONNX Model Zoo MobileNetV2); fine-tuned on photos from "
                   "toolongdontread/ImageClassification (MIT)",
        "input": {
            "name": "input", "layout": "NCHW", "width": SIZE, "height": SIZE,
            "resize": "crop", "resizeShorter": SIZE,
            "colorOrder": "RGB", "scale": 1 / 255,
            "mean": MEAN, "std": STD,
            "padValue": 0, "dynamicBatch": True,
            "interpolation": "linear",
        },
        "output": {"name": "logits", "kind": "logits", "features": "features"},
        "labels": "labels.json",
        "temperature": round(temp, 4),
        "testTimeFlip": use_tta,
        "catalog": {c: c for c in classes},
        "metrics": {
            "top1": round(metrics_eval["top1Flip" if use_tta else "top1"], 4),
            "top5": round(metrics_eval["top5Flip" if use_tta else "top5"], 4),
            "validationImages": len(val_idx),
        },
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=2)
        fh.write("\n")
    total = time.time() - t_start
    metrics = {
        "validation": metrics_eval,
        "baseNetworkCheck": base_check,
        "export": export_check,
        "split": {**split_stats, "train": len(train_idx), "validation": len(val_idx),
                  "valFraction": args.val_fraction,
                  "method": "groups = byte-identical files (sha1) + car<N>/back<N> pairs of a class; "
                            "per class, groups sorted by sha1(min member sha1), first 15% to validation"},
        "history": history,
        "trainSeconds": round(train_seconds, 1),
        "totalSeconds": round(total, 1),
        "hyperParameters": {**{k: v for k, v in vars(args).items() if k not in ("photos", "out", "base", "checkpoint", "no_export", "crops", "features_out")},
                            "crops": bool(args.crops)},
        "environment": {"torch": torch.__version__, "numpy": np.__version__,
                        "python": platform.python_version(), "threads": torch.get_num_threads(),
                        "cpu": platform.processor() or platform.machine()},
    }
    import torchvision
    metrics["environment"]["torchvision"] = torchvision.__version__
    metrics["environment"]["onnx"] = onnx.__version__
    with open(os.path.join(args.out, "metrics.json"), "w") as fh:
        json.dump(metrics, fh, indent=1)
        fh.write("\n")
    write_readme(os.path.join(args.out, "README.md"), manifest, metrics, classes)
    log(f"wrote {args.out}; total {total:.0f}s")


if __name__ == "__main__":
    main()
