#!/usr/bin/python3
"""Quick test of the EfficientNet export path on the tiny stand-in (efficientnet_b0,
70 classes, 32x32 input) written to a temp dir. Plain asserts; exits non-zero on failure.

    /usr/bin/python3 training/efficientnet-b7/test_export.py
"""
import os
import sys
import tempfile

import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import export  # noqa: E402


def dims(value_info):
    out = []
    for d in value_info.type.tensor_type.shape.dim:
        out.append(d.dim_param if d.dim_param else d.dim_value)
    return out


def check_graph(path, size, num_classes):
    m = onnx.load(path)
    onnx.checker.check_model(m)
    g = m.graph
    inits = {i.name for i in g.initializer}
    inputs = [i for i in g.input if i.name not in inits]
    assert [i.name for i in inputs] == ["input"], [i.name for i in inputs]
    assert [o.name for o in g.output] == ["logits"], [o.name for o in g.output]
    assert inputs[0].type.tensor_type.elem_type == onnx.TensorProto.FLOAT
    din, dout = dims(inputs[0]), dims(g.output[0])
    assert isinstance(din[0], str) and din[0], f"input batch axis not dynamic: {din}"
    assert isinstance(dout[0], str) and dout[0], f"output batch axis not dynamic: {dout}"
    assert din[1:] == [3, size, size], din
    assert dout[1:] == [num_classes], dout
    assert m.opset_import[0].version == 13, m.opset_import
    return din, dout


def main():
    with tempfile.TemporaryDirectory() as td:
        out = os.path.join(td, "sub", "model.onnx")
        export.main(["--random-weights", "--tiny", "--out", out])
        assert os.path.exists(out)
        din, dout = check_graph(out, 32, export.NUM_CLASSES)
        print("tiny export OK:", din, dout)

        # onnxruntime-node agrees with torch at batch 2 (skipped without node)
        torch.manual_seed(0)  # export.main seeds 0 before building
        ref = export.build(tiny=True)
        export.calibrate_bn(ref, 32)
        info = export.verify_with_ort(ref, out, 32, batch=2)
        if info is not None:
            assert info["dims"] == [2, 70], info
            with torch.no_grad():
                scale = float(ref(torch.randn(2, 3, 32, 32)).abs().max())
            assert scale > 1e-2, f"degenerate random model (max |logit| {scale})"
            assert info["maxAbsDiff"] < 1e-4 * max(1.0, scale), info
            print("onnxruntime-node matches torch, max abs diff", info["maxAbsDiff"], "max |logit|", scale)

        # state_dict loading path (DataParallel-style prefix, checkpoint wrapper)
        model = export.build(tiny=True)
        sd = {"module." + k: v for k, v in model.state_dict().items()}
        ckpt = os.path.join(td, "ckpt.pth")
        torch.save({"model_state_dict": sd, "epoch": 3}, ckpt)
        fresh = export.build(tiny=True)
        loaded = export.load_weights(fresh, ckpt)
        for k, v in model.state_dict().items():
            assert torch.equal(v, loaded.state_dict()[k]), k
        print("state_dict loading OK")

        # a mismatched state_dict must be rejected
        bad = os.path.join(td, "bad.pth")
        torch.save({"features.0.0.weight": torch.zeros(1)}, bad)
        try:
            export.load_weights(export.build(tiny=True), bad)
        except SystemExit as e:
            assert "does not match" in str(e), e
        else:
            raise AssertionError("mismatched state_dict accepted")
        print("mismatch rejected OK")

        # a full pickled model needs --allow-pickle
        full = os.path.join(td, "full.pt")
        torch.save(model, full)
        try:
            export.load_weights(export.build(tiny=True), full)
        except SystemExit as e:
            assert "--allow-pickle" in str(e), e
        else:
            raise AssertionError("pickled model accepted without --allow-pickle")
        assert isinstance(export.load_weights(export.build(tiny=True), full, allow_pickle=True), torch.nn.Module)
        print("pickled model OK")

        # the real head: efficientnet_b7(num_classes=70) classifier shape, no export
        b7 = export.build(tiny=False)
        assert tuple(b7.classifier[1].weight.shape) == (70, 2560), b7.classifier
    print("ALL OK")


if __name__ == "__main__":
    main()
