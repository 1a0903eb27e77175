/**
 * The only module that imports ONNX Runtime. Everything else talks to a
 * `RuntimeSession`: named float32 tensors in, float32 tensors out. Swapping
 * the runtime (onnxruntime-web, a remote server) means rewriting this file.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';
import type { ExecutionProvider, GraphOptimizationLevel, Logger } from './types.js';

export interface RuntimeOptions {
  /** Tried in order; a provider that fails to load is dropped with a warning. */
  executionProviders: ExecutionProvider[];
  intraOpThreads: number;
  graphOptimizationLevel: GraphOptimizationLevel;
  /** Optional observer of each session run: model id and images in the batch. */
  onRun?: (modelId: string, batchSize: number) => void;
}

export interface TensorData {
  data: Float32Array;
  dims: readonly number[];
}

export type Dim = number | string;

export interface RuntimeSession {
  /** The provider the session was actually created with. */
  readonly provider: ExecutionProvider;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Declared shape; strings are symbolic (dynamic) axes. Undefined when unknown. */
  inputShape(name: string): Dim[] | undefined;
  outputShape(name: string): Dim[] | undefined;
  run(inputName: string, input: TensorData, outputName: string): Promise<TensorData>;
  /** One run, several outputs (e.g. logits and the penultimate features), in the order asked. */
  runOutputs(inputName: string, input: TensorData, outputNames: readonly string[]): Promise<TensorData[]>;
  release(): Promise<void>;
}

interface ValueMeta {
  name: string;
  isTensor: boolean;
  shape: Dim[];
}

function shapeOf(meta: readonly ValueMeta[], name: string): Dim[] | undefined {
  const m = meta.find((v) => v.name === name);
  return m && m.isTensor ? [...m.shape] : undefined;
}

