import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { AGENCY } from '../seed/demo-data';
import { MOU } from '../seed/agreements-data';
import { codes, gql, ok, tokenFor } from './support/client';

/**
 * An MoU is in force only once every party has signed it, one signature per party by its AGENCY_ADMIN.
 * Everything written here is between agencies created here; demo records are only read.
 */

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const run = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
let seq = 0;
const DOC = { url: 'https://documents.example.org/signed-mou.pdf', sha256: 'cd'.repeat(32) };
const MOU_FIELDS = `id status signedOn effectiveFrom expiresOn document { sha256 } parties { id }
  signatures { agencyId signedBy signerRole signedOn signedAt } awaitingSignatureFrom { id }`;

interface Staff { id: string; admin: string; adminSub: string; dpo: string; cm: string }
let networkAdmin: string;
let steering: string;

async function newAgency(label: string): Promise<Staff> {
  const id = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
    { input: { names: [{ lang: 'en', text: `Signatures ${label} ${run}` }], type: 'NATIONAL_NGO', countryCode: 'NE', fictional: true } }, networkAdmin)).createAgency.id as string;
  const adminSub = randomUUID();
  return {
    id, adminSub,
    admin: await tokenFor({ sub: adminSub, agency: id, roles: [Role.AGENCY_ADMIN] }),
    dpo: await tokenFor({ sub: randomUUID(), agency: id, roles: [Role.DATA_PROTECTION_OFFICER] }),
    cm: await tokenFor({ sub: randomUUID(), agency: id, roles: [Role.CASE_MANAGER] }),
  };
}

const createMou = (token: string, partyIds: string[], extra: Record<string, unknown> = {}) =>
  gql(`mutation($input: CreateMouInput!) { createMou(input: $input) { ${MOU_FIELDS} } }`,
    { input: { referenceNumber: `MOU-SIG-${run}-${++seq}`, title: 'Signature test MoU', partyIds, ...extra } }, token);
const signMou = (token: string, id: string, extra: Record<string, unknown> = {}) =>
  gql(`mutation($input: SignMouInput!) { signMou(input: $input) { ${MOU_FIELDS} } }`, { input: { id, signedOn: day(0), document: DOC, ...extra } }, token);
const readMou = (token: string, id: string) => gql(`query($id: ID!) { mou(id: $id) { ${MOU_FIELDS} } }`, { id }, token);
const partners = async (token: string, agencyId: string) =>
  ok(await gql(`query($id: ID!) { agency(id: $id) { partners { id } } }`, { id: agencyId }, token)).agency.partners.map((a: any) => a.id) as string[];

beforeAll(async () => {
  networkAdmin = await tokenFor('nadia.admin@referral-network.example.org');
  steering = await tokenFor('abdoulaye.sc@referral-network.example.org');
});

