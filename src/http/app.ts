/** The HTTP server: express 5 + Apollo Server 5, health endpoints and GraphiQL. */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { graphqlUploadExpress } from 'graphql-upload-minimal';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { HealthService } from '../services/health/health-service.js';
import { formatError } from '../graphql/format-error.js';
import { graphiqlLandingPage } from './graphiql.js';
import { callerOf } from './auth.js';
import { abortSignalOf, requestContext, requestDeadline } from './request-context.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { retryAfterPlugin } from './retry-after.js';
import { uploadAdmission } from './upload-admission.js';
import { stringLimitsPlugin } from '../graphql/string-limits.js';
import { introspectionDepthRule } from '../graphql/introspection-depth.js';
import { knownOperationNames } from '../observability/operation-names.js';
import type { Metrics } from '../observability/metrics.js';
import { ApolloArmor } from '@escape.tech/graphql-armor';

export interface AppOptions {
  config: Config;
  schema: GraphQLSchema;
  /** Answers /ready. */
  health: HealthService;
  logger: Logger;
  metrics: Metrics;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  stop(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';

export async function createServer({ config, schema, health, logger, metrics }: AppOptions) {
  const app = express();
  const httpServer = http.createServer(app);
  // Slow clients: headers and the whole request have a time limit, connections a count.
  httpServer.headersTimeout = config.http.headersTimeoutMs;
  httpServer.requestTimeout = config.http.requestTimeoutMs;
  httpServer.maxConnections = config.http.maxConnections;
  app.disable('x-powered-by');

  // Query depth, aliases and cost are bounded by GraphQL Armor's validation rules. The token limit is
  // graphql-js's own parse option: Armor's token plugin re-parses in a hook where every syntax error became a 500.
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxQueryDepth, ignoreIntrospection: true },
    maxAliases: { n: config.limits.maxAliases },
    costLimit: { maxCost: config.limits.maxQueryCost, ignoreIntrospection: true },
    maxTokens: { enabled: false },
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: !config.introspection },
  }).protect();

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: [...armor.validationRules, introspectionDepthRule()],
    allowBatchedHttpRequests: false,
    introspection: config.introspection,
    // CSRF prevention stays on: GET and multipart requests need a preflight-forcing header.
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handlers would re-raise the signal before the
    // ONNX sessions and the database are closed.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) =>
      formatError(formatted, error, {
        onInternal: (internal) => logger.error({ err: internal }, 'internal error in a GraphQL request'),
        hideSuggestions: !config.introspection,
      }),
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]),
      stringLimitsPlugin<GraphQLContext>(config.limits),
      retryAfterPlugin<GraphQLContext>(),
      metrics.apolloPlugin<GraphQLContext>(knownOperationNames(schema)),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      config.graphiql ? graphiqlLandingPage(GRAPHQL_PATH) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.use(requestContext(logger));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const report = await health.report();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  if (config.metrics) {
    app.get('/metrics', async (req, res) => {
      if (config.metricsRequireAuth) {
        const caller = callerOf(req.headers.authorization, config.adminToken);
        if (caller !== 'admin') {
          res.status(caller === 'anonymous' ? 401 : 403).json({
            errors: [{ message: '/metrics needs the admin token', extensions: { code: caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN' } }],
          });
          return;
        }
      }
      res.setHeader('content-type', metrics.registry.contentType);
      res.send(await metrics.registry.metrics());
    });
  }
  if (fs.existsSync(path.join(config.webDir, 'index.html'))) {
    // The page's modules may be cached for an hour; index.html is revalidated so a redeploy shows at once.
    app.use(
      '/',
      express.static(config.webDir, {
        index: 'index.html',
        maxAge: '1h',
        setHeaders: (res, file) => {
          if (file.endsWith('.html')) res.setHeader('cache-control', 'no-cache');
        },
      }),
    );
  } else {
    app.get('/', (_req, res) => {
      res.redirect(302, GRAPHQL_PATH);
    });
  }
  app.use(
    GRAPHQL_PATH,
    // Refused uploads are answered from their headers, before their bodies are parsed.
    uploadAdmission(config.http.maxUploadsInFlight),
    requestDeadline(config.limits.requestTimeoutMs),
    // Multipart uploads are parsed before express.json; the byte limit is enforced again while reading.
    graphqlUploadExpress({ maxFileSize: config.limits.maxUploadBytes, maxFiles: config.limits.maxImagesPerRequest }),
    // Base64 images travel in JSON: allow a body as large as an encoded upload.
    express.json({ limit: Math.ceil(config.limits.maxUploadBytes * 1.4) + 64 * 1024 }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = res.locals.requestId as string;
        return {
          requestId,
          signal: abortSignalOf(res),
          logger: logger.child({ requestId }),
          limits: config.limits,
          clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
          caller: callerOf(req.headers.authorization, config.adminToken),
        };
      },
    }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(logger));

  async function listen(port = config.port, host = config.host): Promise<RunningServer> {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, host, () => resolve());
    });
    const address = httpServer.address();
    const boundPort = typeof address === 'object' && address ? address.port : port;
    const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    return {
      url: `http://${shownHost}:${boundPort}${GRAPHQL_PATH}`,
      port: boundPort,
      httpServer,
      stop: () => apollo.stop(),
    };
  }

  return { app, apollo, httpServer, listen };
}
