import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { logger } from '../shared/logger';

/** Counts the SQL statements a request costs (tests and benchmarks read it from a response header). */
export const sqlStatementCounter = new AsyncLocalStorage<{ statements: number }>();

export class StatementCountingLogger implements TypeOrmLogger {
  logQuery(): void {
    const store = sqlStatementCounter.getStore();
    if (store) store.statements++;
  }
  logQueryError(error: string | Error): void {
    // The SQL text and parameters may hold personal data: log the database error only.
    logger.warn({ err: typeof error === 'string' ? { message: error } : { message: error.message, code: (error as any).code } }, 'query failed');
  }
  logQuerySlow(time: number): void {
    logger.warn({ ms: time }, 'slow query');
  }
  logSchemaBuild(message: string): void {
    logger.info({ schema: message }, 'schema');
  }
  logMigration(message: string): void {
    logger.info({ migration: message }, 'migration');
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') logger.warn({ message }, 'typeorm');
    else logger.info({ message }, 'typeorm');
  }
}
