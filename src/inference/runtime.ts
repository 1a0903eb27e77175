/**
 * The only module that imports ONNX Runtime. Everything else talks to a
 * `RuntimeSession`: named float32 tensors in, float32 tensors out. Swapping
 * the runtime (onnxruntime-web, a remote server) means rewriting this file.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
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
  release(): Promise<void>;
}

function shapeOf(meta: readonly InferenceSession.ValueMetadata[], name: string): Dim[] | undefined {
  const m = meta.find((v) => v.name === name);
  return m && m.isTensor ? [...m.shape] : undefined;
}

class OrtSession implements RuntimeSession {
  constructor(
    private readonly session: InferenceSession,
    readonly provider: ExecutionProvider,
  ) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  inputShape(name: string): Dim[] | undefined {
    return shapeOf(this.session.inputMetadata, name);
  }

  outputShape(name: string): Dim[] | undefined {
    return shapeOf(this.session.outputMetadata, name);
  }

  async run(inputName: string, input: TensorData, outputName: string): Promise<TensorData> {
    const feeds = { [inputName]: new Tensor('float32', input.data, input.dims) };
    const out = await this.session.run(feeds, [outputName]);
    const t = out[outputName];
    if (!t || t.type !== 'float32') throw new Error(`model output "${outputName}" is missing or not float32`);
    return { data: t.data as Float32Array, dims: t.dims };
  }

  release(): Promise<void> {
    return this.session.release();
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
      const session = await InferenceSession.create(modelPath, {
        executionProviders: tried,
        intraOpNumThreads: opts.intraOpThreads,
        // One inter-op thread: our graphs are sequential; parallelism comes from concurrent runs.
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: opts.graphOptimizationLevel,
        // Warnings of the session itself (e.g. unused initialisers) are noise in the service log.
        logSeverityLevel: 3,
      });
      return new OrtSession(session, tried[0]);
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
