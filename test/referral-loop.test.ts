import { createHash, randomUUID } from 'node:crypto';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
import { Client } from 'pg';
import { codes, gql, ok, tokenFor, type GqlResult, wholeAuditTrail } from './support/client';

/**
 * The referral loop as people work it: after ACCEPTED the receiver moves a referral to IN_PROGRESS and
 * ON_HOLD and back, then COMPLETED; the receiving agency assigns it to one of its staff; the sender asks for
 * an update, flagged in the receiver's inbox until it answers. Every case and referral here is this file's own
 * (IOM Niger -> the Agadez women's NGO, under the demo agreement); no demo record changes.
 */

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const FIELDS = `id status updateRequestedAt assignedTo assignedAt completedAt outcome cancelledAt
  history { id kind fromStatus toStatus actorId actorAgencyId reason note assignedTo }`;

let amina: string; // IOM Niger case manager (sender)
let ibrahim: string; // IOM Niger referral focal point (sender side)
let oumarou: string; // IOM Niger data protection officer (reads the case's audit trail)
let zeinabou: string; // Agadez women's NGO referral focal point (receiver)
let rakia: string; // Agadez women's NGO case manager (receiver)
let mariama: string; // Agadez women's NGO agency admin (receiver)
let hadiza: string; // Agadez women's NGO data protection officer (receiver, no role to work referrals)
let hiba: string; // Khartoum legal NGO case manager (unrelated)
let tariq: string; // Khartoum legal NGO focal point (unrelated)
let caseId: string;

const send = async (): Promise<string> => ok(await gql(`mutation($i: SendReferralInput!) { sendReferral(input: $i) { id status } }`,
  { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'Fictional: listening and case management' } }, amina)).sendReferral.id;
const read = (token: string, id: string) => gql(`query($id: ID!) { referral(id: $id) { ${FIELDS} } }`, { id }, token);
const accept = (token: string, id: string) => gql(`mutation($id: ID!) { acceptReferral(id: $id) { ${FIELDS} } }`, { id }, token);
const start = (token: string, id: string, note: string | null = null, idempotencyKey?: string) =>
  gql(`mutation($id: ID!, $note: String, $k: String) { startReferral(id: $id, note: $note, idempotencyKey: $k) { ${FIELDS} } }`, { id, note, k: idempotencyKey }, token);
const hold = (token: string, id: string, reason: string, idempotencyKey?: string) =>
  gql(`mutation($id: ID!, $reason: String!, $k: String) { holdReferral(id: $id, reason: $reason, idempotencyKey: $k) { ${FIELDS} } }`, { id, reason, k: idempotencyKey }, token);
const complete = (token: string, id: string, outcome = 'SERVICE_PROVIDED', outcomeReason: string | null = null) =>
  gql(`mutation($i: CompleteReferralInput!) { completeReferral(input: $i) { ${FIELDS} } }`, { i: { id, outcome, outcomeReason } }, token);
const cancel = (token: string, id: string, reason = 'Fictional: the person moved on') =>
  gql(`mutation($id: ID!, $reason: String!) { cancelReferral(id: $id, reason: $reason) { ${FIELDS} } }`, { id, reason }, token);
const decline = (token: string, id: string) => gql(`mutation($id: ID!) { declineReferral(input: { id: $id, reason: NO_CAPACITY }) { ${FIELDS} } }`, { id }, token);
const assign = (token: string, id: string, userId: string | null, idempotencyKey?: string) =>
  gql(`mutation($id: ID!, $u: ID, $k: String) { assignReferral(id: $id, userId: $u, idempotencyKey: $k) { ${FIELDS} } }`, { id, u: userId, k: idempotencyKey }, token);
const requestUpdate = (token: string, id: string, note: string | null = null, idempotencyKey?: string) =>
  gql(`mutation($id: ID!, $note: String, $k: String) { requestReferralUpdate(id: $id, note: $note, idempotencyKey: $k) { ${FIELDS} } }`, { id, note, k: idempotencyKey }, token);
