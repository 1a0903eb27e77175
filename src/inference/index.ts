/**
 * The inference layer's public face: `InferenceService` loads the models
 * once at start, identifies photos, reports status for /ready, and releases
 * the sessions on shutdown.
 */
import { AppError } from '../errors.js';
import { AdmissionGate, type AdmissionStats } from './admission.js';
import { ImageClassifier } from './classifier.js';
import { batchingFor, resolveConfig, type InferenceConfig, type InferenceConfigInput } from './config.js';
import { VehicleDetector } from './detector.js';
import { IdentifyPipeline, type BatchItemResult, type PhotoSetResult, type PipelineParts } from './pipeline.js';
import { firstPresent, probeModel, type ModelEntry, type ModelProbe } from './registry.js';
import { ModelSession } from './session.js';
import type { ExecutionProvider, IdentifyOptions, IdentifyResult, Logger } from './types.js';

export type ModelRole = 'detector' | 'classifier' | 'bodyType' | 'standby';

export interface ModelStatus {
  id: string;
  /** 'standby': a configured classifier not in use (absent, or outranked by one listed before it). */
  role: ModelRole;
  state: 'present' | 'absent';
  /** Why it is absent (missing manifest or weights). */
  reason: string | null;
  name: string | null;
  version: string | null;
  task: string | null;
  /** Provider of the loaded session; null when not loaded. */
  provider: ExecutionProvider | null;
  input: { width: number; height: number } | null;
  /** Whether concurrent calls are merged into batched runs. */
  batching: boolean;
}

export interface InferenceStatus {
  ready: boolean;
  /** Id of the classifier in use. */
  classifier: string;
  models: ModelStatus[];
}

const consoleLogger: Logger = {
  warn: (m, d) => console.warn(m, d ?? ''),
  info: (m, d) => console.info(m, d ?? ''),
};

export class InferenceService {
  private closed = false;
  private closing: Promise<void> | null = null;
  private inFlight = 0;
  private idle: (() => void) | null = null;

  private constructor(
    readonly config: InferenceConfig,
    private readonly pipeline: IdentifyPipeline,
    private readonly gate: AdmissionGate,
    private readonly sessions: Map<string, ModelSession>,
    private readonly parts: PipelineParts,
    private readonly probes: { probe: ModelProbe; role: ModelRole }[],
  ) {}

  /**
   * Loads the detector, the first present classifier of `config.classifiers`
   * and the body-type model, each warmed up once. Throws when the detector or
   * every classifier is absent, or a manifest is invalid.
   */
  static async create(input: InferenceConfigInput = {}, logger: Logger = consoleLogger): Promise<InferenceService> {
    const config = resolveConfig(input);
    const detectorProbe = await probeModel(config.modelsDir, config.detector);
    if (detectorProbe.state === 'absent') throw new Error(`detector "${config.detector}" is not available: ${detectorProbe.reason}`);
    const { chosen, probes: classifierProbes } = await firstPresent(config.modelsDir, config.classifiers);
    if (!chosen) {
      const why = classifierProbes.map((p) => (p.state === 'absent' ? `${p.id}: ${p.reason}` : p.id)).join('; ');
      throw new Error(`none of the configured classifiers is available (${why})`);
    }
    for (const p of classifierProbes) {
      if (p.state === 'absent' && config.classifiers.indexOf(p.id) < config.classifiers.indexOf(chosen.id)) {
        logger.warn(`classifier ${p.id} is absent (${p.reason}); using ${chosen.id}`);
      }
    }
    let bodyProbe: ModelProbe | null = null;
    if (config.bodyTypeModel) {
      bodyProbe = await probeModel(config.modelsDir, config.bodyTypeModel);
      if (bodyProbe.state === 'absent') logger.warn(`body-type model ${config.bodyTypeModel} is absent (${bodyProbe.reason}); bodyType will be null`);
    }

    // One session per model id, even if it plays two roles.
    const sessions = new Map<string, ModelSession>();
    let runtime = config.runtime;
    const open = async (entry: ModelEntry): Promise<ModelSession> => {
      let s = sessions.get(entry.id);
      if (!s) {
        s = await ModelSession.open(entry, runtime, logger);
        sessions.set(entry.id, s);
        // A provider that failed to load once (e.g. no CUDA libraries) will fail for every model: skip it, and its warning, from now on.
        const used = runtime.executionProviders.indexOf(s.provider);
        if (used > 0) runtime = { ...runtime, executionProviders: runtime.executionProviders.slice(used) };
      }
      return s;
    };
    try {
      const detSession = await open(detectorProbe.entry);
      const clsSession = await open(chosen);
      const bodySession = bodyProbe?.state === 'present' ? await open(bodyProbe.entry) : null;
      if (bodySession && !bodySession.entry.manifest.bodyTypes) {
        logger.warn(`body-type model ${bodySession.entry.id} has no "bodyTypes" section in its manifest; bodyType will be null`);
      }
      const detector = new VehicleDetector(
        detSession,
        config.detection.scoreThreshold ?? detSession.entry.manifest.detector!.scoreThreshold,
        batchingFor(config, detSession.provider),
      );
      const classifier = new ImageClassifier(clsSession, batchingFor(config, clsSession.provider));
      const bodyType = bodySession ? (bodySession === clsSession ? classifier : new ImageClassifier(bodySession, batchingFor(config, bodySession.provider))) : null;
      // The unknown-model statistics only apply to the features they were computed from.
      const novelty = clsSession.entry.novelty?.featureSize === clsSession.featureSize ? clsSession.entry.novelty : null;
      if (clsSession.entry.novelty && !novelty) logger.warn(`${chosen.id}: its novelty statistics do not match its features output; outcomes use the probability only`);
      const parts = { detector, classifier, bodyType, novelty };
      const probes: { probe: ModelProbe; role: ModelRole }[] = [
        { probe: detectorProbe, role: 'detector' },
        // One row per model id: the classifier in use wins, then the body-type role, then standby.
        ...classifierProbes.map((probe) => ({
          probe,
          role: (probe.id === chosen.id ? 'classifier' : probe.id === bodyProbe?.id ? 'bodyType' : 'standby') as ModelRole,
        })),
        ...(bodyProbe && !classifierProbes.some((p) => p.id === bodyProbe.id) ? [{ probe: bodyProbe, role: 'bodyType' as ModelRole }] : []),
      ];
      logger.info(`inference ready: detector ${detSession.entry.id}, classifier ${chosen.id}, body type ${bodySession?.entry.id ?? 'none'}`, {
        provider: clsSession.provider,
      });
      const gate = new AdmissionGate(config.admission);
      return new InferenceService(config, new IdentifyPipeline(parts, config, gate), gate, sessions, parts, probes);
    } catch (err) {
      await Promise.all([...sessions.values()].map((s) => s.release().catch(() => undefined)));
      throw err;
    }
  }

