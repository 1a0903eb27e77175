/** Prometheus metrics (prom-client), served at GET /metrics. */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'carvalue_graphql_requests_total',
    help: 'GraphQL operations by name and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly requestSeconds = new Histogram({
    name: 'carvalue_graphql_request_duration_seconds',
    help: 'GraphQL operation latency',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: 'carvalue_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  private readonly inferenceSeconds = new Histogram({
    name: 'carvalue_inference_duration_seconds',
    help: 'Identification time per stage and model',
    labelNames: ['model', 'stage'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly batchSizes = new Histogram({
    name: 'carvalue_inference_batch_size',
    help: 'Images per ONNX Runtime session run',
    labelNames: ['model'] as const,
    buckets: [1, 2, 4, 8, 16, 32],
    registers: [this.registry],
  });

  private readonly estimates = new Counter({
    name: 'carvalue_price_estimates_total',
    help: 'Price estimates by the method that answered',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });

  private readonly outcomes = new Counter({
    name: 'carvalue_identification_outcomes_total',
    help: 'Identifications by outcome (IDENTIFIED, AMBIGUOUS, UNKNOWN_MODEL)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly reports = new Counter({
    name: 'carvalue_identification_reports_total',
    help: 'User corrections stored by reportIdentification, by whether they name a catalog vehicle',
    labelNames: ['with_vehicle'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'carvalue_' });
  }

  inference(model: string, timings: { decodeMs: number; detectMs: number; classifyMs: number; totalMs: number }): void {
    for (const [stage, ms] of Object.entries(timings)) {
      this.inferenceSeconds.observe({ model, stage: stage.replace(/Ms$/, '') }, ms / 1000);
    }
  }

  outcome(outcome: string): void {
    this.outcomes.inc({ outcome });
  }

  report(withVehicle: boolean): void {
    this.reports.inc({ with_vehicle: String(withVehicle) });
  }

  batch(model: string, size: number): void {
    this.batchSizes.observe({ model }, size);
  }

  priceEstimate(method: string): void {
    this.estimates.inc({ method });
  }

  /** Counts operations, their latency and their errors by code; names outside `knownOperations` count as "other". */
  apolloPlugin<TContext extends BaseContext>(knownOperations: ReadonlySet<string>): ApolloServerPlugin<TContext> {
    const metrics = this;
    return {
      async requestDidStart() {
        const started = performance.now();
        return {
          async willSendResponse({ operationName, errors, response }) {
            // Only known names become label values, so a client cannot grow the series without bound.
            const operation = !operationName ? 'anonymous' : knownOperations.has(operationName) ? operationName : 'other';
            const body = response.body.kind === 'single' ? response.body.singleResult : null;
            const codes = (body?.errors ?? errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
            for (const code of codes) metrics.errors.inc({ code });
            metrics.requests.inc({ operation, outcome: codes.length === 0 ? 'ok' : body?.data ? 'partial' : 'error' });
            metrics.requestSeconds.observe({ operation }, (performance.now() - started) / 1000);
          },
        };
      },
    };
  }
}

