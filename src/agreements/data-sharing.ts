import type { EntityManager } from 'typeorm';
import { FIELD_CATEGORY } from '../policy/data-catalogue';
import { SharingDecisionReason as Reason, type SharingPurpose } from './enums';

export interface SharingQuestion {
  providingAgencyId: string;
  receivingAgencyId: string;
  purpose: SharingPurpose;
  field: string;
  /** Default: now. */
  at?: Date;
}

export interface SharingDecision {
  allowed: boolean;
  reason: Reason;
  /** The agreement the decision relied on (the closest one when refused); null when there is none. */
  agreementId: string | null;
  retentionDays: number | null;
}

export interface AgreementRow {
  id: string;
  providing_agency_id: string;
  receiving_agency_id: string;
  purposes: string[];
  categories: string[];
  excluded_fields: string[];
  valid_from: string;
  valid_until: string;
  retention_days: number;
  terminated_at: Date | null;
  fully_signed_at: Date | null;
}

const FULLY_SIGNED_AT = (d: string) => `(SELECT CASE WHEN count(DISTINCT s.agency_id) = 2 THEN max(s.signed_at) END FROM dsa_signatures s
  WHERE s.dsa_id = ${d}.id AND s.agency_id IN (${d}.providing_agency_id, ${d}.receiving_agency_id))`;

/** An agreement's columns as AgreementRow holds them (alias `d`), signed when both agencies signed. */
export function agreementColumnsSql(d: string): string {
  return `${d}.id, ${d}.providing_agency_id, ${d}.receiving_agency_id, ${d}.purposes, ${d}.categories, ${d}.excluded_fields,
            ${d}.valid_from::text AS valid_from, ${d}.valid_until::text AS valid_until, ${d}.retention_days, ${d}.terminated_at,
            ${FULLY_SIGNED_AT(d)} AS fully_signed_at`;
}

// When several agreements exist between two agencies, the answer comes from the one that got furthest.
const CLOSENESS: Reason[] = [
  Reason.ALLOWED, Reason.FIELD_EXCLUDED, Reason.CATEGORY_NOT_COVERED, Reason.PURPOSE_NOT_COVERED,
  Reason.NOT_YET_VALID, Reason.EXPIRED, Reason.TERMINATED, Reason.NOT_SIGNED,
];

function judge(a: AgreementRow, q: SharingQuestion, at: Date, day: string): Reason {
  if (a.terminated_at && a.terminated_at <= at) return Reason.TERMINATED;
  if (!a.fully_signed_at || a.fully_signed_at > at) return Reason.NOT_SIGNED;
  if (day > a.valid_until) return Reason.EXPIRED;
  if (day < a.valid_from) return Reason.NOT_YET_VALID;
  if (!a.purposes.includes(q.purpose)) return Reason.PURPOSE_NOT_COVERED;
  const category = FIELD_CATEGORY.get(q.field);
  if (!category || !a.categories.includes(category)) return Reason.CATEGORY_NOT_COVERED;
  if (a.excluded_fields.includes(q.field)) return Reason.FIELD_EXCLUDED;
  return Reason.ALLOWED;
}

/**
 * May this field pass from the providing to the receiving agency, for this purpose, at this time, under a
 * data-sharing agreement? Answers any number of questions with one SQL statement.
 */
