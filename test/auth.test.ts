import { SignJWT, UnsecuredJWT } from 'jose';
import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { AGENCY, USER } from '../seed/demo-data';
import { randomUUID } from 'node:crypto';
import { codes, gql, SERVER_URL, tokenFor } from './support/client';

const ME = '{ me { userId agencyId roles } }';
const secret = () => process.env.MRN_TEST_SECRET!;

describe('authentication', () => {
  it('answers /healthz without a token', async () => {
    const response = await fetch(`${SERVER_URL()}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('refuses a request with no token as UNAUTHENTICATED', async () => {
    const r = await gql(ME);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.data).toBeNull();
    expect(r.errors![0].message).toMatch(/bearer token/i);
  });

  it('refuses a malformed Authorization header and a malformed token', async () => {
    expect(codes(await gql(ME, {}, null, { authorization: 'Token abc' }))).toEqual(['UNAUTHENTICATED']);
    const r = await gql(ME, {}, 'not-a-jwt');
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.errors![0].message).toMatch(/malformed/);
  });

  it('refuses an expired token', async () => {
    const token = await new SignJWT({ agency: AGENCY.IOM_NIGER, roles: [Role.CASE_MANAGER] })
      .setProtectedHeader({ alg: 'HS256' }).setSubject(USER.IOM_NIGER_CASE_MANAGER)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(secret()));
    const r = await gql(ME, {}, token);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.errors![0].message).toMatch(/expired/);
  });

  it('accepts a token just past its expiry within the clock-skew bound, and refuses one beyond it', async () => {
    const expiredAgo = async (seconds: number) => new SignJWT({ agency: AGENCY.IOM_NIGER, roles: [Role.CASE_MANAGER] })
      .setProtectedHeader({ alg: 'HS256' }).setSubject(USER.IOM_NIGER_CASE_MANAGER)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600).setExpirationTime(Math.floor(Date.now() / 1000) - seconds)
      .sign(new TextEncoder().encode(secret()));
    expect(codes(await gql(ME, {}, await expiredAgo(10)))).toEqual([]);
    expect(codes(await gql(ME, {}, await expiredAgo(120)))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a token whose algorithm is not the configured one (HS512 instead of HS256)', async () => {
    const token = await new SignJWT({ agency: AGENCY.IOM_NIGER, roles: [Role.NETWORK_ADMIN] }).setProtectedHeader({ alg: 'HS512' })
      .setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode(secret()));
    const r = await gql(ME, {}, token);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.errors![0].message).toMatch(/algorithm/);
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signToken('x'.repeat(64), { sub: USER.IOM_NIGER_CASE_MANAGER, agency: AGENCY.IOM_NIGER, roles: [Role.CASE_MANAGER] });
    const r = await gql(ME, {}, token);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.errors![0].message).toMatch(/signature/);
  });

  it('refuses an unsigned token (alg "none")', async () => {
    const token = new UnsecuredJWT({ agency: AGENCY.IOM_NIGER, roles: [Role.NETWORK_ADMIN] }).setSubject('x').setExpirationTime('1h').encode();
    expect(codes(await gql(ME, {}, token))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a token without an agency claim', async () => {
    const token = await new SignJWT({ roles: [Role.CASE_MANAGER] }).setProtectedHeader({ alg: 'HS256' }).setSubject('someone')
      .setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(secret()));
    const r = await gql(ME, {}, token);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.errors![0].message).toMatch(/agency/);
  });

  it('accepts a valid token and reports who is calling', async () => {
    const r = await gql(ME, {}, await tokenFor('amina.cm@iom-niger.example.org'));
    expect(r.errors).toBeUndefined();
    expect(r.data.me).toEqual({ userId: USER.IOM_NIGER_CASE_MANAGER, agencyId: AGENCY.IOM_NIGER, roles: ['CASE_MANAGER'] });
  });

  it('gives FORBIDDEN to a valid token without the needed role', async () => {
    const token = await tokenFor('amina.cm@iom-niger.example.org');
    const r = await gql(`mutation { createAgency(input: { names: [{ lang: "en", text: "X" }], type: OTHER, countryCode: "NE" }) { id } }`, {}, token);
    expect(codes(r)).toEqual(['FORBIDDEN']);
    expect(r.errors![0].message).toMatch(/NETWORK_ADMIN/);
  });

  it('gives FORBIDDEN to an agency admin acting on another agency', async () => {
    const token = await tokenFor('samia.admin@nile-legal.example.org');
    const r = await gql(`mutation($id: ID!) { updateAgency(input: { id: $id, phone: "+227 11 11 11 11" }) { id } }`, { id: AGENCY.IOM_NIGER }, token);
    expect(codes(r)).toEqual(['FORBIDDEN']);
  });

  describe('token claims the server checks beyond the signature', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const signed = (claims: Record<string, unknown>, sub: string, times: { iat?: number; exp?: number }) => {
      let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(sub);
      if (times.iat !== undefined) jwt = jwt.setIssuedAt(times.iat);
      if (times.exp !== undefined) jwt = jwt.setExpirationTime(times.exp);
      return jwt.sign(new TextEncoder().encode(secret()));
    };
    const refusal = async (token: string) => {
      const r = await gql(ME, {}, token);
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
      expect(r.status).toBe(401);
      return r.errors![0].message;
    };
    const cm = { agency: AGENCY.IOM_NIGER, roles: [Role.CASE_MANAGER] };

    it('refuses a token that lives longer than JWT_MAX_LIFETIME_HOURS (12 h by default), and accepts one of 12 h', async () => {
      expect(await refusal(await tokenFor('amina.cm@iom-niger.example.org', '1000d'))).toMatch(/longer than 12 h/);
      expect(await refusal(await signed(cm, USER.IOM_NIGER_CASE_MANAGER, { iat: now() - 13 * 3600, exp: now() + 60 }))).toMatch(/longer than 12 h/);
      expect(codes(await gql(ME, {}, await tokenFor('amina.cm@iom-niger.example.org', '12h')))).toEqual([]);
    });

    it('refuses a token issued in the future beyond the clock tolerance, and one without "iat" or "exp"', async () => {
      expect(await refusal(await signed(cm, USER.IOM_NIGER_CASE_MANAGER, { iat: now() + 3600, exp: now() + 7200 }))).toMatch(/future/);
      expect(codes(await gql(ME, {}, await signed(cm, USER.IOM_NIGER_CASE_MANAGER, { iat: now() + 10, exp: now() + 3600 })))).toEqual([]);
      expect(await refusal(await signed(cm, USER.IOM_NIGER_CASE_MANAGER, { exp: now() + 3600 }))).toMatch(/"iat"/);
      expect(await refusal(await signed(cm, USER.IOM_NIGER_CASE_MANAGER, { iat: now() }))).toMatch(/"exp"/);
    });

    it('refuses a token for an agency that does not exist', async () => {
      const missing = randomUUID();
      expect(await refusal(await tokenFor({ sub: randomUUID(), agency: missing, roles: [Role.CASE_MANAGER] }))).toMatch(new RegExp(`agency ${missing} does not exist`));
    });

    it('refuses network-wide roles from an agency not designated for them, and accepts them from one that is', async () => {
      for (const role of [Role.NETWORK_ADMIN, Role.STEERING_COMMITTEE]) {
        expect(await refusal(await tokenFor({ sub: randomUUID(), agency: AGENCY.IOM_NIGER, roles: [role] }))).toMatch(new RegExp(`may not grant the role\\(s\\) ${role}`));
      }
      const r = await gql(ME, {}, await tokenFor({ sub: randomUUID(), agency: AGENCY.NETWORK_SECRETARIAT, roles: [Role.STEERING_COMMITTEE] }));
      expect(r.data?.me.roles).toEqual([Role.STEERING_COMMITTEE]);
    });

    it('holds a token for a known user to that user\'s agency and roles (a subset of them is fine)', async () => {
      expect(await refusal(await tokenFor({ sub: USER.IOM_NIGER_CASE_MANAGER, agency: AGENCY.IOM_NIGER, roles: [Role.CASE_MANAGER, Role.AGENCY_ADMIN] }))).toMatch(/does not hold the role\(s\) AGENCY_ADMIN/);
      expect(await refusal(await tokenFor({ sub: USER.IOM_NIGER_CASE_MANAGER, agency: AGENCY.SAHEL_HEALTH, roles: [Role.CASE_MANAGER] }))).toMatch(/not the agency of its user/);
      expect(await refusal(await tokenFor({ sub: USER.NETWORK_STEERING_COMMITTEE, agency: AGENCY.NETWORK_SECRETARIAT, roles: [Role.NETWORK_ADMIN] }))).toMatch(/does not hold the role\(s\) NETWORK_ADMIN/);
      const r = await gql(ME, {}, await tokenFor({ sub: USER.BAMAKO_CHILDREN_CASE_MANAGER_AND_FOCAL_POINT, agency: AGENCY.BAMAKO_CHILDREN, roles: [Role.CASE_MANAGER] }));
      expect(r.data?.me.roles).toEqual([Role.CASE_MANAGER]);
    });

    it('lets an agency created with grantableRoles give its staff those roles', async () => {
      const admin = await tokenFor('nadia.admin@referral-network.example.org');
      const create = (extra: string) => gql(`mutation { createAgency(input: { names: [{ lang: "en", text: "Observatory ${randomUUID()}" }], type: OTHER, countryCode: "NE", fictional: true${extra} }) { id } }`, {}, admin);
      const plain = (await create('')).data.createAgency.id;
      const designated = (await create(', grantableRoles: [STEERING_COMMITTEE]')).data.createAgency.id;
      expect(await refusal(await tokenFor({ sub: randomUUID(), agency: plain, roles: [Role.STEERING_COMMITTEE] }))).toMatch(/may not grant/);
      expect(codes(await gql(ME, {}, await tokenFor({ sub: randomUUID(), agency: plain, roles: [Role.AGENCY_ADMIN] })))).toEqual([]);
      expect(codes(await gql(ME, {}, await tokenFor({ sub: randomUUID(), agency: designated, roles: [Role.STEERING_COMMITTEE, Role.CASE_MANAGER] })))).toEqual([]);
    });
  });
});
