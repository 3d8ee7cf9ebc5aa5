import { signReportLinkToken, verifyReportLinkToken } from '../../src/auth/report-links';
import { loadConfig } from '../../src/config';

/** What several instances need of the configuration: report links valid on each, the client's address behind a proxy, read replicas. */
describe('configuration for several instances', () => {
  const viewer = { userId: 'u-1', agencyId: 'a-1', roles: [] };
  const jwks = (extra: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'test', JWKS_URL: 'https://id.example.org/jwks', ...extra });

  it('with identity-provider tokens, signs with REPORT_LINK_SECRET: any instance holding it verifies the link', async () => {
    const { token } = await signReportLinkToken(jwks({ REPORT_LINK_SECRET: 'k'.repeat(40) }), viewer, 'coverage-report', { area: 'x' });
    const { viewer: seen } = await verifyReportLinkToken(jwks({ REPORT_LINK_SECRET: 'k'.repeat(40) }), token, 'coverage-report');
    expect(seen.userId).toBe('u-1');
    await expect(verifyReportLinkToken(jwks({ REPORT_LINK_SECRET: 'o'.repeat(40) }), token, 'coverage-report')).rejects.toThrow();
  });

  it('refuses a short REPORT_LINK_SECRET and a TRUST_PROXY that is not a hop count or a list of addresses', () => {
    expect(() => jwks({ REPORT_LINK_SECRET: 'short' })).toThrow(/REPORT_LINK_SECRET/);
    expect(() => jwks({ TRUST_PROXY: 'yes please!' })).toThrow(/TRUST_PROXY/);
    expect(jwks({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(jwks({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });

  it('refuses read replicas without a primary, and URLs that are not PostgreSQL', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_READ_URLS: 'postgres://replica/db' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://primary/db', DATABASE_READ_URLS: 'http://replica' })).toThrow(/DATABASE_READ_URLS/);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://primary/db', DATABASE_READ_URLS: 'postgres://r1/db, postgres://r2/db' }).readReplicas.urls).toEqual(['postgres://r1/db', 'postgres://r2/db']);
  });
});
