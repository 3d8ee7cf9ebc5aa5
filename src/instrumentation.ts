import type express from 'express';
import type { Config } from './config';
import { sqlStatementCounter } from './db/sql-stats';
import type { DisclosureOptions } from './referrals/disclosures';

/**
 * Test and benchmark instrumentation, each part off unless configured, so that none of it is in the
 * request path of a server that does not ask for it (and the disclosure switch is refused in production).
 */
export interface Instrumentation {
  /**
   * For /graphql, after authentication (the token's agency lookup is not the request's work): counts the SQL
   * statements of each request and sends the count in the x-sql-statements header (SQL_STATEMENT_HEADER).
   * Null when off.
   */
  sqlStatementHeader: express.RequestHandler | null;
  /** For the referral loaders: the benchmark's switch that measures what the disclosure check costs (BENCH_DISABLE_DISCLOSURE_CHECK). */
  disclosure: DisclosureOptions;
}

export function createInstrumentation(config: Pick<Config, 'sqlStatementHeader' | 'benchDisableDisclosureCheck'>): Instrumentation {
  return {
    sqlStatementHeader: config.sqlStatementHeader ? countSqlStatements : null,
    disclosure: { checkDisabled: config.benchDisableDisclosureCheck },
  };
}

const countSqlStatements: express.RequestHandler = (_req, res, next) => {
  const stats = { statements: 0 };
  const writeHead = res.writeHead;
  res.writeHead = function (this: typeof res, ...args: any[]) {
    if (!res.headersSent) res.setHeader('x-sql-statements', String(stats.statements));
    return (writeHead as any).apply(this, args);
  } as any;
  sqlStatementCounter.run(stats, () => next());
};