  /** Identifies the vehicle in one photo (JPEG, PNG or WebP bytes). */
  identify(image: Uint8Array, opts: IdentifyOptions = {}): Promise<IdentifyResult> {
    return this.track(() => this.pipeline.identify(image, opts));
  }

  /** Identifies several photos; per-photo client errors are returned in place. */
  identifyBatch(images: readonly Uint8Array[], opts: IdentifyOptions = {}): Promise<BatchItemResult[]> {
    return this.track(() => this.pipeline.identifyBatch(images, opts));
  }

  /** Several photos of one car, fused into one answer (see IdentifyPipeline.identifyPhotos). */
  identifyPhotos(images: readonly Uint8Array[], opts: IdentifyOptions = {}): Promise<PhotoSetResult> {
    return this.track(() => this.pipeline.identifyPhotos(images, opts));
  }

  /** The classifier in use: its manifest, labels and model card (supportedModels). */
  get classifierEntry(): ModelEntry {
    return this.parts.classifier.session.entry;
  }

  /** Identifications running and waiting now (admission control). */
  get admission(): AdmissionStats {
    return this.gate.stats;
  }

  /** The provider that runs the classifier. */
  get provider(): ExecutionProvider {
    return this.parts.classifier.session.provider;
  }

  status(): InferenceStatus {
    const batchingOf = (id: string): boolean =>
      this.parts.classifier.session.entry.id === id
        ? this.parts.classifier.batching
        : this.parts.bodyType?.session.entry.id === id
          ? this.parts.bodyType.batching
          : false;
    const models = this.probes.map(({ probe, role }): ModelStatus => {
      const session = this.sessions.get(probe.id);
      const manifest = probe.state === 'present' ? probe.entry.manifest : (probe.manifest ?? null);
      return {
        id: probe.id,
        role,
        state: probe.state,
        reason: probe.state === 'absent' ? probe.reason : null,
        name: manifest?.name ?? null,
        version: manifest?.version ?? null,
        task: manifest?.task ?? null,
        provider: session && !this.closed ? session.provider : null,
        input: manifest ? { width: manifest.input.width, height: manifest.input.height } : null,
        batching: batchingOf(probe.id),
      };
    });
    return { ready: !this.closed, classifier: this.parts.classifier.session.entry.id, models };
  }

  /** Waits for in-flight requests, then releases every session. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      this.gate.drain();
      if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
      await Promise.all([this.parts.detector.close(), this.parts.classifier.close(), this.parts.bodyType?.close()]);
      await Promise.all([...this.sessions.values()].map((s) => s.release()));
    })();
    return this.closing;
  }

  private async track<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new AppError('SERVICE_UNAVAILABLE', 'The identification service is shutting down.');
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0 && this.idle) this.idle();
    }
  }
}

export { resolveConfig, DEFAULT_INFERENCE_CONFIG, DEFAULT_BATCHING } from './config.js';
export type { InferenceConfig, InferenceConfigInput } from './config.js';
export type { BatchItemResult, PhotoSetResult } from './pipeline.js';
export type { ModelEntry } from './registry.js';
export { ManifestError, type ModelManifest } from './manifest.js';
export { probeModel, type ModelProbe } from './registry.js';
export type {
  Box,
  Candidate,
  ExecutionProvider,
  IdentificationOutcome,
  IdentifyOptions,
  IdentifyResult,
  IdentifyTimings,
  Logger,
  ModelRef,
  NoveltyScore,
  VehicleResult,
} from './types.js';
