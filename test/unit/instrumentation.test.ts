import { ConfigError, loadConfig } from '../../src/config';
import { createInstrumentation } from '../../src/instrumentation';

const production = { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), STATS_PERTURBATION_KEY: 'p'.repeat(40) };

describe('test and benchmark instrumentation is configuration, off unless asked for', () => {
  it('is off by default: no SQL statement header middleware, the disclosure check on', () => {
    const instrumentation = createInstrumentation(loadConfig({ NODE_ENV: 'development' }));
    expect(instrumentation.sqlStatementHeader).toBeNull();
    expect(instrumentation.disclosure).toEqual({ checkDisabled: false });
  });

  it('turns on by SQL_STATEMENT_HEADER and BENCH_DISABLE_DISCLOSURE_CHECK outside production', () => {
    const instrumentation = createInstrumentation(loadConfig({ NODE_ENV: 'benchmark', SQL_STATEMENT_HEADER: 'true', BENCH_DISABLE_DISCLOSURE_CHECK: 'true' }));
    expect(typeof instrumentation.sqlStatementHeader).toBe('function');
    expect(instrumentation.disclosure).toEqual({ checkDisabled: true });
  });

  it('refuses to start a production server with the disclosure check switched off', () => {
    expect(loadConfig(production).benchDisableDisclosureCheck).toBe(false);
    expect(() => loadConfig({ ...production, BENCH_DISABLE_DISCLOSURE_CHECK: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, BENCH_DISABLE_DISCLOSURE_CHECK: 'true' })).toThrow(/BENCH_DISABLE_DISCLOSURE_CHECK.*NODE_ENV=production/);
  });
});
