import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { isUuid } from '../shared/ids';
import { groupByOwner as grouped } from '../shared/sql';
import type { ReferralDisclosure } from '../policy/disclosure';
import { decideDisclosures, type DisclosureOptions } from './disclosures';
import type { DisclosurePolicy } from '../policy/disclosure-rules';
import { Case, type Consent } from '../cases/entities';
import type { CasesService } from '../cases/cases.service';
import type { ReferralEvent, ReferralMessage } from './entities';
import type { ReferralsService } from './referrals.service';


/** Per-request loaders for cases and referrals; the disclosure decision of a whole page costs two statements. */
export function createReferralLoaders(db: DataSource, cases: CasesService, referrals: ReferralsService, policy?: DisclosurePolicy, disclosureOptions?: DisclosureOptions) {
  return {
    /** Cases by id with no access check: only resolvers that already established a basis use it. */
    caseById: new DataLoader<string, Case | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const byId = new Map((valid.length ? await cases.byIds(valid) : []).map((c) => [c.id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    consentsOfCase: new DataLoader<string, Consent[]>(async (ids) => {
      const consents = await cases.consentsOf(ids);
      return grouped(consents.map((c) => ({ owner: c.caseId, item: c })), ids);
    }),
    eventsOfReferral: new DataLoader<string, ReferralEvent[]>(async (ids) => {
      const events = await referrals.eventsOf(ids);
      return grouped(events.map((e) => ({ owner: e.referralId, item: e })), ids);
    }),
    /** Messages of referrals the resolver already showed the viewer: one statement per page. */
    messagesOfReferral: new DataLoader<string, ReferralMessage[]>(async (ids) => {
      const messages = await referrals.messagesOf(ids);
      return grouped(messages.map((msg) => ({ owner: msg.referralId, item: msg })), ids);
    }),
    forwardedTo: new DataLoader<string, string | null>(async (ids) => {
      const byId = await referrals.forwardedTo(ids);
      return ids.map((id) => byId.get(id) ?? null);
    }),
    referralsOfCase: new DataLoader<string, ReturnType<ReferralsService['hydrateReferral']>[]>(async (ids) => {
      const rows: any[] = await db.query(`SELECT r.* FROM referrals r WHERE r.case_id = ANY($1::uuid[]) ORDER BY r.sent_at DESC`, [ids]);
      return grouped(rows.map((r) => ({ owner: r.case_id, item: referrals.hydrateReferral(r) })), ids);
    }),
    disclosure: new DisclosureLoader((ids) => decideDisclosures(db, ids, new Date(), policy, disclosureOptions)),
  };
}

/**
 * The disclosure decisions of the referrals a request reads: one statement for all those asked together, or
 * none when the statement that read the page brought them (prime). Once decided, a referral's decision is
 * also at hand synchronously (peek), so that each case field of a page is decided without a promise.
 */
export class DisclosureLoader {
  private readonly decided = new Map<string, ReferralDisclosure | null>();
  private readonly loader: DataLoader<string, ReferralDisclosure | null>;

  constructor(decide: (ids: readonly string[]) => Promise<Map<string, ReferralDisclosure>>) {
    this.loader = new DataLoader(async (ids) => {
      const found = await decide(ids);
      return ids.map((id) => {
        const d = found.get(id) ?? null;
        this.decided.set(id, d);
        return d;
      });
    });
  }

  load(referralId: string): Promise<ReferralDisclosure | null> {
    const known = this.decided.get(referralId);
    return known !== undefined ? Promise.resolve(known) : this.loader.load(referralId);
  }

  /** The decision when it was already read in this request; undefined otherwise. */
  peek(referralId: string): ReferralDisclosure | null | undefined {
    return this.decided.get(referralId);
  }

  prime(referralId: string, disclosure: ReferralDisclosure | null): void {
    if (!this.decided.has(referralId)) this.decided.set(referralId, disclosure);
  }
}

export type ReferralLoaders = ReturnType<typeof createReferralLoaders>;
