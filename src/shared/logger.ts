import cluster from 'node:cluster';
import pino from 'pino';
import { currentRequestId } from './request-context';

/** Structured JSON logs. Never log personal fields: log ids and counts only. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  // with API_PROCESSES, the lines of each API process name it (the primary's have no `process`)
  base: { service: 'migrant-referral-network', ...(cluster.isWorker ? { process: cluster.worker?.id } : {}) },
  timestamp: pino.stdTimeFunctions.isoTime,
  // every line written while a request is handled names it (x-request-id)
  mixin() {
    const requestId = currentRequestId();
    return requestId ? { requestId } : {};
  },
  redact: { paths: ['req.headers.authorization', '*.authorization', '*.password', '*.token'], censor: '[redacted]' },
});

/** Sends the log lines to stderr from now on: a command whose stdout is its answer (`--json`) must not mix logs into it. */
export function logToStderr(): void {
  (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = pino.destination({ dest: 2, sync: true });
}