/**
 * onnxruntime-node runs `session.run` synchronously on the calling thread
 * (after a setImmediate): on the main thread every inference blocked the
 * event loop, so /health waited behind it (seconds under load). Each session
 * therefore lives in its own worker thread; the main thread only posts
 * tensors and gets tensors back. CommonJS source evaluated in the worker, so
 * it runs the same from src/ (tests) and dist/.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
let session = null;
const meta = (list) => list.map((m) => ({ name: m.name, isTensor: m.isTensor, shape: m.isTensor ? [...m.shape] : [] }));
parentPort.on('message', async (msg) => {
  try {
    if (msg.type === 'create') {
      session = await ort.InferenceSession.create(msg.modelPath, msg.options);
      parentPort.postMessage({ id: msg.id, ok: true, inputNames: session.inputNames, outputNames: session.outputNames,
        inputMetadata: meta(session.inputMetadata), outputMetadata: meta(session.outputMetadata) });
    } else if (msg.type === 'run') {
      const out = await session.run({ [msg.inputName]: new ort.Tensor('float32', msg.data, msg.dims) }, msg.outputNames);
      const outputs = msg.outputNames.map((name) => {
        const t = out[name];
        if (!t || t.type !== 'float32') throw new Error('model output "' + name + '" is missing or not float32');
        return { data: new Float32Array(t.data), dims: [...t.dims] };
      });
      parentPort.postMessage({ id: msg.id, ok: true, outputs }, outputs.map((o) => o.data.buffer));
    } else if (msg.type === 'release') {
      if (session) await session.release();
      session = null;
      parentPort.postMessage({ id: msg.id, ok: true });
    }
  } catch (error) {
    parentPort.postMessage({ id: msg.id, ok: false, message: String((error && error.message) || error) });
  }
});
`;

interface Reply {
  id: number;
  ok: boolean;
  message?: string;
  [key: string]: unknown;
}

/** A worker thread holding one ORT session; requests are answered in order. */
class SessionWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ortPath: createRequire(import.meta.url).resolve('onnxruntime-node') } });
    this.worker.unref(); // only pending requests keep the process alive
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (!waiter) return;
      if (reply.ok) waiter.resolve(reply);
      else waiter.reject(new Error(reply.message));
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', () => this.failAll(new Error('the ONNX Runtime worker exited')));
  }

  request(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<Reply> {
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

class OrtSession implements RuntimeSession {
  constructor(
    private readonly worker: SessionWorker,
    readonly provider: ExecutionProvider,
    readonly inputNames: readonly string[],
    readonly outputNames: readonly string[],
    private readonly inputMetadata: readonly ValueMeta[],
    private readonly outputMetadata: readonly ValueMeta[],
  ) {}

  static async create(modelPath: string, options: InferenceSession.SessionOptions, provider: ExecutionProvider): Promise<OrtSession> {
    const worker = new SessionWorker();
    try {
      const reply = await worker.request({ type: 'create', modelPath, options });
      return new OrtSession(
        worker,
        provider,
        reply.inputNames as string[],
        reply.outputNames as string[],
        reply.inputMetadata as ValueMeta[],
        reply.outputMetadata as ValueMeta[],
      );
    } catch (error) {
      await worker.terminate();
      throw error;
    }
  }

  inputShape(name: string): Dim[] | undefined {
    return shapeOf(this.inputMetadata, name);
  }

  outputShape(name: string): Dim[] | undefined {
    return shapeOf(this.outputMetadata, name);
  }

  async run(inputName: string, input: TensorData, outputName: string): Promise<TensorData> {
    return (await this.runOutputs(inputName, input, [outputName]))[0];
  }

  async runOutputs(inputName: string, input: TensorData, outputNames: readonly string[]): Promise<TensorData[]> {
    // A view into a larger buffer would be cloned whole: send just its floats.
    const data = input.data.byteLength === input.data.buffer.byteLength ? input.data : input.data.slice();
    const reply = await this.worker.request({ type: 'run', inputName, data, dims: [...input.dims], outputNames: [...outputNames] });
    return reply.outputs as TensorData[];
  }

  async release(): Promise<void> {
    try {
      await this.worker.request({ type: 'release' });
    } finally {
      await this.worker.terminate();
    }
  }
}

/**
 * Creates a session. ORT does not fall back by itself: asking for
 * ['cuda', 'cpu'] on a machine without the CUDA provider library throws at
 * creation, so we retry with the remaining providers and record which one
 * took.
 */
export async function createRuntimeSession(modelPath: string, opts: RuntimeOptions, logger: Logger): Promise<RuntimeSession> {
  const providers = withoutMissingCuda(opts.executionProviders.length > 0 ? opts.executionProviders : (['cpu'] as ExecutionProvider[]), logger);
  let lastError: unknown;
  for (let i = 0; i < providers.length; i++) {
    const tried = providers.slice(i);
    try {
      return await OrtSession.create(modelPath, {
        executionProviders: tried,
        intraOpNumThreads: opts.intraOpThreads,
        // One inter-op thread: our graphs are sequential; parallelism comes from concurrent runs.
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: opts.graphOptimizationLevel,
        // Warnings of the session itself (e.g. unused initialisers) are noise in the service log.
        logSeverityLevel: 3,
      }, tried[0]);
    } catch (err) {
      lastError = err;
      const next = providers[i + 1];
      if (next === undefined) break;
      logger.warn(`ONNX Runtime provider "${tried[0]}" unavailable for ${modelPath}; falling back to "${next}"`, {
        provider: tried[0],
        fallback: next,
        error: firstLine(err),
      });
    }
  }
  throw new Error(`could not create an ONNX Runtime session for ${modelPath} with providers [${providers.join(', ')}]: ${firstLine(lastError)}`);
}

const firstLine = (err: unknown): string => String(err instanceof Error ? err.message : err).split('\n')[0] ?? '';

/**
 * Whether onnxruntime-node's CUDA provider library is installed (npm ships it
 * only with ONNXRUNTIME_NODE_INSTALL=cuda12). Asking ORT for CUDA without it
 * prints a red "[E:onnxruntime ...] Failed to load library" line on every
 * start, from ORT's own logger, which no session option silences.
 */
export function cudaProviderInstalled(): boolean {
  try {
    const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin');
    return fs
      .readdirSync(bin)
      .some((napi) => {
        const dir = path.join(bin, napi, process.platform, process.arch);
        return fs.existsSync(dir) && fs.readdirSync(dir).some((file) => /onnxruntime_providers_cuda\.(so|dll)$/.test(file));
      });
  } catch {
    return false;
  }
}

/**
 * Drops 'cuda' when its library is absent, with one clear warning instead of
 * ORT's error line (the inference service then stops asking for it, so the
 * warning appears once per start, not once per model).
 */
function withoutMissingCuda(providers: ExecutionProvider[], logger: Logger): ExecutionProvider[] {
  if (!providers.includes('cuda') || cudaProviderInstalled()) return providers;
  const rest = providers.filter((provider) => provider !== 'cuda');
  if (rest.length === 0) throw new Error('the only configured execution provider, cuda, is not installed (see README "GPU")');
  logger.warn(`ONNX Runtime provider "cuda" unavailable: its library is not installed (see README "GPU"); falling back to "${rest[0]}"`, {
    provider: 'cuda',
    fallback: rest[0],
  });
  return rest;
}
