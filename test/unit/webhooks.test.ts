/** The pure rules of webhook notifications: signatures and their replay window, where a webhook may point, retries. */
import { nextAttempt } from '../../src/notifications/delivery-rules';
import { signedHeaders, verifySignature } from '../../src/notifications/signing';
import { isPrivateAddress, webhookUrlProblem as problemOf } from '../../src/notifications/url-safety';
import { errorMessage } from '../../src/shared/errors';
import { render } from '../../src/shared/messages';

/** The problem in English, as the API words it. */
const webhookUrlProblem = (...args: Parameters<typeof problemOf>) => { const p = problemOf(...args); return p && render('en', errorMessage(p.key, p.params)); };

describe('webhook signatures', () => {
  const secret = 'a'.repeat(40);
  const body = '{"id":"d1","event":"referral.received"}';
  const now = 1_800_000_000;
  const headers = signedHeaders(secret, 'd1', now, body);
  const given = { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'] };

  it('verifies what it signed, within the replay window', () => {
    expect(given.signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifySignature(secret, given, body, now + 299)).toEqual({ ok: true });
  });
  it('refuses an altered body, another secret, another id, and a replay outside the window', () => {
    expect(verifySignature(secret, given, body.replace('received', 'overdue'), now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifySignature('b'.repeat(40), given, body, now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifySignature(secret, { ...given, id: 'd2' }, body, now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifySignature(secret, given, body, now + 301)).toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
    expect(verifySignature(secret, given, body, now - 301)).toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
    expect(verifySignature(secret, { ...given, timestamp: undefined }, body, now)).toEqual({ ok: false, reason: 'MISSING_HEADERS' });
  });
  it('accepts any of several signatures (a secret rotation)', () => {
    const other = signedHeaders('c'.repeat(40), 'd1', now, body)['webhook-signature'];
    expect(verifySignature(secret, { ...given, signature: `${other} ${given.signature}` }, body, now)).toEqual({ ok: true });
  });
});

describe('where a webhook may point', () => {
  const production = { requireHttps: true, allowPrivateTargets: false };
  const staging = { requireHttps: false, allowPrivateTargets: false };
  const development = { requireHttps: false, allowPrivateTargets: true };

  it.each([
    '127.0.0.1', '127.1.2.3', '10.0.0.8', '172.16.4.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:7f00:1', '224.0.0.1',
  ])('%s is private', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(['8.8.8.8', '41.138.0.1', '172.32.0.1', '2001:4860:4860::8888'])('%s is public', (ip) => expect(isPrivateAddress(ip)).toBe(false));

  it('production takes https to public hosts only', () => {
    expect(webhookUrlProblem('https://hooks.example.org/referrals', production)).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.org/referrals', production)).toMatch(/https/);
  });
  it.each([
    'http://127.0.0.1:8080/x', 'http://localhost/x', 'http://[::1]/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest/meta-data', 'http://intranet/x',
    'http://0x7f000001/x', 'http://2130706433/x', 'http://127.1/x', 'http://[::ffff:127.0.0.1]/x', 'http://printer.local/x', 'http://api.internal/x',
  ])('outside development, %s is refused', (url) => expect(webhookUrlProblem(url, staging)).toMatch(/public addresses only/));
  it('refuses what is not an http(s) URL, credentials and fragments, whatever the mode', () => {
    for (const policy of [production, staging, development]) {
      expect(webhookUrlProblem('ftp://example.org/x', policy)).toMatch(/http/);
      expect(webhookUrlProblem('not a url', policy)).toMatch(/valid absolute URL/);
      expect(webhookUrlProblem('https://user:pw@example.org/x', policy)).toMatch(/credentials/);
      expect(webhookUrlProblem('https://example.org/x#y', policy)).toMatch(/fragment/);
    }
  });
  it('development may point at a local receiver', () => {
    expect(webhookUrlProblem('http://127.0.0.1:8080/x', development)).toBeNull();
  });
});

describe('retries', () => {
  const policy = { baseMs: 30_000, maxDelayMs: 3_600_000, windowMs: 24 * 3_600_000 };
  const created = new Date('2026-11-26T00:00:00Z');

  it('doubles the delay from the base, within +-20% jitter, capped', () => {
    const delay = (attempts: number, jitter: number, now = created) => nextAttempt(policy, attempts, created, now, jitter)!.getTime() - now.getTime();
    expect(delay(1, 0.5)).toBe(30_000);
    expect(delay(2, 0.5)).toBe(60_000);
    expect(delay(3, 0.5)).toBe(120_000);
    expect(delay(1, 0)).toBe(24_000);
    expect(delay(1, 0.999)).toBeLessThan(36_000);
    expect(delay(20, 0.5)).toBe(3_600_000);
  });
  it('tries for a day, the last time on the deadline, then gives up', () => {
    const nearEnd = new Date(created.getTime() + 24 * 3_600_000 - 60_000);
    expect(nextAttempt(policy, 15, created, nearEnd)!.getTime()).toBe(created.getTime() + 24 * 3_600_000);
    expect(nextAttempt(policy, 16, created, new Date(created.getTime() + 24 * 3_600_000))).toBeNull();
    // attempts in a day at the defaults: enough to ride out an outage, few enough not to hammer
    let now = created;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttempt(policy, attempts, created, now);
      if (!next) break;
      now = next;
    }
    expect(attempts).toBeGreaterThan(10);
    expect(attempts).toBeLessThan(40);
  });
});
