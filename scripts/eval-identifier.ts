/**
 * Evaluates the full identification pipeline (decode -> detect -> crop ->
 * classify) on the validation split of the car classifier.
 *
 *   npm run build && node dist/scripts/eval-identifier.js [photosDir] [--classifier ID] [--list FILE] [--limit N]
 *   node dist/scripts/eval-identifier.js --recall [photosDir]   # detector threshold calibration
 *
 * photosDir defaults to ../shared/data/photos/train; the list defaults to
 * models/<classifier>/validation.txt, one photo per line, relative to photosDir
 * ("clio/car276.jpg"; an optional second column, after a tab or comma, is the
 * label, else the first folder is). Prints top-1/top-5 accuracy, detector
 * misses (NO_VEHICLE_FOUND), how many went through the whole-image fallback,
 * per-class top-1 and the most frequent confusions.
 *
 * --recall measures, over every photo in photosDir/<class>/ (all show a car),
 * the fraction in which the detector finds a vehicle at several score
 * thresholds, and with the whole-image fallback: how the detector threshold
 * in models/yolox-nano/manifest.json was chosen.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../src/errors.js';
import { labelMass } from '../src/inference/bodytype.js';
import { ImageClassifier } from '../src/inference/classifier.js';
import { DEFAULT_INFERENCE_CONFIG } from '../src/inference/config.js';
import { decodeImage } from '../src/inference/decode.js';
import { VehicleDetector } from '../src/inference/detector.js';
import { fullRect } from '../src/inference/geometry.js';
import { InferenceService, type IdentifyResult } from '../src/inference/index.js';
import { loadModel } from '../src/inference/registry.js';
import { ModelSession } from '../src/inference/session.js';

interface Args {
  recall: boolean;
  photosDir: string;
  classifier: string;
  list: string | null;
  limit: number;
  modelsDir: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { recall: false, photosDir: '../shared/data/photos/train', classifier: 'car-classifier', list: null, limit: Infinity, modelsDir: 'models' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--recall') args.recall = true;
    else if (a === '--classifier') args.classifier = value();
    else if (a === '--list') args.list = value();
    else if (a === '--limit') args.limit = Number(value());
    else if (a === '--models') args.modelsDir = value();
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.photosDir = a;
  }
  return args;
}

const norm = (s: string): string => s.trim().toLowerCase();

/** Detector recall at several thresholds, alone and with the whole-image fallback. */
async function recall(args: Args): Promise<void> {
  const d = DEFAULT_INFERENCE_CONFIG;
  const runtime = { ...d.runtime, executionProviders: ['cpu' as const] };
  const log = { warn: (m: string) => console.warn(`warn: ${m}`), info: () => {} };
  const off = { enabled: false, maxBatchSize: 1, maxWaitMs: 0 };
  const detector = new VehicleDetector(await ModelSession.open(await loadModel(args.modelsDir, d.detector), runtime, log), 0.01, off);
  const imagenet = new ImageClassifier(await ModelSession.open(await loadModel(args.modelsDir, d.bodyTypeModel!), runtime, log), off);
  const vehicleLabels = new Set(imagenet.session.entry.manifest.bodyTypes?.vehicleLabels ?? []);
  const files: string[] = [];
  for (const c of (await readdir(args.photosDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    for (const f of (await readdir(join(args.photosDir, c))).sort()) files.push(join(c, f));
  }
  const rows: { file: string; best: number; mass: number }[] = [];
  for (const file of files.slice(0, args.limit)) {
    const img = await decodeImage(await readFile(join(args.photosDir, file)));
    const best = (await detector.detect(img, 0.01)).reduce((m, x) => Math.max(m, x.score), 0);
    const mass = labelMass(await imagenet.classify(img, fullRect(img.width, img.height)), imagenet.labels, vehicleLabels);
    rows.push({ file, best, mass });
    if (rows.length % 250 === 0) console.log(`  ${rows.length}/${files.length}`);
  }
  const n = rows.length;
  const fallbackAt = d.fallback.minVehicleProbability;
  console.log(`\ndetector recall on ${n} photos (${args.photosDir}); fallback = ImageNet vehicle probability >= ${fallbackAt}`);
  console.log('  threshold | detector alone | with fallback');
  for (const t of [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5]) {
    const alone = rows.filter((r) => r.best >= t).length;
    const both = rows.filter((r) => r.best >= t || r.mass >= fallbackAt).length;
    console.log(`  ${t.toFixed(2).padStart(9)} | ${((100 * alone) / n).toFixed(2).padStart(13)}% | ${((100 * both) / n).toFixed(2).padStart(12)}%`);
  }
  const manifestT = detector.session.entry.manifest.detector!.scoreThreshold;
  const missed = rows.filter((r) => r.best < manifestT && r.mass < fallbackAt);
  console.log(`\nmissed at the manifest threshold ${manifestT} with fallback (${missed.length}):`);
  for (const r of missed) console.log(`  ${r.file}  detector ${r.best.toFixed(3)}  imagenet vehicle ${r.mass.toFixed(3)}`);
  await Promise.all([detector.close(), imagenet.close(), detector.session.release(), imagenet.session.release()]);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.recall) return recall(args);
  const listPath = args.list ?? join(args.modelsDir, args.classifier, 'validation.txt');
  let text: string;
  try {
    text = await readFile(listPath, 'utf8');
  } catch {
    throw new Error(`validation list ${listPath} not found (pass --list FILE, or wait for models/${args.classifier}/)`);
  }
  const items = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [path, label] = l.split(/[\t,]/).map((s) => s.trim());
      return { path, label: label || path.split(/[\\/]/)[0] };
    })
    .slice(0, args.limit);

  const service = await InferenceService.create(
    { modelsDir: args.modelsDir, classifiers: [args.classifier], runtime: { executionProviders: ['cuda', 'cpu'] } },
    { warn: (m) => console.warn(`warn: ${m}`), info: () => {} },
  );
  const { models } = service.status();
  const model = models.find((m) => m.role === 'classifier');
  console.log(`eval-identifier: ${items.length} photos from ${listPath}, photos in ${args.photosDir}, classifier ${model?.id} ${model?.version}, provider ${service.provider}`);

  let top1 = 0;
  let top5 = 0;
  let noVehicle = 0;
  let fallback = 0;
  let otherErrors = 0;
  const perClass = new Map<string, { n: number; ok: number }>();
  const confusions = new Map<string, number>();
  const missed: string[] = [];
  const times: number[] = [];
  for (const [i, item] of items.entries()) {
    const stats = perClass.get(item.label) ?? { n: 0, ok: 0 };
    perClass.set(item.label, stats);
    stats.n++;
    let r: IdentifyResult;
    try {
      r = await service.identify(await readFile(join(args.photosDir, item.path)), { topK: 5 });
    } catch (err) {
      if (err instanceof AppError && err.code === 'NO_VEHICLE_FOUND') {
        noVehicle++;
        missed.push(item.path);
      } else {
        otherErrors++;
        console.warn(`  ${item.path}: ${(err as Error).message}`);
      }
      continue;
    }
    times.push(r.timings.totalMs);
    if (r.detectionSource === 'whole-image') fallback++;
    const labels = r.candidates.map((c) => norm(c.label));
    const truth = norm(item.label);
    if (labels[0] === truth) {
      top1++;
      stats.ok++;
    } else {
      const key = `${item.label} -> ${r.candidates[0]?.label}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
    }
    if (labels.slice(0, 5).includes(truth)) top5++;
    if ((i + 1) % 100 === 0) console.log(`  ${i + 1}/${items.length}`);
  }
  await service.close();

  const n = items.length;
  const pctOf = (k: number): string => `${((100 * k) / Math.max(1, n)).toFixed(2)}%`;
  times.sort((a, b) => a - b);
  console.log(`\ntop-1 ${pctOf(top1)} (${top1}/${n})   top-5 ${pctOf(top5)} (${top5}/${n})   (misses count as wrong)`);
  console.log(`detector misses (NO_VEHICLE_FOUND): ${noVehicle} (${pctOf(noVehicle)}); whole-image fallback used: ${fallback}; other errors: ${otherErrors}`);
  if (times.length) console.log(`latency p50 ${times[Math.floor(times.length / 2)].toFixed(1)} ms, p90 ${times[Math.floor(times.length * 0.9)].toFixed(1)} ms`);
  console.log('\nper class top-1:');
  for (const [label, s] of [...perClass.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`  ${label.padEnd(22)} ${((100 * s.ok) / s.n).toFixed(1).padStart(5)}%  (${s.ok}/${s.n})`);
  }
  const worst = [...confusions.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  if (worst.length) console.log(`\nmost frequent confusions:\n${worst.map(([k, v]) => `  ${v} x ${k}`).join('\n')}`);
  if (missed.length) console.log(`\nno vehicle found in:\n${missed.map((p) => `  ${p}`).join('\n')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
