/**
 * The only module that imports ONNX Runtime. Everything else talks to a
 * `RuntimeSession`: named float32 tensors in, float32 tensors out. Swapping
 * the runtime (onnxruntime-web, a remote server) means rewriting this file.
 */
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
  /** One run, several outputs (e.g. logits and the penultimate features), in the order asked. */
  runOutputs(inputName: string, input: TensorData, outputNames: readonly string[]): Promise<TensorData[]>;
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
    return (await this.runOutputs(inputName, input, [outputName]))[0];
  }

  async runOutputs(inputName: string, input: TensorData, outputNames: readonly string[]): Promise<TensorData[]> {
    const feeds = { [inputName]: new Tensor('float32', input.data, input.dims) };
    const out = await this.session.run(feeds, [...outputNames]);
    return outputNames.map((name) => {
      const t = out[name];
      if (!t || t.type !== 'float32') throw new Error(`model output "${name}" is missing or not float32`);
      return { data: t.data as Float32Array, dims: t.dims };
    });
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
  const providers = opts.executionProviders.length > 0 ? opts.executionProviders : (['cpu'] as ExecutionProvider[]);
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
