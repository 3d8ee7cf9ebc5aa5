import { SignJWT, UnsecuredJWT } from 'jose';
import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { AGENCY, USER } from '../seed/demo-data';
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
      .setExpirationTime('1h').sign(new TextEncoder().encode(secret()));
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
});
