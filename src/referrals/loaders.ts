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
    disclosure: new DataLoader<string, ReferralDisclosure | null>(async (ids) => {
      const decided = await decideDisclosures(db, ids, new Date(), policy, disclosureOptions);
      return ids.map((id) => decided.get(id) ?? null);
    }),
  };
}

export type ReferralLoaders = ReturnType<typeof createReferralLoaders>;
