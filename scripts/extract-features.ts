/**
 * Extracts, for every photo of a class-per-folder set, what the service's
 * classifier sees: the main vehicle found by the detector (or the whole-image
 * fallback), cropped with the margin, flip-averaged pooled features and the
 * calibrated probabilities. training/identifier/novelty.py fits and calibrates
 * the unknown-model detector on this cache.
 *
 *   npm run build && node dist/scripts/extract-features.js [photosDir] [--out DIR] [--classifier ID]
 *
 * photosDir defaults to ../shared/data/photos/train, --out to /tmp/carvalue-features,
 * --models to models (the classifier's validation.txt marks the validation split).
 * Writes DIR/features.f32 (N x F float32, little-endian), DIR/probabilities.f32
 * (N x classes) and DIR/index.json (one row per photo: path, label, split,
 * detection source and score; rows with no vehicle found have no vectors).
 * With --crops, also DIR/crops.u8: the classifier's input for each vector as
 * uint8 RGB planes (N x 3 x H x W), i.e. the served crop, so that train.py can
 * train on what the service will show the classifier.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../src/errors.js';
import { ImageClassifier } from '../src/inference/classifier.js';
import { DEFAULT_INFERENCE_CONFIG, resolveConfig } from '../src/inference/config.js';
import { decodeImage } from '../src/inference/decode.js';
import { VehicleDetector } from '../src/inference/detector.js';
import { IdentifyPipeline } from '../src/inference/pipeline.js';
import { AdmissionGate } from '../src/inference/admission.js';
import { loadModel } from '../src/inference/registry.js';
import { ModelSession } from '../src/inference/session.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let photosDir = '../shared/data/photos/train';
  let out = '/tmp/carvalue-features';
  let classifierId = 'car-classifier';
  let modelsDir = 'models';
  let withCrops = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i];
    else if (argv[i] === '--classifier') classifierId = argv[++i];
    else if (argv[i] === '--models') modelsDir = argv[++i];
    else if (argv[i] === '--crops') withCrops = true;
    else photosDir = argv[i];
  }
  const config = resolveConfig({ modelsDir, runtime: { executionProviders: ['cpu'] } });
  const log = { warn: (m: string) => console.warn(`warn: ${m}`), info: () => {} };
  const off = { enabled: false, maxBatchSize: 1, maxWaitMs: 0 };
  const open = async (id: string): Promise<ModelSession> => ModelSession.open(await loadModel(config.modelsDir, id), config.runtime, log);
  const detSession = await open(config.detector);
  const detector = new VehicleDetector(detSession, detSession.entry.manifest.detector!.scoreThreshold, off);
  const classifier = new ImageClassifier(await open(classifierId), off);
  const bodyType = new ImageClassifier(await open(DEFAULT_INFERENCE_CONFIG.bodyTypeModel!), off);
  if (classifier.session.featureSize === 0) throw new Error(`${classifierId} has no features output (manifest output.features)`);
  const pipeline = new IdentifyPipeline({ detector, classifier, bodyType, novelty: null }, config, new AdmissionGate(config.admission));

  const validation = new Set(
    (await readFile(join(config.modelsDir, classifierId, 'validation.txt'), 'utf8').catch(() => '')).split(/\r?\n/).filter(Boolean),
  );
  const classes = (await readdir(photosDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const rows: Record<string, unknown>[] = [];
  const feats: Float32Array[] = [];
  const probs: Float32Array[] = [];
  const crops: Uint8Array[] = [];
  const { mean, std, scale } = classifier.session.entry.manifest.input;
  const t0 = Date.now();
  for (const c of classes) {
    for (const f of (await readdir(join(photosDir, c))).sort()) {
      const path = `${c}/${f}`;
      const row: Record<string, unknown> = { path, label: c, split: validation.has(path) ? 'validation' : 'train' };
      try {
        const image = await decodeImage(await readFile(join(photosDir, path)), config.decode);
        const subjects = await pipeline.locate(image);
        const a = await pipeline.analyse(image, subjects[0], 5);
        Object.assign(row, { source: subjects[0].source, score: subjects[0].score, vehicles: subjects.length, index: feats.length });
        feats.push(a.features);
        probs.push(Float32Array.from(a.probabilities));
        if (withCrops) crops.push(toPixels(await classifier.tensorFor(image, subjects[0].region), mean, std, scale));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        row.error = err.code;
      }
      rows.push(row);
      if (rows.length % 250 === 0) console.log(`  ${rows.length} photos, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  await mkdir(out, { recursive: true });
  const pack = (vs: Float32Array[]): Buffer => Buffer.concat(vs.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength)));
  await writeFile(join(out, 'features.f32'), pack(feats));
  await writeFile(join(out, 'probabilities.f32'), pack(probs));
  if (withCrops) await writeFile(join(out, 'crops.u8'), Buffer.concat(crops));
  await writeFile(
    join(out, 'index.json'),
    JSON.stringify({ classifier: classifierId, labels: classifier.labels, featureSize: classifier.session.featureSize, photosDir, rows }, null, 0),
  );
  console.log(`wrote ${out}: ${feats.length} vectors of ${rows.length} photos in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  await Promise.all([detector.close(), classifier.close(), bodyType.close()]);
  await Promise.all([detSession.release(), classifier.session.release(), bodyType.session.release()]);
}

/** Back from a normalised CHW tensor to the uint8 pixels it was made of (exact: the tensor is an affine map of them). */
function toPixels(tensor: Float32Array, mean: readonly number[], std: readonly number[], scale: number): Uint8Array {
  const plane = tensor.length / 3;
  const out = new Uint8Array(tensor.length);
  for (let i = 0; i < tensor.length; i++) {
    const c = Math.floor(i / plane);
    out[i] = Math.min(255, Math.max(0, Math.round((tensor[i] * std[c] + mean[c]) / scale)));
  }
  return out;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
