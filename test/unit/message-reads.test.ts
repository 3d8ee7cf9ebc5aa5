import { DisclosureLog } from '../../src/policy/disclosure';
import { referralStateReason, ForbiddenFieldReason as R, type ReferralFacts } from '../../src/policy/disclosure-rules';

const CASE = 'c0000000-0000-4000-8000-000000000001';
const REFERRAL = 'e0000000-0000-4000-8000-000000000001';
const NOW = new Date('2026-06-01T12:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

describe('reads of referral messages in the per-request disclosure log', () => {
  it('records message ids once per request, never text, apart from the fields read', () => {
    const log = new DisclosureLog();
    log.recordMessages(CASE, REFERRAL, ['m2', 'm1'], 'consent-1', false);
    log.recordMessages(CASE, REFERRAL, ['m1'], 'consent-1', false);
    expect(log.entries()).toEqual([{ caseId: CASE, referralId: REFERRAL, fields: [], consentId: 'consent-1', agreementIds: [], messageIds: ['m1', 'm2'] }]);
  });

  it('keeps the sending agency\'s own reads internal (out of the disclosure report) and records nothing for an empty list', () => {
    const log = new DisclosureLog();
    log.recordMessages(CASE, REFERRAL, [], null, true);
    expect(log.size).toBe(0);
    log.recordMessages(CASE, REFERRAL, ['m1'], null, true);
    log.recordMessages(CASE, REFERRAL, ['m1'], 'consent-1', false);
    expect(log.entries().map((e) => [e.internal ?? false, e.messageIds])).toEqual([[true, ['m1']], [false, ['m1']]]);
  });
});

describe('the state part of the disclosure rule hides messages from the receiver', () => {
  const referral = (over: Partial<ReferralFacts>): ReferralFacts => ({
    status: 'ACCEPTED', legalBasis: 'CONSENT', disclosedFields: ['givenName'], receivingAgencyId: 'r', responseDueAt: days(1), completedAt: null, ...over,
  });
  it.each([
    ['ACCEPTED', null, null],
    ['DECLINED', null, R.REFERRAL_DECLINED],
    ['CANCELLED', null, R.REFERRAL_CANCELLED],
    ['COMPLETED', days(-10), null],
    ['COMPLETED', days(-100), R.RETENTION_ENDED],
  ])('%s (completed %s): %s', (status, completedAt, reason) => {
    expect(referralStateReason(referral({ status: status as string, completedAt: completedAt as Date | null }), 90, NOW)).toBe(reason);
  });
});
