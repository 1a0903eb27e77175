/**
 * The `models/<id>/manifest.json` format and its validation (pure: no I/O).
 * Every error names the file and the offending key, because manifests are
 * written by hand or by training scripts and a vague "invalid config" costs
 * an afternoon.
 */

export type ModelTask = 'detector' | 'classifier' | 'embedder';
export type ResizeMode = 'crop' | 'stretch' | 'letterbox';
export type ColorOrder = 'RGB' | 'BGR';
export type OutputKind = 'logits' | 'probabilities' | 'yolox' | 'embedding';
/** sharp resize kernels we allow; 'linear' matches PIL/OpenCV bilinear closest. */
export type Interpolation = 'nearest' | 'linear' | 'cubic' | 'lanczos3';

export interface InputSpec {
  name: string;
  layout: 'NCHW';
  width: number;
  height: number;
  resize: ResizeMode;
  /** 'crop' only: shorter side is resized to this before the centre crop (256 -> 224 recipe). */
  resizeShorter: number;
  colorOrder: ColorOrder;
  /** Applied first: x * scale, then (x - mean) / std per channel (in the model's channel order). */
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
  /** Raw 0..255 value used for letterbox padding (before scale/mean/std). */
  padValue: number;
  dynamicBatch: boolean;
  /** 'letterbox' only: YOLOX pads bottom/right ('top-left'); most others centre. */
  letterboxAlign: 'center' | 'top-left';
  interpolation: Interpolation;
}

export interface OutputSpec {
  name: string;
  kind: OutputKind;
  /** Optional second output: the pooled features the head reads (unknown-model detection). */
  features?: string;
}

export interface DetectorSpec {
  /** Label names (from labels.json) that count as a vehicle. */
  vehicleClasses: string[];
  /** Minimum objectness x class score for a vehicle box. */
  scoreThreshold: number;
  nmsIouThreshold: number;
  strides: number[];
}

export interface BodyTypeSpec {
  /** Label (exact, from labels.json) -> coarse body type. */
  classes: Record<string, string>;
  /** Only the top-k predictions are considered... */
  topK: number;
  /** ...and the body type's summed probability among them must reach this. */
  minProbability: number;
  /**
   * Labels that mean "a vehicle (or a part of one) is in the picture": their
   * summed probability is the evidence for the whole-image fallback.
   */
  vehicleLabels: string[];
}

export interface ModelManifest {
  id: string;
  name: string;
  version: string;
  task: ModelTask;
  file: string;
  license: string;
  input: InputSpec;
  output: OutputSpec;
  labels: string;
  /** Softmax temperature for calibration (logits / T); 1 = none. */
  temperature: number;
  /** Average logits of the image and its mirror. */
  testTimeFlip: boolean;
  catalog: Record<string, string>;
  metrics: Record<string, unknown>;
  /** File (in the model folder) with the unknown-model detector's statistics and thresholds. */
  novelty?: string;
  /** File (in the model folder) with per-class training counts and validation accuracy (supportedModels). */
  card?: string;
  detector?: DetectorSpec;
  bodyTypes?: BodyTypeSpec;
}

export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    problem: string,
  ) {
    super(`${file}: "${key}" ${problem}`);
    this.name = 'ManifestError';
  }
}

type Obj = Record<string, unknown>;

const describe = (v: unknown): string => {
  if (v === undefined) return 'missing';
  const s = JSON.stringify(v);
  return `got ${s !== undefined && s.length > 60 ? `${s.slice(0, 57)}...` : s}`;
};

/** Small typed readers; each throws a ManifestError naming the key. */
class Reader {
  constructor(
    private readonly file: string,
    private readonly obj: Obj,
    private readonly prefix: string,
  ) {}

  private key(k: string): string {
    return this.prefix ? `${this.prefix}.${k}` : k;
  }

  fail(k: string, problem: string): never {
    throw new ManifestError(this.file, this.key(k), problem);
  }

  has(k: string): boolean {
    return this.obj[k] !== undefined;
  }