export async function decideDataSharing(db: Pick<EntityManager, 'query'>, questions: SharingQuestion[]): Promise<SharingDecision[]> {
  if (!questions.length) return [];
  const pairs = [...new Set(questions.map((q) => `${q.providingAgencyId}|${q.receivingAgencyId}`))].map((p) => p.split('|'));
  const rows: AgreementRow[] = await db.query(
    `SELECT ${agreementColumnsSql('d')}
       FROM data_sharing_agreements d
       JOIN unnest($1::uuid[], $2::uuid[]) AS pair(providing, receiving)
         ON d.providing_agency_id = pair.providing AND d.receiving_agency_id = pair.receiving`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  const byPair = new Map<string, AgreementRow[]>();
  for (const r of rows) {
    const key = `${r.providing_agency_id}|${r.receiving_agency_id}`;
    byPair.set(key, [...(byPair.get(key) ?? []), r]);
  }
  const now = new Date();
  // copies: callers may adjust their answers (judgeSharing shares one decision between questions)
  return questions.map((q) => ({ ...judgeSharing(byPair.get(`${q.providingAgencyId}|${q.receivingAgencyId}`) ?? [], q, now) }));
}

/** The UTC day of a moment, as agreements' validity dates are written; a page asks it of one moment hundreds of times. */
let lastDay: { time: number; day: string } = { time: NaN, day: '' };
function dayOf(at: Date): string {
  const time = at.getTime();
  if (time !== lastDay.time) lastDay = { time, day: at.toISOString().slice(0, 10) };
  return lastDay.day;
}

/**
 * The moments at which some decision on these agreements can change (a termination, the last signature, the
 * first day of validity, the day after the last), sorted: between two of them every question gets the same answer.
 */
function changesOf(agreements: AgreementRow[]): number[] {
  const times: number[] = [];
  for (const a of agreements) {
    if (a.terminated_at) times.push(new Date(a.terminated_at).getTime());
    if (a.fully_signed_at) times.push(new Date(a.fully_signed_at).getTime());
    times.push(Date.parse(`${a.valid_from}T00:00:00Z`), Date.parse(`${a.valid_until}T00:00:00Z`) + 86_400_000);
  }
  return times.filter((t) => !Number.isNaN(t)).sort((x, y) => x - y);
}

interface Judged { decision: SharingDecision; from: number; until: number }

/**
 * Decisions already made on one list of agreements (the lists the agreement pair cache holds live as long as
 * the agreements do not change), by purpose and field, each with the span of time it holds for: an inbox
 * page asks the same few hundred questions on every read.
 */
const judgedOn = new WeakMap<AgreementRow[], { changes: number[]; decisions: Map<string, Map<string, Judged>> }>();

/** The decision for one question, from the agreements between its two agencies (the same object for the same answer: never change it). */
export function judgeSharing(agreements: AgreementRow[], q: SharingQuestion, now: Date): SharingDecision {
  if (!agreements.length) return { allowed: false, reason: Reason.NO_AGREEMENT, agreementId: null, retentionDays: null };
  const at = q.at ?? now;
  const time = at.getTime();
  let held = judgedOn.get(agreements);
  if (!held) judgedOn.set(agreements, (held = { changes: changesOf(agreements), decisions: new Map() }));
  let ofPurpose = held.decisions.get(q.purpose);
  if (!ofPurpose) held.decisions.set(q.purpose, (ofPurpose = new Map()));
  const known = ofPurpose.get(q.field);
  if (known && known.from <= time && time < known.until) return known.decision;
  const decision = judgeNow(agreements, q, at);
  let from = -Infinity;
  let until = Infinity;
  for (const t of held.changes) {
    if (t <= time) from = t;
    else {
      until = t;
      break;
    }
  }
  ofPurpose.set(q.field, { decision, from, until });
  return decision;
}

function judgeNow(agreements: AgreementRow[], q: SharingQuestion, at: Date): SharingDecision {
  const day = dayOf(at);
  // the closest agreement, the latest-ending among equally close ones (the first of equals)
  type Judged = { a: AgreementRow; reason: Reason };
  const before = (x: Judged, y: Judged) => CLOSENESS.indexOf(x.reason) - CLOSENESS.indexOf(y.reason) || y.a.valid_until.localeCompare(x.a.valid_until);
  let best: Judged | null = null;
  for (const a of agreements) {
    const candidate = { a, reason: judge(a, q, at, day) };
    if (best === null || before(candidate, best) < 0) best = candidate;
  }
  best = best!;
  return { allowed: best.reason === Reason.ALLOWED, reason: best.reason, agreementId: best.a.id, retentionDays: best.a.retention_days };
}
