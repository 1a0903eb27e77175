// Run an ONNX model with onnxruntime-node on a raw float32 tensor file.
// Usage: node ort_run.cjs <model.onnx> <input.f32> <N,C,H,W> <output.f32> [threads] [benchRuns]
// Writes the first graph output as raw little-endian float32 to <output.f32> and
// prints a JSON line {outputName, dims, msPerRun} (msPerRun only with benchRuns > 0).
const fs = require('fs');
const path = require('path');

function loadOrt() {
  const candidates = [
    'onnxruntime-node',
    path.resolve(__dirname, '../../node_modules/onnxruntime-node'),
    path.resolve(process.cwd(), 'node_modules/onnxruntime-node'),
  ];
  for (const c of candidates) {
    try { return require(c); } catch (e) { /* try next */ }
  }
  throw new Error('onnxruntime-node not found (run npm install in the repo root)');
}

async function main() {
  const [modelPath, inputPath, shapeStr, outputPath, threadsStr, benchStr] = process.argv.slice(2);
  const ort = loadOrt();
  const threads = Number(threadsStr || 1);
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all',
  });
  const dims = shapeStr.split(',').map(Number);
  const buf = fs.readFileSync(inputPath);
  const data = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const tensor = new ort.Tensor('float32', Float32Array.from(data), dims);
  const feeds = { [session.inputNames[0]]: tensor };
  const out = await session.run(feeds);
  const name = session.outputNames[0];
  const o = out[name];
  fs.writeFileSync(outputPath, Buffer.from(o.data.buffer, o.data.byteOffset, o.data.byteLength));
  const res = { inputName: session.inputNames[0], outputName: name, dims: o.dims };
  const runs = Number(benchStr || 0);
  if (runs > 0) {
    for (let i = 0; i < Math.min(3, runs); i++) await session.run(feeds); // warm-up
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    res.msPerRunMedian = times[Math.floor(times.length / 2)];
    res.msPerRunMean = times.reduce((a, b) => a + b, 0) / times.length;
    res.msPerRunMin = times[0];
  }
  console.log(JSON.stringify(res));
}
main().catch((e) => { console.error(e); process.exit(1); });
