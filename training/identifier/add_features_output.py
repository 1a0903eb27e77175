#!/usr/bin/python3
"""Adds a second output `features` [N, 1280] to the car classifier's ONNX graph: the
pooled penultimate features the linear head reads (the Flatten before the final Gemm).
The unknown-model detector (novelty.py, src/inference/novelty.ts) scores these.

    /usr/bin/python3 training/identifier/add_features_output.py [models/car-classifier/model.onnx]

Idempotent (a graph that already has `features` is left alone); `logits` is unchanged.
train.py exports both outputs directly, so this is only needed for models exported before.
"""
import sys

import onnx
from onnx import TensorProto, helper


def add_features_output(path):
    m = onnx.load(path)
    g = m.graph
    if any(o.name == "features" for o in g.output):
        print(f"{path}: already has a features output")
        return
    head = [n for n in g.node if "logits" in n.output]
    if len(head) != 1 or head[0].op_type != "Gemm":
        sys.exit(f"{path}: expected the logits to come from one Gemm node, found {[n.op_type for n in head]}")
    pooled = head[0].input[0]
    dim = None
    for init in g.initializer:
        if init.name == head[0].input[1]:
            dim = init.dims[1]  # Gemm weight [classes, features] (transB=1)
    if dim is None:
        sys.exit(f"{path}: head weight {head[0].input[1]} not found among the initializers")
    g.node.append(helper.make_node("Identity", [pooled], ["features"], name="features_output"))
    g.output.append(helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", dim]))
    onnx.checker.check_model(m)
    onnx.save(m, path)
    print(f"{path}: added output features [batch, {dim}] (from {pooled})")


if __name__ == "__main__":
    add_features_output(sys.argv[1] if len(sys.argv) > 1 else "models/car-classifier/model.onnx")
