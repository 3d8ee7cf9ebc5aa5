import { consentStateAt, decideField, ForbiddenFieldReason as R, isExpired, withSafeContact, type ConsentFacts, type ReferralFacts } from '../../src/policy/disclosure-rules';

const NOW = new Date('2026-06-01T12:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const RECEIVER = 'b0000000-0000-4000-8000-000000000002';

const referral = (over: Partial<ReferralFacts> = {}): ReferralFacts => ({
  status: 'ACCEPTED', legalBasis: 'CONSENT', disclosedFields: ['givenName', 'phone', 'protectionConcerns'], receivingAgencyId: RECEIVER,
  responseDueAt: days(1), completedAt: null, ...over,
});
const consent = (over: Partial<ConsentFacts> = {}): ConsentFacts => ({
  decision: 'GRANTED', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [RECEIVER], categories: ['IDENTITY', 'CONTACT', 'PROTECTION'],
  validUntil: null, withdrawnAt: null, ...over,
});
const allowed = { reason: 'ALLOWED', retentionDays: 90 };

describe('decideField: the one disclosure rule', () => {
  it('allows a field the sender disclosed, the consent covers and the agreement allows', () => {
    expect(decideField('givenName', referral(), consent(), allowed, NOW)).toBeNull();
  });

  it('refuses a field the sender did not disclose, or one outside the catalogue', () => {
    expect(decideField('familyName', referral(), consent(), allowed, NOW)).toBe(R.NOT_DISCLOSED);
    expect(decideField('caseCode', referral(), consent(), allowed, NOW)).toBe(R.NOT_DISCLOSED);
    expect(decideField('givenName', referral(), consent(), undefined, NOW)).toBe(R.NOT_DISCLOSED);
  });

  it.each([
    ['CANCELLED', R.REFERRAL_CANCELLED],
    ['DECLINED', R.REFERRAL_DECLINED],
    ['EXPIRED', R.REFERRAL_EXPIRED],
  ])('ends disclosure at once when the referral is %s', (status, reason) => {
    expect(decideField('givenName', referral({ status }), consent(), allowed, NOW)).toBe(reason);
  });

  it('refuses every field of a referral whose case was erased, before any other reason', () => {
    expect(decideField('givenName', referral({ erasedAt: days(-1) }), consent(), allowed, NOW)).toBe(R.ERASED);
    expect(decideField('givenName', referral({ status: 'CANCELLED', erasedAt: days(-1) }), consent({ withdrawnAt: days(-2) }), undefined, NOW)).toBe(R.ERASED);
    expect(decideField('givenName', referral({ erasedAt: null }), consent(), allowed, NOW)).toBeNull();
  });

  it('treats a referral left SENT past its due time by the expiry period as expired, even before the sweep runs', () => {
    expect(decideField('phone', referral({ status: 'SENT', responseDueAt: days(-31) }), consent(), allowed, NOW)).toBe(R.REFERRAL_EXPIRED);
    expect(decideField('phone', referral({ status: 'SENT', responseDueAt: days(-29) }), consent(), allowed, NOW)).toBeNull();
    expect(decideField('phone', referral({ status: 'SENT', responseDueAt: days(-3) }), consent(), allowed, NOW, { expiryDays: 2 })).toBe(R.REFERRAL_EXPIRED);
    expect(isExpired({ status: 'ACCEPTED', responseDueAt: days(-100) }, NOW)).toBe(false);
  });

  it.each(['IN_PROGRESS', 'ON_HOLD'])('keeps disclosing while the referral is %s (a live state), long past its response due time', (status) => {
    expect(decideField('givenName', referral({ status }), consent(), allowed, NOW)).toBeNull();
    expect(decideField('phone', referral({ status, responseDueAt: days(-400) }), consent(), allowed, NOW)).toBeNull();
    expect(isExpired({ status, responseDueAt: days(-400) }, NOW)).toBe(false);
    // the consent, the sender's choice and the agreement still decide in those states
    expect(decideField('givenName', referral({ status }), consent({ withdrawnAt: days(-1) }), allowed, NOW)).toBe(R.CONSENT_WITHDRAWN);
    expect(decideField('familyName', referral({ status }), consent(), allowed, NOW)).toBe(R.NOT_DISCLOSED);
    expect(decideField('givenName', referral({ status }), consent(), { reason: 'TERMINATED', retentionDays: 90 }, NOW)).toBe(R.AGREEMENT_ENDED);
  });

  it('ends a completed referral\'s disclosure after the agreement\'s retention', () => {
    expect(decideField('givenName', referral({ status: 'COMPLETED', completedAt: days(-89) }), consent(), allowed, NOW)).toBeNull();
    expect(decideField('givenName', referral({ status: 'COMPLETED', completedAt: days(-91) }), consent(), allowed, NOW)).toBe(R.RETENTION_ENDED);
  });

  it('follows the consent: withdrawn, refused, expired, category, recipient, purpose', () => {
    expect(decideField('givenName', referral(), consent({ withdrawnAt: days(-1) }), allowed, NOW)).toBe(R.CONSENT_WITHDRAWN);
    expect(decideField('givenName', referral(), consent({ decision: 'REFUSED' }), allowed, NOW)).toBe(R.CONSENT_WITHDRAWN);
    expect(decideField('givenName', referral(), consent({ validUntil: days(-1) }), allowed, NOW)).toBe(R.CONSENT_EXPIRED);
    expect(decideField('protectionConcerns', referral(), consent({ categories: ['IDENTITY'] }), allowed, NOW)).toBe(R.CATEGORY_NOT_CONSENTED);
    expect(decideField('givenName', referral(), consent({ recipientAgencyIds: [] }), allowed, NOW)).toBe(R.CATEGORY_NOT_CONSENTED);
    expect(decideField('givenName', referral(), consent({ purposes: ['REGISTRATION'] }), allowed, NOW)).toBe(R.CATEGORY_NOT_CONSENTED);
    expect(decideField('givenName', referral(), null, allowed, NOW)).toBe(R.NO_CONSENT);
  });

  it('needs no consent on the vital-interest basis, but still an agreement', () => {
    expect(decideField('givenName', referral({ legalBasis: 'VITAL_INTEREST' }), null, allowed, NOW)).toBeNull();
    expect(decideField('givenName', referral({ legalBasis: 'VITAL_INTEREST' }), null, { reason: 'NO_AGREEMENT', retentionDays: null }, NOW)).toBe(R.NO_AGREEMENT);
  });

  it.each([
    ['NO_AGREEMENT', R.NO_AGREEMENT], ['NOT_SIGNED', R.NO_AGREEMENT], ['PURPOSE_NOT_COVERED', R.NO_AGREEMENT], ['CATEGORY_NOT_COVERED', R.NO_AGREEMENT],
    ['EXPIRED', R.AGREEMENT_ENDED], ['TERMINATED', R.AGREEMENT_ENDED], ['NOT_YET_VALID', R.AGREEMENT_ENDED], ['FIELD_EXCLUDED', R.FIELD_EXCLUDED], ['SOMETHING_NEW', R.NO_AGREEMENT],
  ])('maps the agreement verdict %s to %s', (verdict, reason) => {
    expect(decideField('givenName', referral(), consent(), { reason: verdict, retentionDays: 90 }, NOW)).toBe(reason);
  });

  it('checks the referral state before anything else: a declined referral says DECLINED even with a withdrawn consent', () => {
    expect(decideField('givenName', referral({ status: 'DECLINED' }), consent({ withdrawnAt: days(-1) }), { reason: 'TERMINATED', retentionDays: 1 }, NOW)).toBe(R.REFERRAL_DECLINED);
  });
});

describe('consentStateAt: the one definition of a consent that holds', () => {
  it.each([
    [{}, 'ACTIVE'],
    [{ decision: 'REFUSED' }, 'REFUSED'],
    [{ withdrawnAt: days(-1) }, 'WITHDRAWN'],
    [{ withdrawnAt: days(1) }, 'ACTIVE'],
    [{ supersededAt: days(-1) }, 'SUPERSEDED'],
    [{ validUntil: days(-1) }, 'EXPIRED'],
    [{ validUntil: days(1) }, 'ACTIVE'],
  ] as [Partial<ConsentFacts>, string][])('%j is %s', (over, state) => {
    expect(consentStateAt(consent(over), NOW)).toBe(state);
  });
});

describe('withSafeContact: a contact field never passes without the safe-contact instructions', () => {
  const withSafe = referral({ disclosedFields: ['givenName', 'phone', 'address', 'safeContact'] });
  const decide = (field: string, r: ReferralFacts, agreementFor: (f: string) => typeof allowed | undefined = () => allowed) =>
    withSafeContact(field, decideField(field, r, consent(), agreementFor(field), NOW), () => decideField('safeContact', r, consent(), agreementFor('safeContact'), NOW));

  it('lets phone and address pass with safeContact', () => {
    expect(decide('phone', withSafe)).toBeNull();
    expect(decide('address', withSafe)).toBeNull();
    expect(decide('safeContact', withSafe)).toBeNull();
  });

  it('withholds a contact field when safeContact was not disclosed or the agreement excludes it', () => {
    expect(decide('phone', referral())).toBe(R.SAFE_CONTACT_WITHHELD);
    const excluded = (f: string) => (f === 'safeContact' ? { reason: 'FIELD_EXCLUDED', retentionDays: 90 } : allowed);
    expect(decide('phone', withSafe, excluded)).toBe(R.SAFE_CONTACT_WITHHELD);
    expect(decide('safeContact', withSafe, excluded)).toBe(R.FIELD_EXCLUDED);
  });

  it('leaves other fields alone, and a contact field\'s own reason first', () => {
    expect(decide('givenName', referral())).toBeNull();
    expect(decide('phone', referral({ status: 'CANCELLED' }))).toBe(R.REFERRAL_CANCELLED);
  });
});