const answer = (token: string, id: string, note: string, idempotencyKey?: string) =>
  gql(`mutation($id: ID!, $note: String!, $k: String) { answerUpdateRequest(id: $id, note: $note, idempotencyKey: $k) { ${FIELDS} } }`, { id, note, k: idempotencyKey }, token);

/** Every referral id a list query returns for the filter, page by page. */
async function idsOf(field: 'referralInbox' | 'myReferrals' | 'sentReferrals', token: string, filter: Record<string, unknown> | null = null): Promise<Set<string>> {
  const out = new Set<string>();
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const r: GqlResult = await gql(`query($f: ReferralFilter, $after: String) { ${field}(first: 100, after: $after, filter: $f) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
      { f: filter, after }, token);
    const conn = ok(r)[field];
    for (const e of conn.edges) out.add(e.node.id);
    if (!conn.pageInfo.hasNextPage) return out;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

/** The whole audit trail of this file's case, every page. */
const trail = () => wholeAuditTrail(caseId, oumarou);

/** The history's states chain: each step starts where the one before ended. */
function expectChained(history: any[]) {
  for (let i = 1; i < history.length; i++) expect([i, history[i].fromStatus]).toEqual([i, history[i - 1].toStatus]);
}

const accepted = async () => {
  const id = await send();
  ok(await accept(zeinabou, id));
  return id;
};

beforeAll(async () => {
  [amina, ibrahim, oumarou, zeinabou, rakia, mariama, hadiza, hiba, tariq] = await Promise.all([
    'amina.cm@iom-niger.example.org', 'ibrahim.rfp@iom-niger.example.org', 'oumarou.dpo@iom-niger.example.org',
    'zeinabou.rfp@tenere-femmes.example.org', 'rakia.cm@tenere-femmes.example.org', 'mariama.admin@tenere-femmes.example.org', 'hadiza.dpo@tenere-femmes.example.org',
    'hiba.cm@nile-legal.example.org', 'tariq.rfp@nile-legal.example.org',
  ].map((e) => tokenFor(e)));
  caseId = ok(await gql(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
    person: { givenName: `Loopina${Date.now().toString(36)}`, familyName: 'Fictional', phone: '+227 90 00 11 22' },
    consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT'] },
  } }, amina)).registerCase.id;
});

describe('1. IN_PROGRESS and ON_HOLD', () => {
  it('walks ACCEPTED -> IN_PROGRESS -> ON_HOLD -> IN_PROGRESS -> COMPLETED, each step in the history and audited', async () => {
    const id = await accepted();
    const started = ok(await start(rakia, id, 'First session booked')).startReferral;
    expect(started.status).toBe('IN_PROGRESS');
    const reason = 'Fictional: she is in hospital in Arlit this week';
    const held = ok(await hold(zeinabou, id, `  ${reason}  `)).holdReferral;
    expect(held.status).toBe('ON_HOLD');
    expect(ok(await start(mariama, id)).startReferral.status).toBe('IN_PROGRESS');
    const done = ok(await complete(zeinabou, id)).completeReferral;
    expect(done).toMatchObject({ status: 'COMPLETED', outcome: 'SERVICE_PROVIDED', completedAt: expect.any(String) });
    expect(done.history.map((h: any) => [h.kind, h.fromStatus, h.toStatus, h.reason])).toEqual([
      ['TRANSITION', null, 'SENT', null], ['TRANSITION', 'SENT', 'ACCEPTED', null], ['TRANSITION', 'ACCEPTED', 'IN_PROGRESS', null],
      ['TRANSITION', 'IN_PROGRESS', 'ON_HOLD', reason], ['TRANSITION', 'ON_HOLD', 'IN_PROGRESS', null], ['TRANSITION', 'IN_PROGRESS', 'COMPLETED', 'SERVICE_PROVIDED'],
    ]);
    expect(done.history[2]).toMatchObject({ note: 'First session booked', actorId: USER.AGADEZ_WOMEN_CASE_MANAGER, actorAgencyId: AGENCY.AGADEZ_WOMEN });
    // the sender sees the same history
    expect(ok(await read(amina, id)).referral.history).toEqual(done.history);

    const events = (await trail()).filter((e: any) => e.details.referralId === id);
    expect(events.map((e: any) => [e.action, e.details.from])).toEqual(expect.arrayContaining([
      ['referral.in_progress', 'ACCEPTED'], ['referral.on_hold', 'IN_PROGRESS'], ['referral.in_progress', 'ON_HOLD'], ['referral.completed', 'IN_PROGRESS'],
    ]));
    const onHold = events.find((e: any) => e.action === 'referral.on_hold');
    // the hold reason is free text: the audit log holds its hash only
    expect(onHold.details).toMatchObject({ reason: null, reasonSha256: sha256(reason) });
    expect(JSON.stringify(events)).not.toMatch(/Arlit|First session/);
  });

  it('completes from ON_HOLD, and holds straight from ACCEPTED', async () => {
    const id = await accepted();
    expect(ok(await hold(zeinabou, id, 'Fictional: waiting for a document')).holdReferral.status).toBe('ON_HOLD');
    const done = ok(await complete(zeinabou, id, 'NOT_PROVIDED', 'CLIENT_UNREACHABLE')).completeReferral;
    expect(done).toMatchObject({ status: 'COMPLETED', outcome: 'NOT_PROVIDED' });
    expect(done.history.at(-1)).toMatchObject({ fromStatus: 'ON_HOLD', toStatus: 'COMPLETED' });
  });

  it('lets the sender cancel while IN_PROGRESS or ON_HOLD', async () => {
    const a = await accepted();
    ok(await start(zeinabou, a));
    expect(ok(await cancel(amina, a)).cancelReferral).toMatchObject({ status: 'CANCELLED', cancelledAt: expect.any(String) });
    const b = await accepted();
    ok(await hold(zeinabou, b, 'Fictional: paused'));
    expect(ok(await cancel(amina, b)).cancelReferral.history.at(-1)).toMatchObject({ fromStatus: 'ON_HOLD', toStatus: 'CANCELLED' });
  });

  it('refuses each transition from a wrong state with CONFLICT, and changes nothing', async () => {
    const sent = await send();
    expect(codes(await start(zeinabou, sent))).toEqual(['CONFLICT']);
    expect(codes(await hold(zeinabou, sent, 'Fictional'))).toEqual(['CONFLICT']);
    const inProgress = await accepted();
    ok(await start(zeinabou, inProgress));
    const again = await start(zeinabou, inProgress);
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(again.errors![0].message).toContain('ACCEPTED or ON_HOLD');
    expect(again.errors![0].extensions?.status).toBe('IN_PROGRESS');
    expect(codes(await accept(zeinabou, inProgress))).toEqual(['CONFLICT']);
    expect(codes(await decline(zeinabou, inProgress))).toEqual(['CONFLICT']);
    const onHold = await accepted();
    ok(await hold(zeinabou, onHold, 'Fictional'));
    expect(codes(await hold(zeinabou, onHold, 'Fictional again'))).toEqual(['CONFLICT']);
    expect(codes(await accept(zeinabou, onHold))).toEqual(['CONFLICT']);
    const completed = await accepted();
    ok(await complete(zeinabou, completed));
    const cancelled = await accepted();
    ok(await cancel(amina, cancelled));
    const declined = await send();
    ok(await decline(zeinabou, declined));
    for (const id of [completed, cancelled, declined]) {
      expect(codes(await start(zeinabou, id))).toEqual(['CONFLICT']);
      expect(codes(await hold(zeinabou, id, 'Fictional'))).toEqual(['CONFLICT']);
    }
    expect(codes(await cancel(amina, completed))).toEqual(['CONFLICT']);
    expect(codes(await complete(zeinabou, cancelled))).toEqual(['CONFLICT']);
    expect(ok(await read(amina, inProgress)).referral.history).toHaveLength(3);
    expect(ok(await read(amina, onHold)).referral.status).toBe('ON_HOLD');
  });

  it('needs a reason to hold, and only the receiving agency\'s staff start or hold; others get FORBIDDEN or NOT_FOUND', async () => {
    const id = await accepted();
    expect(codes(await hold(zeinabou, id, '   '))).toEqual(['BAD_USER_INPUT']);
    // the sender's staff: the authority table gives the sender no start or hold
    expect(codes(await start(amina, id))).toEqual(['FORBIDDEN']);
    expect(codes(await hold(amina, id, 'Fictional'))).toEqual(['FORBIDDEN']);
    // a receiving DPO has no role that works referrals
    expect(codes(await start(hadiza, id))).toEqual(['FORBIDDEN']);
    // another agency does not learn the referral exists
    expect(codes(await start(hiba, id))).toEqual(['NOT_FOUND']);
    expect(codes(await hold(tariq, id, 'Fictional'))).toEqual(['NOT_FOUND']);
    expect(codes(await start(zeinabou, randomUUID()))).toEqual(['NOT_FOUND']);
    expect(ok(await read(zeinabou, id)).referral.status).toBe('ACCEPTED');
  });

  it('lets the receiving agency\'s DPO correct or erase a hold reason (free text), as for a cancellation', async () => {
    const id = await accepted();
    ok(await assign(zeinabou, id, USER.AGADEZ_WOMEN_CASE_MANAGER));
    ok(await hold(zeinabou, id, 'Fictional: her brother Sani is ill'));
    const events = ok(await gql(`query($id: ID!) { referral(id: $id) { history { id kind toStatus } } }`, { id }, hadiza)).referral.history;
    const held = events.find((h: any) => h.kind === 'TRANSITION' && h.toStatus === 'ON_HOLD');
    const correct = (eventId: string, reason: string | null) =>
      gql(`mutation($e: ID!, $r: String) { correctReferralText(eventId: $e, note: null, reason: $r) { status history { id reason correctedAt } } }`, { e: eventId, r: reason }, hadiza);
    const fixed = ok(await correct(held.id, 'Fictional: family matters')).correctReferralText;
    expect(fixed.status).toBe('ON_HOLD');
    expect(fixed.history.find((h: any) => h.id === held.id)).toMatchObject({ reason: 'Fictional: family matters', correctedAt: expect.any(String) });
    // an assignment has no reason to correct
    const assigned = events.find((h: any) => h.kind === 'ASSIGNED');
    expect(codes(await correct(assigned.id, 'Fictional'))).toEqual(['BAD_USER_INPUT']);
  });

  it('replays startReferral and holdReferral with the same idempotency key, once', async () => {
    const id = await accepted();
    const key = randomUUID();
    const first = ok(await start(zeinabou, id, null, key)).startReferral;
    const replay = ok(await start(zeinabou, id, null, key)).startReferral;
    expect(replay.status).toBe('IN_PROGRESS');
    expect(replay.history).toEqual(first.history);
    const holdKey = randomUUID();
    ok(await hold(zeinabou, id, 'Fictional: paused', holdKey));
    expect(ok(await hold(zeinabou, id, 'Fictional: paused', holdKey)).holdReferral.history).toHaveLength(4);
    expect(codes(await hold(zeinabou, id, 'Fictional: another reason', holdKey))).toEqual(['CONFLICT']);
  });
});

describe('1b. history order', () => {
  it('lists the history in the order it happened when its event ids gain a digit (they were sorted as text: 1000 before 999)', async () => {
    const url = process.env.MRN_TEST_DATABASE_URL;
    if (!url) return; // the embedded database's sequence cannot be moved from here; real PostgreSQL runs cover it
    const db = new Client({ connectionString: url });
    await db.connect();
    let boundary: number;
    try {
      const [{ last_value }] = (await db.query(`SELECT last_value::bigint::text AS last_value FROM referral_events_id_seq`)).rows;
      boundary = 10 ** String(Number(last_value) + 100).length;
      await db.query(`SELECT setval('referral_events_id_seq', $1)`, [boundary - 40]);
    } finally {
      await db.end();
    }
    const id = await send();
    ok(await accept(zeinabou, id));
    let history: any[] = [];
    for (let i = 0; i < 100; i++) {
      history = ok(await assign(zeinabou, id, i % 2 ? null : USER.AGADEZ_WOMEN_CASE_MANAGER)).assignReferral.history;
      if (Number(history.reduce((max: any, h: any) => (Number(h.id) > Number(max) ? h.id : max), 0)) >= boundary) break;
    }
    ok(await start(zeinabou, id));
    history = ok(await read(amina, id)).referral.history;
    expect(Number(history.at(-1).id)).toBeGreaterThanOrEqual(boundary);
    expect(Number(history[0].id)).toBeLessThan(boundary);
    expect(history.map((h: any) => Number(h.id))).toEqual(history.map((h: any) => Number(h.id)).sort((a: number, b: number) => a - b));
    expect(history[0].toStatus).toBe('SENT');
    expect(history.at(-1)).toMatchObject({ fromStatus: 'ACCEPTED', toStatus: 'IN_PROGRESS' });
  });
});

describe('2. races', () => {
  it('startReferral against cancelReferral: one locks first; if cancel wins, start gets CONFLICT; if start wins, cancel follows it; never both from ACCEPTED', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const id = await accepted();
      const [s, c] = await Promise.all([start(zeinabou, id), cancel(amina, id)]);
      // the sender may cancel a referral in progress: the only CONFLICT possible is a start after the cancel
      expect(codes(c)).toEqual([]);
      const after = ok(await read(amina, id)).referral;
      expect(after.status).toBe('CANCELLED');
      expectChained(after.history);
      const transitions = after.history.map((h: any) => h.toStatus);
      if (codes(s).length) {
        expect(codes(s)).toEqual(['CONFLICT']);
        expect(s.errors![0].extensions?.status).toBe('CANCELLED');
        expect(transitions).toEqual(['SENT', 'ACCEPTED', 'CANCELLED']);
        seen.add('cancel first');
      } else {
        expect(transitions).toEqual(['SENT', 'ACCEPTED', 'IN_PROGRESS', 'CANCELLED']);
        seen.add('start first');
      }
      // exactly one step left ACCEPTED
      expect(after.history.filter((h: any) => h.fromStatus === 'ACCEPTED')).toHaveLength(1);
    }
    expect(seen.size).toBeGreaterThan(0);
  });

  it('completeReferral against cancelReferral on a referral IN_PROGRESS: exactly one wins, the other gets CONFLICT', async () => {
    for (let i = 0; i < 3; i++) {
      const id = await accepted();
      ok(await start(zeinabou, id));
      const [done, c] = await Promise.all([complete(zeinabou, id), cancel(amina, id)]);
      expect([codes(done).join(','), codes(c).join(',')].sort()).toEqual(['', 'CONFLICT']);
      const winner = codes(done).length ? 'CANCELLED' : 'COMPLETED';
      const after = ok(await read(amina, id)).referral;
      expect(after.status).toBe(winner);
      expect(after.history.map((h: any) => h.toStatus)).toEqual(['SENT', 'ACCEPTED', 'IN_PROGRESS', winner]);
    }
  });

  it('two receivers starting one referral at once: exactly one wins, the other gets CONFLICT', async () => {
    const id = await accepted();
    const [a, b] = await Promise.all([start(zeinabou, id), start(mariama, id)]);
    expect([codes(a).join(','), codes(b).join(',')].sort()).toEqual(['', 'CONFLICT']);
    expect(ok(await read(amina, id)).referral.history.filter((h: any) => h.toStatus === 'IN_PROGRESS')).toHaveLength(1);
  });
});

describe('3. assignment', () => {
  it('the receiving focal point assigns to a case manager of its agency; the history and audit keep it; the assignee sees it in myReferrals', async () => {
    const id = await accepted();
    const assigned = ok(await assign(zeinabou, id, USER.AGADEZ_WOMEN_CASE_MANAGER)).assignReferral;
    expect(assigned).toMatchObject({ status: 'ACCEPTED', assignedTo: USER.AGADEZ_WOMEN_CASE_MANAGER, assignedAt: expect.any(String) });
    expect(assigned.history.at(-1)).toMatchObject({ kind: 'ASSIGNED', fromStatus: 'ACCEPTED', toStatus: 'ACCEPTED', assignedTo: USER.AGADEZ_WOMEN_CASE_MANAGER, actorId: USER.AGADEZ_WOMEN_FOCAL_POINT });
    expect((await idsOf('myReferrals', rakia)).has(id)).toBe(true);
    expect((await idsOf('myReferrals', zeinabou)).has(id)).toBe(false);
    // the sender sees neither who nor when (the history says that it was assigned)
    expect(ok(await read(amina, id)).referral).toMatchObject({ assignedTo: null, assignedAt: null });

    // reassigned by the agency admin to the focal point, then unassigned
    expect(ok(await assign(mariama, id, USER.AGADEZ_WOMEN_FOCAL_POINT)).assignReferral.assignedTo).toBe(USER.AGADEZ_WOMEN_FOCAL_POINT);
    expect((await idsOf('myReferrals', rakia)).has(id)).toBe(false);
    expect((await idsOf('myReferrals', zeinabou)).has(id)).toBe(true);
    const unassigned = ok(await assign(zeinabou, id, null)).assignReferral;
    expect(unassigned).toMatchObject({ assignedTo: null, assignedAt: null });
    expect(unassigned.history.filter((h: any) => h.kind === 'ASSIGNED').map((h: any) => h.assignedTo))
      .toEqual([USER.AGADEZ_WOMEN_CASE_MANAGER, USER.AGADEZ_WOMEN_FOCAL_POINT, null]);
    expect((await idsOf('myReferrals', zeinabou)).has(id)).toBe(false);

    const audit = (await trail()).filter((e: any) => e.action === 'referral.assigned' && e.details.referralId === id).map((e: any) => [e.details.from, e.details.to]);
    expect(audit).toEqual(expect.arrayContaining([[null, USER.AGADEZ_WOMEN_CASE_MANAGER], [USER.AGADEZ_WOMEN_CASE_MANAGER, USER.AGADEZ_WOMEN_FOCAL_POINT], [USER.AGADEZ_WOMEN_FOCAL_POINT, null]]));
    expect(audit).toHaveLength(3);
  });

  it('refuses an assignee outside the receiving agency\'s referral staff (BAD_USER_INPUT), a repeat (CONFLICT), the wrong caller and a closed referral', async () => {
    const id = await send();
    for (const who of [USER.IOM_NIGER_CASE_MANAGER, USER.AGADEZ_WOMEN_DPO, randomUUID(), 'not-a-user']) {
      const r = await assign(zeinabou, id, who);
      expect([who, codes(r)]).toEqual([who, ['BAD_USER_INPUT']]);
    }
    ok(await assign(zeinabou, id, USER.AGADEZ_WOMEN_CASE_MANAGER));
    expect(codes(await assign(zeinabou, id, USER.AGADEZ_WOMEN_CASE_MANAGER))).toEqual(['CONFLICT']);
    // a case manager of the receiving agency works referrals but does not assign them; the sender cannot
    expect(codes(await assign(rakia, id, USER.AGADEZ_WOMEN_FOCAL_POINT))).toEqual(['FORBIDDEN']);
    expect(codes(await assign(ibrahim, id, USER.IOM_NIGER_FOCAL_POINT))).toEqual(['FORBIDDEN']);
    expect(codes(await assign(tariq, id, USER.KHARTOUM_LEGAL_FOCAL_POINT))).toEqual(['NOT_FOUND']);
    const done = await accepted();
    ok(await complete(zeinabou, done));
    expect(codes(await assign(zeinabou, done, USER.AGADEZ_WOMEN_CASE_MANAGER))).toEqual(['CONFLICT']);
    expect(ok(await read(zeinabou, id)).referral.history.filter((h: any) => h.kind === 'ASSIGNED')).toHaveLength(1);
  });

  it('replays assignReferral with the same idempotency key', async () => {
    const id = await send();
    const key = randomUUID();
    ok(await assign(zeinabou, id, USER.AGADEZ_WOMEN_CASE_MANAGER, key));
    const replay = ok(await assign(zeinabou, id, USER.AGADEZ_WOMEN_CASE_MANAGER, key)).assignReferral;
    expect(replay.history.filter((h: any) => h.kind === 'ASSIGNED')).toHaveLength(1);
    expect(codes(await assign(zeinabou, id, USER.AGADEZ_WOMEN_FOCAL_POINT, key))).toEqual(['CONFLICT']);
  });

  it('filters the inbox by assignment: assignedToMe and unassigned, both ways', async () => {
    const mine = await send();
    const theirs = await send();
    const nobody = await send();
    ok(await assign(zeinabou, mine, USER.AGADEZ_WOMEN_FOCAL_POINT));
    ok(await assign(zeinabou, theirs, USER.AGADEZ_WOMEN_CASE_MANAGER));
    const has = (set: Set<string>) => [mine, theirs, nobody].map((id) => set.has(id));
    expect(has(await idsOf('referralInbox', zeinabou))).toEqual([true, true, true]);
    expect(has(await idsOf('referralInbox', zeinabou, { assignedToMe: true }))).toEqual([true, false, false]);
    expect(has(await idsOf('referralInbox', zeinabou, { assignedToMe: false }))).toEqual([false, true, true]);
    expect(has(await idsOf('referralInbox', zeinabou, { unassigned: true }))).toEqual([false, false, true]);
    expect(has(await idsOf('referralInbox', zeinabou, { unassigned: false }))).toEqual([true, true, false]);
    expect(has(await idsOf('referralInbox', rakia, { assignedToMe: true }))).toEqual([false, true, false]);
    expect(has(await idsOf('myReferrals', rakia))).toEqual([false, true, false]);
    expect(has(await idsOf('myReferrals', rakia, { status: ['ACCEPTED'] }))).toEqual([false, false, false]);
    // assignment is the receiver's business: the sent list does not filter by it
    expect(codes(await gql(`{ sentReferrals(filter: { unassigned: true }) { totalCount } }`, {}, amina))).toEqual(['BAD_USER_INPUT']);
    // another agency's myReferrals is its own
    expect(has(await idsOf('myReferrals', tariq))).toEqual([false, false, false]);
  });
});

describe('4. update requests', () => {
  it('the sender asks; the receiver sees it flagged in its inbox until it answers; history and audit keep both, the audit without the text', async () => {
    const id = await accepted();
    const asked = ok(await requestUpdate(amina, id, 'Fictional: did Hawa come to the session?')).requestReferralUpdate;
    expect(asked.updateRequestedAt).toEqual(expect.any(String));
    expect(asked.history.at(-1)).toMatchObject({ kind: 'UPDATE_REQUESTED', fromStatus: 'ACCEPTED', toStatus: 'ACCEPTED', note: 'Fictional: did Hawa come to the session?', actorId: USER.IOM_NIGER_CASE_MANAGER });
    expect(ok(await read(zeinabou, id)).referral.updateRequestedAt).toBe(asked.updateRequestedAt);
    expect((await idsOf('referralInbox', zeinabou, { updateRequested: true })).has(id)).toBe(true);
    expect((await idsOf('referralInbox', zeinabou, { updateRequested: false })).has(id)).toBe(false);
    // one open request at a time
    expect(codes(await requestUpdate(ibrahim, id))).toEqual(['CONFLICT']);

    const answered = ok(await answer(rakia, id, 'Fictional: Hawa came on Monday')).answerUpdateRequest;
    expect(answered.updateRequestedAt).toBeNull();
    expect(answered.status).toBe('ACCEPTED');
    expect(answered.history.at(-1)).toMatchObject({ kind: 'UPDATE_ANSWERED', note: 'Fictional: Hawa came on Monday', actorId: USER.AGADEZ_WOMEN_CASE_MANAGER });
    expect((await idsOf('referralInbox', zeinabou, { updateRequested: true })).has(id)).toBe(false);
    expect((await idsOf('referralInbox', zeinabou, { updateRequested: false })).has(id)).toBe(true);
    expect(codes(await answer(rakia, id, 'Fictional: again'))).toEqual(['CONFLICT']);

    const events = (await trail()).filter((e: any) => e.details.referralId === id);
    expect(events.map((e: any) => e.action)).toEqual(expect.arrayContaining(['referral.update_requested', 'referral.update_answered']));
    expect(events.find((e: any) => e.action === 'referral.update_requested').details.noteSha256).toBe(sha256('Fictional: did Hawa come to the session?'));
    expect(JSON.stringify(events)).not.toMatch(/Hawa/);
  });

  it('the receiver\'s next transition answers it too', async () => {
    const id = await accepted();
    ok(await requestUpdate(ibrahim, id));
    const started = ok(await start(zeinabou, id)).startReferral;
    expect(started.updateRequestedAt).toBeNull();
    expect((await idsOf('referralInbox', zeinabou, { updateRequested: true })).has(id)).toBe(false);
    const audit = (await trail()).find((e: any) => e.action === 'referral.in_progress' && e.details.referralId === id);
    expect(audit.details.answeredUpdateRequest).toBe(true);
    // and a new request can be made
    expect(ok(await requestUpdate(amina, id)).requestReferralUpdate.updateRequestedAt).toEqual(expect.any(String));
  });

  it('only the sender asks and only the receiver answers; not on a closed referral; answers need a note; replays are idempotent', async () => {
    const id = await send();
    expect(codes(await requestUpdate(zeinabou, id))).toEqual(['FORBIDDEN']);
    expect(codes(await requestUpdate(tariq, id))).toEqual(['NOT_FOUND']);
    const key = randomUUID();
    ok(await requestUpdate(amina, id, null, key));
    expect(ok(await requestUpdate(amina, id, null, key)).requestReferralUpdate.history.filter((h: any) => h.kind === 'UPDATE_REQUESTED')).toHaveLength(1);
    expect(codes(await answer(amina, id, 'Fictional'))).toEqual(['FORBIDDEN']);
    expect(codes(await answer(hiba, id, 'Fictional'))).toEqual(['NOT_FOUND']);
    expect(codes(await answer(zeinabou, id, '  '))).toEqual(['BAD_USER_INPUT']);
    const answerKey = randomUUID();
    ok(await answer(zeinabou, id, 'Fictional: we call her tomorrow', answerKey));
    expect(ok(await answer(zeinabou, id, 'Fictional: we call her tomorrow', answerKey)).answerUpdateRequest.history.filter((h: any) => h.kind === 'UPDATE_ANSWERED')).toHaveLength(1);
    ok(await decline(zeinabou, id));
    expect(codes(await requestUpdate(amina, id))).toEqual(['CONFLICT']);
  });
});