describe('MoU signatures', () => {
  let a: Staff;
  let b: Staff;
  let c: Staff;
  beforeAll(async () => {
    [a, b, c] = await Promise.all([newAgency('A'), newAgency('B'), newAgency('C')]);
  });

  it('one party signing alone leaves the MoU PARTIALLY_SIGNED: no partner, no service covered; the other party signing makes it ACTIVE', async () => {
    // a service of B's, which the MoU (no category or area restriction) would cover once in force
    const areaId = ok(await gql(`{ areas(filter: { countryCode: "NE", level: COUNTRY }) { edges { node { id } } } }`, {}, networkAdmin)).areas.edges[0].node.id;
    const location = ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
      { input: { agencyId: b.id, names: [{ lang: 'en', text: 'Office' }], facilityType: 'OTHER', areaId } }, b.admin)).createLocation.id;
    const service = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`, {
      input: { agencyId: b.id, names: [{ lang: 'en', text: `Signature clinic ${run}` }], categoryCodes: ['legal.documentation'], populations: ['ALL'],
        locationIds: [location], coverageAreaIds: [], languages: ['fr'], channels: ['WALK_IN'], timezone: 'Africa/Niamey',
        openingHours: [{ day: 'MONDAY', opens: '08:00', closes: '16:00' }] },
    }, b.admin)).createService.id;
    const mousOfService = async (token: string) => ok(await gql(`query($id: ID!) { service(id: $id) { mous { id } } }`, { id: service }, token)).service.mous.map((m: any) => m.id);

    const draft = ok(await createMou(a.admin, [a.id, b.id], { effectiveFrom: day(-1), expiresOn: day(300) })).createMou;
    expect(draft).toMatchObject({ status: 'DRAFT', signatures: [] });
    const before = Date.now();
    const half = ok(await signMou(a.admin, draft.id, { signedOn: day(-1) })).signMou;
    expect(half).toMatchObject({ status: 'PARTIALLY_SIGNED', signedOn: null, document: { sha256: DOC.sha256 }, awaitingSignatureFrom: [{ id: b.id }] });
    expect(half.signatures).toEqual([{ agencyId: a.id, signedBy: a.adminSub, signerRole: 'AGENCY_ADMIN', signedOn: day(-1), signedAt: expect.any(String) }]);
    expect(Date.parse(half.signatures[0].signedAt)).toBeGreaterThanOrEqual(before - 5_000);
    // not in force: neither agency has the other as a partner, B's service is not covered by it
    expect(await partners(b.cm, b.id)).toEqual([]);
    expect(await partners(a.cm, a.id)).toEqual([]);
    expect(await mousOfService(b.cm)).toEqual([]);
    expect((await listIds(a.admin, { status: ['ACTIVE'] }))).not.toContain(draft.id);
    expect((await listIds(a.admin, { status: ['PARTIALLY_SIGNED'] }))).toEqual([draft.id]);

    const full = ok(await signMou(b.admin, draft.id)).signMou;
    expect(full).toMatchObject({ status: 'ACTIVE', signedOn: day(0), effectiveFrom: day(-1), expiresOn: day(300), awaitingSignatureFrom: [] });
    expect(full.signatures.map((s: any) => s.agencyId)).toEqual([a.id, b.id]);
    expect(await partners(b.cm, b.id)).toEqual([a.id]);
    expect(await partners(a.cm, a.id)).toEqual([b.id]);
    expect(await mousOfService(b.cm)).toEqual([draft.id]);
    // the signatures show to whoever may see the MoU
    for (const token of [steering, networkAdmin, b.cm]) expect(ok(await readMou(token, draft.id)).mou.signatures).toHaveLength(2);

    async function listIds(token: string, filter: Record<string, unknown>) {
      return ok(await gql(`query($f: MouFilter) { mous(first: 100, filter: $f) { edges { node { id } } } }`, { f: { partyAgencyId: a.id, ...filter } }, token))
        .mous.edges.map((e: any) => e.node.id);
    }
  });

  it('needs every one of three parties', async () => {
    const draft = ok(await createMou(a.admin, [a.id, b.id, c.id])).createMou;
    expect(ok(await signMou(c.admin, draft.id)).signMou.status).toBe('PARTIALLY_SIGNED');
    expect(ok(await signMou(a.admin, draft.id)).signMou).toMatchObject({ status: 'PARTIALLY_SIGNED', awaitingSignatureFrom: [{ id: b.id }] });
    expect(ok(await signMou(b.admin, draft.id)).signMou.status).toBe('ACTIVE');
  });

  it('refuses a second signature for the same party (CONFLICT) and records one', async () => {
    const draft = ok(await createMou(a.admin, [a.id, b.id])).createMou;
    ok(await signMou(a.admin, draft.id));
    const again = await signMou(a.admin, draft.id);
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(again.errors![0].message).toMatch(/already signed/);
    // another AGENCY_ADMIN of the same agency cannot sign for it again either
    const colleague = await tokenFor({ sub: randomUUID(), agency: a.id, roles: [Role.AGENCY_ADMIN] });
    expect(codes(await signMou(colleague, draft.id))).toEqual(['CONFLICT']);
    expect(ok(await readMou(a.admin, draft.id)).mou).toMatchObject({ status: 'PARTIALLY_SIGNED' });
    expect(ok(await readMou(a.admin, draft.id)).mou.signatures).toHaveLength(1);
    // once in force too
    ok(await signMou(b.admin, draft.id));
    expect(codes(await signMou(b.admin, draft.id))).toEqual(['CONFLICT']);
  });

  it('lets no one sign for an agency but its own AGENCY_ADMIN: not a NETWORK_ADMIN, a DPO, a case manager or another agency', async () => {
    const created = ok(await createMou(networkAdmin, [a.id, b.id])).createMou; // a network admin may still draft one
    for (const token of [networkAdmin, a.dpo, a.cm, c.admin, steering]) {
      expect(codes(await signMou(token, created.id))).toEqual(c.admin === token ? ['NOT_FOUND'] : ['FORBIDDEN']);
    }
    expect(ok(await readMou(networkAdmin, created.id)).mou).toMatchObject({ status: 'DRAFT', signatures: [] });
  });

  it('makes every party sign the same document and dates (CONFLICT otherwise); a partially signed MoU can no longer be edited', async () => {
    const draft = ok(await createMou(a.admin, [a.id, b.id])).createMou;
    ok(await signMou(a.admin, draft.id, { effectiveFrom: day(0), expiresOn: day(100) }));
    expect(codes(await signMou(b.admin, draft.id, { document: { ...DOC, sha256: 'ef'.repeat(32) } }))).toEqual(['CONFLICT']);
    expect(codes(await signMou(b.admin, draft.id, { effectiveFrom: day(5) }))).toEqual(['CONFLICT']);
    expect(codes(await signMou(b.admin, draft.id, { expiresOn: day(200) }))).toEqual(['CONFLICT']);
    expect(codes(await gql(`mutation($input: UpdateMouInput!) { updateMou(input: $input) { id } }`, { input: { id: draft.id, title: 'Changed' } }, b.admin))).toEqual(['CONFLICT']);
    expect(ok(await readMou(a.admin, draft.id)).mou.signatures).toHaveLength(1);
    // the same terms, repeated or left out
    expect(ok(await signMou(b.admin, draft.id, { expiresOn: day(100) })).signMou).toMatchObject({ status: 'ACTIVE', expiresOn: day(100) });
  });

  it('keeps the demo: each signed demo MoU has a signature per party, the draft none', async () => {
    for (const id of [MOU.IOM_NIGER_AGADEZ_WOMEN, MOU.IOM_NIGER_DIRECTORATE, MOU.IOM_SUDAN_LEGAL_AID, MOU.MALI_MINISTRY_CHILDREN]) {
      const m = ok(await readMou(networkAdmin, id)).mou;
      expect(m.signatures.map((s: any) => s.agencyId).sort()).toEqual(m.parties.map((p: any) => p.id).sort());
      expect(m.awaitingSignatureFrom).toEqual([]);
    }
    const draft = ok(await readMou(networkAdmin, MOU.IOM_NIGER_SAHEL_HEALTH_DRAFT)).mou;
    expect(draft).toMatchObject({ status: 'DRAFT', signatures: [] });
    expect(await partners(networkAdmin, AGENCY.IOM_NIGER)).toEqual(expect.arrayContaining([AGENCY.AGADEZ_WOMEN, AGENCY.NIGER_MIGRATION_DIRECTORATE]));
  });
});
