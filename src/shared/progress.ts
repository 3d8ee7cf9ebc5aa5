import { logger } from './logger';

/**
 * A start-up step, as a log line and, for a person at a terminal, as a plain line on stderr: the first start
 * (migrations, demo data) takes seconds, and a silent terminal looks hung.
 */
export function progress(message: string, fields: Record<string, unknown> = {}): void {
  logger.info({ ...fields, startup: true }, message);
  if (process.stderr.isTTY) process.stderr.write(`  ${message}\n`);
}
