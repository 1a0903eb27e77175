import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestError, parseLabels, validateManifest } from '../../src/inference/manifest.js';
import { firstPresent, probeModel, readManifest } from '../../src/inference/registry.js';
import { ModelSession } from '../../src/inference/session.js';

const MODELS = 'models';
const quiet = { warn: () => {}, info: () => {} };
const cpu = { executionProviders: ['cpu' as const], intraOpThreads: 1, graphOptimizationLevel: 'all' as const };

const classifierManifest = (over: Record<string, unknown> = {}, input: Record<string, unknown> = {}) => ({
  id: 'car-classifier',
  name: 'Car classifier',
  version: '1.0.0',
  task: 'classifier',
  file: 'model.onnx',
  license: 'MIT',
  input: {
    name: 'input',
    layout: 'NCHW',
    width: 224,
    height: 224,
    resize: 'crop',
    resizeShorter: 224,
    colorOrder: 'RGB',
    scale: 0.00392156862745098,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    padValue: 0,
    dynamicBatch: true,
    ...input,
  },
  output: { name: 'logits', kind: 'logits' },
  labels: 'labels.json',
  temperature: 1.2,
  testTimeFlip: true,
  catalog: { clio: 'clio' },
  metrics: {},
  ...over,
});

describe('validateManifest', () => {
  it('accepts the documented format and fills defaults', () => {
    const m = validateManifest(classifierManifest(), 'x/manifest.json', 'car-classifier');
    expect(m).toMatchObject({ task: 'classifier', temperature: 1.2, testTimeFlip: true, catalog: { clio: 'clio' } });
    expect(m.input).toMatchObject({ resizeShorter: 224, letterboxAlign: 'center', interpolation: 'lanczos3' });
  });

  it.each([
    [classifierManifest({}, { width: '224' }), 'input.width', /must be a number/],
    [classifierManifest({}, { width: undefined }), 'input.width', /missing/],
    [classifierManifest({}, { colorOrder: 'RBG' }), 'input.colorOrder', /one of "RGB", "BGR"/],
    [classifierManifest({}, { std: [1, 0, 1] }), 'input.std', /3 positive numbers/],
    [classifierManifest({}, { resizeShorter: 100 }), 'input.resizeShorter', />= 224/],
    [classifierManifest({ task: 'segmenter' }), 'task', /one of/],
    [classifierManifest({ output: { name: 'logits', kind: 'yolox' } }), 'output.kind', /one of "logits", "probabilities"/],
    [classifierManifest({ temperature: 0 }), 'temperature', /> 0/],
    [classifierManifest({ file: '../../etc/passwd' }), 'file', /inside the model folder/],
    [classifierManifest({ catalog: { clio: 3 } }), 'catalog', /string values/],
    [classifierManifest({ task: 'detector', output: { name: 'o', kind: 'yolox' } }), 'detector', /required/],
  ])('names the file and the key: %#', (raw, key, problem) => {
    let err: unknown;
    try {
      validateManifest(raw, 'models/car-classifier/manifest.json', 'car-classifier');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ManifestError);
    const e = err as ManifestError;
    expect(e.key).toBe(key);
    expect(e.message).toContain('models/car-classifier/manifest.json');
    expect(e.message).toContain(`"${key}"`);
    expect(e.message).toMatch(problem);
  });

  it('insists the id matches the folder', () => {
    expect(() => validateManifest(classifierManifest(), 'f', 'other')).toThrow(/"id" must equal the folder name "other"/);
  });

  it('reads labels as an array or an id2label object', () => {
    expect(parseLabels(['a', 'b'], 'l.json')).toEqual(['a', 'b']);
    expect(parseLabels({ 1: 'b', 0: 'a' }, 'l.json')).toEqual(['a', 'b']);
    expect(() => parseLabels({ 0: 'a', 2: 'c' }, 'l.json')).toThrow(/l.json: "1"/);
    expect(() => parseLabels('abc', 'l.json')).toThrow(/array of label strings/);
  });
});

describe('registry on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'carvalue-models-'));
    // efficientnet-b7 ships its manifest before its weights.
    await mkdir(join(dir, 'efficientnet-b7'));
    await writeFile(join(dir, 'efficientnet-b7', 'manifest.json'), JSON.stringify(classifierManifest({ id: 'efficientnet-b7' })));
    await mkdir(join(dir, 'broken'));
    await writeFile(join(dir, 'broken', 'manifest.json'), '{ "id": "broken", ');
    await mkdir(join(dir, 'car-classifier'));
    await writeFile(join(dir, 'car-classifier', 'manifest.json'), JSON.stringify(classifierManifest({ catalog: {}, output: { name: 'output', kind: 'logits' } })));
    await writeFile(join(dir, 'car-classifier', 'labels.json'), JSON.stringify(['clio', 'golf']));
    await copyFile(join(MODELS, 'mobilenetv2-12-int8', 'model.onnx'), join(dir, 'car-classifier', 'model.onnx'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('validates the manifests committed in models/', async () => {
    for (const id of ['yolox-nano', 'mobilenetv2-12-int8']) {
      const probe = await probeModel(MODELS, id);
      expect(probe.state).toBe('present');
    }
    const yolox = await readManifest(join(MODELS, 'yolox-nano', 'manifest.json'), 'yolox-nano');
    expect(yolox.input).toMatchObject({ width: 416, height: 416, resize: 'letterbox', colorOrder: 'BGR', padValue: 114, dynamicBatch: false });
    expect(yolox.detector?.vehicleClasses).toEqual(['car', 'truck', 'bus']);
  });

  it('reports a manifest without weights as absent instead of failing', async () => {
    const probe = await probeModel(dir, 'efficientnet-b7');
    expect(probe.state).toBe('absent');
    if (probe.state === 'absent') {
      expect(probe.reason).toMatch(/efficientnet-b7[/\\]model\.onnx not found/);
      expect(probe.manifest?.version).toBe('1.0.0');
    }
    expect((await probeModel(dir, 'nothing-here')).state).toBe('absent');
  });

  it('throws on a manifest that is not JSON, naming the file', async () => {
    await expect(probeModel(dir, 'broken')).rejects.toThrow(/broken[/\\]manifest\.json: "\(root\)" is not valid JSON/);
  });

  it('chooses the first present model of a priority list', async () => {
    const { chosen, probes } = await firstPresent(dir, ['efficientnet-b7', 'car-classifier']);
    expect(chosen?.id).toBe('car-classifier');
    expect(probes.map((p) => p.state)).toEqual(['absent', 'present']);
  });

  it('checks input/output names and labels against the real model when the session opens', async () => {
    const entry = (await firstPresent(dir, ['car-classifier'])).chosen!;
    // 2 labels but the (stand-in) weights output 1000 classes
    await expect(ModelSession.open(entry, cpu, quiet)).rejects.toThrow(/lists 2 labels but the model's output has 1000/);
    const misnamed = { ...entry, manifest: { ...entry.manifest, output: { name: 'logits', kind: 'logits' as const } } };
    await expect(ModelSession.open(misnamed, cpu, quiet)).rejects.toThrow(/"output.name" is "logits" but the model's outputs are \[output\]/);
  });
});
