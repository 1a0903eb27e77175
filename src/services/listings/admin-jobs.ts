/**
 * Admin jobs (listings import, retrain) queued visibly and run one at a time
 * in a worker thread with a deadline. A client gets a job id at once and
 * reads its status; a full queue is refused with SERVICE_UNAVAILABLE. The
 * database serialises writers from other processes (the CLI): each job
 * writes in one short transaction at its end.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../errors.js';
import type { StorageConfig } from '../../config.js';
import type { JobRequest, WorkerMessage } from './worker.js';

export type JobKind = JobRequest['kind'];
export type JobStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface AdminJob {
  id: string;
  kind: JobKind;
  status: JobStatus;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  progress: { done: number; total: number; step: string } | null;
  /** The job's outcome (import report, new version) once SUCCEEDED. */
  result: unknown;
  error: { code: ErrorCode | null; message: string } | null;
}

export interface AdminJobsOptions {
  /** Where the worker opens its own connection. */
  storage: StorageConfig;
  /** Jobs waiting behind the running one; more are refused. Default 2. */
  maxQueued?: number;
  /** A job still running after this is stopped (nothing it did is kept). Default 10 minutes. */
  timeoutMs?: number;
  /** Finished jobs remembered for status queries. Default 50. */
  keep?: number;
  /** Called after each job ends (the service reloads the price models). */
  onFinished?: (job: AdminJob) => void;
}

type Payload = { kind: 'import'; file: Uint8Array; sourceName: string } | { kind: 'retrain'; onlyIfStale?: boolean };

/**
 * The worker's module next to this one: compiled JavaScript in dist/, or,
 * under the test runner, the TypeScript source loaded through tsx's loader
 * (tsx keeps no decorator metadata; the worker needs none).
 */
function startWorker(request: JobRequest): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: request });
  const source = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${source}, ${source}))`, { eval: true, workerData: request });
}

export class AdminJobs {
  private readonly jobs = new Map<string, AdminJob>();
  private readonly queue: { job: AdminJob; payload: Payload }[] = [];
  private running: { job: AdminJob; worker: Worker } | null = null;
  private readonly waiters = new Map<string, (() => void)[]>();
  private closed = false;

  constructor(private readonly options: AdminJobsOptions) {}

  submit(payload: Payload): AdminJob {
    if (this.closed) throw new AppError('SERVICE_UNAVAILABLE', 'The service is shutting down');
    // The worker opens its own connection: an in-memory database would be another, empty one.
    if (this.options.storage.kind === 'sqlite' && this.options.storage.path === ':memory:') {
      throw new AppError('SERVICE_UNAVAILABLE', 'Imports and retrains need a database file (DATABASE_PATH is :memory:)');
    }
    const maxQueued = this.options.maxQueued ?? 2;
    if (this.queue.length >= maxQueued) {
      throw new AppError('SERVICE_UNAVAILABLE', `${this.queue.length} admin jobs are already waiting; try again when ${this.running?.job.id ?? 'they'} finish`, {
        runningJob: this.running?.job.id ?? null,
      });
    }
    const job: AdminJob = {
      id: randomUUID(),
      kind: payload.kind,
      status: 'QUEUED',
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      progress: null,
      result: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    this.queue.push({ job, payload });
    this.forget();
    this.next();
    return job;
  }

  get(id: string): AdminJob | undefined {
    return this.jobs.get(id);
  }

  /** Newest first. */
  list(): AdminJob[] {
    return [...this.jobs.values()].reverse();
  }

  /** Resolves when the job has ended or after `ms`, whichever comes first, with its state then. */
  async wait(id: string, ms: number): Promise<AdminJob | undefined> {
    const job = this.jobs.get(id);
    if (!job || job.status === 'SUCCEEDED' || job.status === 'FAILED') return job;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.waiters.set(id, [...(this.waiters.get(id) ?? []), () => (clearTimeout(timer), resolve())]);
    });
    return this.jobs.get(id);
  }

  /** Stops the running job (its transaction never commits) and refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { job } of this.queue.splice(0)) this.finish(job, { code: 'SERVICE_UNAVAILABLE', message: 'The service shut down before the job started' });
    if (this.running) await this.running.worker.terminate();
  }

  private next(): void {
    if (this.running || this.closed) return;
    const item = this.queue.shift();
    if (!item) return;
    const { job, payload } = item;
    job.status = 'RUNNING';
    job.startedAt = new Date();
    const worker = startWorker({ ...payload, storage: this.options.storage });
    this.running = { job, worker };
    let settled = false;
    const settle = (error: AdminJob['error'], result: unknown = null) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      job.result = result;
      this.finish(job, error);
      void worker.terminate();
      this.running = null;
      this.next();
    };
    const timeoutMs = this.options.timeoutMs ?? 10 * 60_000;
    const deadline = setTimeout(
      () => settle({ code: 'SERVICE_UNAVAILABLE', message: `The job ran past its ${timeoutMs} ms deadline and was stopped; nothing was changed` }),
      timeoutMs,
    );
    deadline.unref();
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') job.progress = { done: message.done, total: message.total, step: message.step };
      else if (message.type === 'done') settle(null, message.result);
      else settle({ code: (message.error.code as ErrorCode | null) ?? null, message: message.error.message });
    });
    worker.on('error', (error) => settle({ code: null, message: error.message }));
    worker.on('exit', (code) => settle({ code: null, message: `The job's worker exited (code ${code}) before it finished; nothing was changed` }));
  }

  private finish(job: AdminJob, error: AdminJob['error']): void {
    job.status = error ? 'FAILED' : 'SUCCEEDED';
    job.error = error;
    job.finishedAt = new Date();
    this.options.onFinished?.(job);
    for (const wake of this.waiters.get(job.id) ?? []) wake();
    this.waiters.delete(job.id);
  }

  /** Keeps the newest finished jobs only. */
  private forget(): void {
    const keep = this.options.keep ?? 50;
    const finished = [...this.jobs.values()].filter((job) => job.status === 'SUCCEEDED' || job.status === 'FAILED');
    for (const job of finished.slice(0, Math.max(0, finished.length - keep))) this.jobs.delete(job.id);
  }
}
