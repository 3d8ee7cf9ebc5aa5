import { judgeSharing, type AgreementRow } from '../../src/agreements/data-sharing';
import { SharingDecisionReason as Reason, SharingPurpose } from '../../src/agreements/enums';

// judgeSharing keeps its decisions per list of agreements, each for the span of time it holds: asked again
// with the same list at any moment, in any order, it must answer what a first look at that moment answers
const agreement = (over: Partial<AgreementRow>): AgreementRow => ({
  id: 'a1', providing_agency_id: 'p', receiving_agency_id: 'r', purposes: [SharingPurpose.REFERRAL_AND_SERVICE_DELIVERY],
  categories: ['IDENTITY', 'CONTACT'], excluded_fields: [], valid_from: '2026-01-01', valid_until: '2026-06-30', retention_days: 90,
  terminated_at: null, fully_signed_at: new Date('2025-12-15T10:00:00Z'), ...over,
});
const question = (field: string, at: string) => ({ providingAgencyId: 'p', receivingAgencyId: 'r', purpose: SharingPurpose.REFERRAL_AND_SERVICE_DELIVERY, field, at: new Date(at) });

const moments = [
  '2025-12-15T09:59:59.999Z', '2025-12-15T10:00:00Z', '2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00Z', '2026-03-01T11:59:59Z',
  '2026-03-01T12:00:00Z', '2026-06-30T23:59:59.999Z', '2026-07-01T00:00:00Z', '2027-01-01T00:00:00Z',
];

describe('judgeSharing over time on the same agreements', () => {
  const lists: [string, AgreementRow[]][] = [
    ['one agreement', [agreement({})]],
    ['a terminated one', [agreement({ terminated_at: new Date('2026-03-01T12:00:00Z') })]],
    ['two, one of them later', [agreement({ terminated_at: new Date('2026-03-01T12:00:00Z') }), agreement({ id: 'a2', valid_from: '2026-03-01', valid_until: '2026-12-31', fully_signed_at: null })]],
    ['one never signed', [agreement({ fully_signed_at: null })]],
  ];
  it.each(lists)('%s: each answer, forwards and backwards, is the one a fresh look gives', (_name, agreements) => {
    const held = agreements;
    for (const order of [moments, [...moments].reverse(), [moments[4], moments[0], moments[8], moments[3], moments[5]]]) {
      for (const at of order) {
        for (const field of ['givenName', 'phone']) {
          const fresh = judgeSharing(agreements.map((a) => ({ ...a })), question(field, at), new Date(at));
          expect({ at, field, ...judgeSharing(held, question(field, at), new Date(at)) }).toEqual({ at, field, ...fresh });
        }
      }
    }
  });

  it('answers change at the boundaries (the test above would not notice a decision that never changes)', () => {
    const agreements = [agreement({ terminated_at: new Date('2026-03-01T12:00:00Z') })];
    const reasonAt = (at: string) => judgeSharing(agreements, question('givenName', at), new Date(at)).reason;
    expect(moments.map(reasonAt)).toEqual([
      Reason.NOT_SIGNED, Reason.NOT_YET_VALID, Reason.NOT_YET_VALID, Reason.ALLOWED, Reason.ALLOWED,
      Reason.TERMINATED, Reason.TERMINATED, Reason.TERMINATED, Reason.TERMINATED,
    ]);
    expect(reasonAt('2026-07-01T00:00:00Z')).toBe(Reason.TERMINATED);
    const open = [agreement({})];
    expect(judgeSharing(open, question('givenName', '2026-06-30T23:59:59Z'), new Date()).reason).toBe(Reason.ALLOWED);
    expect(judgeSharing(open, question('givenName', '2026-07-01T00:00:00Z'), new Date()).reason).toBe(Reason.EXPIRED);
    expect(judgeSharing(open, question('nationality', '2026-03-01T00:00:00Z'), new Date()).reason).toBe(Reason.CATEGORY_NOT_COVERED);
  });
});