  string(k: string, fallback?: string): string {
    const v = this.obj[k];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || v.trim() === '') this.fail(k, `must be a non-empty string (${describe(v)})`);
    return v;
  }

  oneOf<T extends string>(k: string, allowed: readonly T[], fallback?: T): T {
    const v = this.obj[k];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(k, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')} (${describe(v)})`);
    }
    return v as T;
  }

  number(k: string, opts: { fallback?: number; min?: number; exclusiveMin?: number; max?: number; integer?: boolean } = {}): number {
    const v = this.obj[k];
    if (v === undefined && opts.fallback !== undefined) return opts.fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(k, `must be a number (${describe(v)})`);
    if (opts.integer && !Number.isInteger(v)) this.fail(k, `must be an integer (${describe(v)})`);
    if (opts.min !== undefined && v < opts.min) this.fail(k, `must be >= ${opts.min} (${describe(v)})`);
    if (opts.exclusiveMin !== undefined && v <= opts.exclusiveMin) this.fail(k, `must be > ${opts.exclusiveMin} (${describe(v)})`);
    if (opts.max !== undefined && v > opts.max) this.fail(k, `must be <= ${opts.max} (${describe(v)})`);
    return v;
  }

  boolean(k: string, fallback?: boolean): boolean {
    const v = this.obj[k];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(k, `must be true or false (${describe(v)})`);
    return v;
  }

  triple(k: string, fallback: [number, number, number], positive = false): [number, number, number] {
    const v = this.obj[k];
    if (v === undefined) return fallback;
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0))) {
      this.fail(k, `must be an array of 3 ${positive ? 'positive ' : ''}numbers (${describe(v)})`);
    }
    return [v[0], v[1], v[2]];
  }

  stringArray(k: string): string[] {
    const v = this.obj[k];
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x !== '')) {
      this.fail(k, `must be a non-empty array of strings (${describe(v)})`);
    }
    return v as string[];
  }

  numberArray(k: string, fallback: number[]): number[] {
    const v = this.obj[k];
    if (v === undefined) return fallback;
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => Number.isInteger(x) && (x as number) > 0)) {
      this.fail(k, `must be a non-empty array of positive integers (${describe(v)})`);
    }
    return v as number[];
  }

  stringMap(k: string): Record<string, string> {
    const v = this.obj[k];
    if (v === undefined) return {};
    if (!isObj(v) || !Object.values(v).every((x) => typeof x === 'string')) {
      this.fail(k, `must be an object of string values (${describe(v)})`);
    }
    return { ...(v as Record<string, string>) };
  }

  object(k: string, optional: true): Reader | undefined;
  object(k: string, optional?: false): Reader;
  object(k: string, optional = false): Reader | undefined {
    const v = this.obj[k];
    if (v === undefined && optional) return undefined;
    if (!isObj(v)) this.fail(k, `must be an object (${describe(v)})`);
    return new Reader(this.file, v, this.key(k));
  }

  raw(k: string): unknown {
    return this.obj[k];
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A relative file name inside the model folder: no absolute paths, no "..". */
const safeFileName = (r: Reader, k: string): string => {
  const v = r.string(k);
  if (v.startsWith('/') || v.split(/[\\/]/).includes('..')) r.fail(k, `must be a file name inside the model folder (got ${JSON.stringify(v)})`);
  return v;
};

/**
 * Validates a parsed manifest. `file` is only used in error messages;
 * `expectedId` (the folder name) must equal `id` so a copied folder can't
 * silently masquerade as another model.
 */
export function validateManifest(raw: unknown, file: string, expectedId?: string): ModelManifest {
  if (!isObj(raw)) throw new ManifestError(file, '(root)', `must be a JSON object (${describe(raw)})`);
  const r = new Reader(file, raw, '');
  const id = r.string('id');
  if (expectedId !== undefined && id !== expectedId) r.fail('id', `must equal the folder name "${expectedId}" (got ${JSON.stringify(id)})`);
  const task = r.oneOf('task', ['detector', 'classifier', 'embedder'] as const);

  const ir = r.object('input');
  const resize = ir.oneOf('resize', ['crop', 'stretch', 'letterbox'] as const);
  const width = ir.number('width', { integer: true, min: 1, max: 8192 });
  const height = ir.number('height', { integer: true, min: 1, max: 8192 });
  const input: InputSpec = {
    name: ir.string('name'),
    layout: ir.oneOf('layout', ['NCHW'] as const, 'NCHW'),
    width,
    height,
    resize,
    resizeShorter:
      resize === 'crop'
        ? ir.number('resizeShorter', { integer: true, min: Math.min(width, height), max: 16384, fallback: Math.min(width, height) })
        : Math.min(width, height),
    colorOrder: ir.oneOf('colorOrder', ['RGB', 'BGR'] as const),
    scale: ir.number('scale', { exclusiveMin: 0 }),
    mean: ir.triple('mean', [0, 0, 0]),
    std: ir.triple('std', [1, 1, 1], true),
    padValue: ir.number('padValue', { fallback: 0, min: 0, max: 255 }),
    dynamicBatch: ir.boolean('dynamicBatch', false),
    letterboxAlign: ir.oneOf('letterboxAlign', ['center', 'top-left'] as const, 'center'),
    interpolation: ir.oneOf('interpolation', ['nearest', 'linear', 'cubic', 'lanczos3'] as const, 'lanczos3'),
  };

  const or = r.object('output');
  const kinds: Record<ModelTask, readonly OutputKind[]> = {
    detector: ['yolox'],
    classifier: ['logits', 'probabilities'],
    embedder: ['embedding', 'logits'],
  };
  const output: OutputSpec = { name: or.string('name'), kind: or.oneOf('kind', kinds[task]) };
  if (or.has('features')) output.features = or.string('features');

  const manifest: ModelManifest = {
    id,
    name: r.string('name'),
    version: r.string('version'),
    task,
    file: safeFileName(r, 'file'),
    license: r.string('license'),
    input,
    output,
    labels: safeFileName(r, 'labels'),
    temperature: r.number('temperature', { fallback: 1, exclusiveMin: 0, max: 100 }),
    testTimeFlip: r.boolean('testTimeFlip', false),
    catalog: r.stringMap('catalog'),
    metrics: isObj(r.raw('metrics')) ? { ...(r.raw('metrics') as Obj) } : {},
  };
  if (r.has('metrics') && !isObj(r.raw('metrics'))) r.fail('metrics', `must be an object (${describe(r.raw('metrics'))})`);
  if (r.has('novelty')) manifest.novelty = safeFileName(r, 'novelty');
  if (r.has('card')) manifest.card = safeFileName(r, 'card');

  const dr = r.object('detector', true);
  if (task === 'detector') {
    if (!dr) throw new ManifestError(file, 'detector', 'is required when task is "detector" (vehicleClasses, scoreThreshold, nmsIouThreshold)');
    manifest.detector = {
      vehicleClasses: dr.stringArray('vehicleClasses'),
      scoreThreshold: dr.number('scoreThreshold', { min: 0, max: 1 }),
      nmsIouThreshold: dr.number('nmsIouThreshold', { min: 0, max: 1, fallback: 0.45 }),
      strides: dr.numberArray('strides', [8, 16, 32]),
    };
    if (input.resize !== 'letterbox') ir.fail('resize', 'must be "letterbox" for a detector (boxes are mapped back through it)');
  }
  const br = r.object('bodyTypes', true);
  if (br) {
    manifest.bodyTypes = {
      classes: br.stringMap('classes'),
      topK: br.number('topK', { integer: true, min: 1, fallback: 5 }),
      minProbability: br.number('minProbability', { min: 0, max: 1 }),
      vehicleLabels: br.has('vehicleLabels') ? br.stringArray('vehicleLabels') : [],
    };
    if (Object.keys(manifest.bodyTypes.classes).length === 0) br.fail('classes', 'must map at least one label to a body type');
  }
  return manifest;
}

/**
 * Labels file: either an array of names in output order, or an object
 * {"0": "name", ...} (Hugging Face id2label style) with contiguous indices.
 */
export function parseLabels(raw: unknown, file: string): string[] {
  if (Array.isArray(raw)) {
    raw.forEach((v, i) => {
      if (typeof v !== 'string') throw new ManifestError(file, `[${i}]`, `must be a string (${describe(v)})`);
    });
    if (raw.length === 0) throw new ManifestError(file, '(root)', 'must list at least one label');
    return raw as string[];
  }
  if (isObj(raw)) {
    const n = Object.keys(raw).length;
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const v = raw[String(i)];
      if (typeof v !== 'string') throw new ManifestError(file, String(i), `must be a string label; indices must run 0..${n - 1} (${describe(v)})`);
      out.push(v);
    }
    if (n === 0) throw new ManifestError(file, '(root)', 'must list at least one label');
    return out;
  }
  throw new ManifestError(file, '(root)', `must be an array of label strings (${describe(raw)})`);
}

/** Cross-checks that need both the manifest and its labels. */
export function checkManifestLabels(m: ModelManifest, labels: string[], file: string): void {
  const known = new Set(labels);
  if (m.detector) {
    m.detector.vehicleClasses.forEach((c, i) => {
      if (!known.has(c)) throw new ManifestError(file, `detector.vehicleClasses[${i}]`, `names "${c}", which is not in ${m.labels}`);
    });
  }
  if (m.bodyTypes) {
    for (const label of Object.keys(m.bodyTypes.classes)) {
      if (!known.has(label)) throw new ManifestError(file, `bodyTypes.classes`, `has key ${JSON.stringify(label)}, which is not in ${m.labels}`);
    }
    m.bodyTypes.vehicleLabels.forEach((label, i) => {
      if (!known.has(label)) throw new ManifestError(file, `bodyTypes.vehicleLabels[${i}]`, `names ${JSON.stringify(label)}, which is not in ${m.labels}`);
    });
  }
  for (const label of Object.keys(m.catalog)) {
    if (!known.has(label)) throw new ManifestError(file, 'catalog', `has key ${JSON.stringify(label)}, which is not in ${m.labels}`);
  }
}
