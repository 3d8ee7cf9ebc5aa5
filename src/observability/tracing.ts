/**
 * OpenTelemetry tracing, switched by the standard OTEL_* variables and off by default. When off, nothing of
 * the SDK is loaded (the start-up costs nothing): `startTracing` requires it only when an exporter is
 * configured. It must run before express, pg and graphql are loaded, so that their instrumentations can
 * patch them: src/main.ts imports ./tracing-start first.
 *
 * On: OTEL_TRACES_EXPORTER (otlp, console, zipkin) or an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), unless OTEL_SDK_DISABLED=true. Every other OTEL_* variable
 * (protocol, headers, sampler, resource attributes, batch delays) is read by the SDK as documented.
 */
import type { IncomingMessage } from 'node:http';

type Sdk = { shutdown(): Promise<void> };
let sdk: Sdk | null = null;
let traceIdOfActiveSpan: (() => string | undefined) | null = null;

export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter) return exporter !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Starts the SDK when configured; returns whether tracing is on. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk) return true;
  if (!tracingEnabled(env)) return false;
  // traces only: /metrics serves the metrics, the logs go to stdout
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  env.OTEL_SERVICE_NAME ??= 'migrant-referral-network';
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const started = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation({
        // a query string may hold a credential (the reports' signed links): spans keep the path only
        requestHook: (span, request) => {
          const url = 'headers' in request ? (request as IncomingMessage).url : undefined;
          if (url?.includes('?')) span.setAttribute('url.query', '[redacted]');
        },
        ignoreIncomingRequestHook: (request) => request.url === '/healthz' || request.url === '/readyz' || request.url === '/metrics',
      }),
      new ExpressInstrumentation(),
      // statements with their $n placeholders, never their values (enhancedDatabaseReporting stays off)
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      // documents with their literal values replaced by "*"; one span per operation, not per field
      new GraphQLInstrumentation({ allowValues: false, ignoreTrivialResolveSpans: true, ignoreResolveSpans: true }),
    ],
  });
  started.start();
  sdk = started;
  traceIdOfActiveSpan = () => {
    const context = api.trace.getActiveSpan()?.spanContext();
    return context && api.isSpanContextValid(context) ? context.traceId : undefined;
  };
  return true;
}

/** The trace id of the span being handled, when tracing is on (the request id then is the trace id). */
export const activeTraceId = (): string | undefined => traceIdOfActiveSpan?.();

/** Exports what is buffered and stops; called when the server stops. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = null;
  traceIdOfActiveSpan = null;
  await running?.shutdown();
}
