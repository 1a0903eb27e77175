"""Rebuild a float torchvision MobileNetV2 from the int8 ONNX Model Zoo MobileNetV2.

The ONNX model (models/mobilenetv2-12-int8/model.onnx) has BatchNorm folded into
its 52 QLinearConv nodes. They map one-to-one, in graph order, onto the 52
nn.Conv2d modules of torchvision's ``mobilenet_v2()``. Weights are dequantised
per output channel: w = (q - zero_point) * scale, bias = int32 * input_scale *
weight_scale. torchvision's BatchNorm layers are replaced by nn.Identity.
The classifier QLinearMatMul weight [1280, 1000] has one scale per column.
"""
import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import numpy_helper
from torchvision.models import mobilenet_v2


def _replace_bn(module: nn.Module) -> None:
    for name, child in module.named_children():
        if isinstance(child, nn.BatchNorm2d):
            setattr(module, name, nn.Identity())
        else:
            _replace_bn(child)


def load_mobilenet_v2_from_int8_onnx(path: str) -> nn.Module:
    model = onnx.load(path)
    graph = model.graph
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    qconvs = [n for n in graph.node if n.op_type == "QLinearConv"]

    net = mobilenet_v2(weights=None)
    _replace_bn(net)
    convs = [m for m in net.modules() if isinstance(m, nn.Conv2d)]
    if len(convs) != len(qconvs):
        raise RuntimeError(f"conv count mismatch: torch {len(convs)} vs onnx {len(qconvs)}")

    for conv, node in zip(convs, qconvs):
        x_scale = float(init[node.input[1]])
        wq = init[node.input[3]].astype(np.float32)
        w_scale = init[node.input[4]].astype(np.float32)
        w_zp = init[node.input[5]].astype(np.float32)
        bq = init[node.input[8]].astype(np.float64)
        shape = (-1,) + (1,) * (wq.ndim - 1)
        w = (wq - w_zp.reshape(shape)) * w_scale.reshape(shape)
        b = bq * x_scale * w_scale.astype(np.float64)
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if tuple(w.shape) != tuple(conv.weight.shape):
            raise RuntimeError(f"shape mismatch {w.shape} vs {tuple(conv.weight.shape)}")
        if attrs.get("group", 1) != conv.groups or list(attrs["strides"]) != list(conv.stride):
            raise RuntimeError("conv attribute mismatch")
        conv.weight.data.copy_(torch.from_numpy(w))
        conv.bias = nn.Parameter(torch.from_numpy(b.astype(np.float32)))

    mm = next(n for n in graph.node if n.op_type == "QLinearMatMul")
    wq = init[mm.input[3]].astype(np.float32)  # [1280, 1000]
    w_scale = init[mm.input[4]].astype(np.float32)  # [1000]
    w_zp = init[mm.input[5]].astype(np.float32)
    w = (wq - w_zp[None, :]) * w_scale[None, :]
    add = next(n for n in graph.node if n.op_type == "QLinearAdd" and "classifier.1.bias_quantized" in n.input)
    bq = init["classifier.1.bias_quantized"].astype(np.float32)
    b = (bq - float(init["classifier.1.bias_zero_point"])) * float(init["classifier.1.bias_scale"])
    del add
    fc = net.classifier[1]
    fc.weight.data.copy_(torch.from_numpy(w.T.copy()))
    fc.bias.data.copy_(torch.from_numpy(b))
    net.eval()
    return net
