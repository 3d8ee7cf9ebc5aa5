import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {
  getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLField, type GraphQLInputType, type GraphQLObjectType,
} from 'graphql';
import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { buildBareSchema } from '../src/schema';
import { AGENCY } from '../seed/demo-data';
import { startServer, type RunningServer } from './support/server';

/**
 * Random and malicious values thrown at every mutation's input and at the search filters, as a
 * network admin (the most powerful role, so the values reach validation and the database): the server
 * never fails with an internal error, never shows a stack trace or SQL, and writes nothing when it refuses.
 */
const NASTY = ["'; DROP TABLE cases; --", "1' OR '1'='1", '\u0000', '%_\\', '<script>alert(1)</script>', '${jndi:ldap://x}', '../../etc/passwd', '\u202e\u200b', 'NaN', '-0', '1e309', '{"$gt":""}', 'null'];
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ minLength: 1000, maxLength: 2000 }));
const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom(...NASTY), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));

function arbitraryFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitraryFor(type.ofType, depth);
  if (isListType(type)) return fc.oneof({ weight: 5, arbitrary: fc.array(arbitraryFor(type.ofType, depth + 1), { maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(arbitraryFor(type.ofType, depth + 1), { minLength: 150, maxLength: 250 }) });
  const named = getNamedType(type);
  let value: fc.Arbitrary<unknown>;
  if (isEnumType(named)) value = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...named.getValues().map((v) => v.value)) }, { weight: 1, arbitrary: text });
  else if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields());
    value = depth > 4 ? fc.constant({}) : fc.record(Object.fromEntries(fields.map((f) => [f.name, arbitraryFor(f.type, depth + 1)])), { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) });
  } else if (isScalarType(named)) {
    value = ({
      String: text, ID: fc.oneof(fc.uuid(), text), Int: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 53)),
      Float: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 1e308)), Boolean: fc.boolean(),
      DateTime: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), text), LocalDate: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), text),
      JSONObject: fc.object(),
    } as Record<string, fc.Arbitrary<unknown>>)[named.name] ?? text;
  } else throw new Error(`no arbitrary for ${String(type)}`);
  return fc.oneof({ weight: 8, arbitrary: value }, { weight: 1, arbitrary: wrongType });
}

const LEAKS = /(\bat \S+ \(|\.ts:\d+|node_modules|QueryFailedError|\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|syntax error at or near|relation ".*" does not exist|violates (check|foreign key|not-null|unique) constraint)/i;

describe('hostile input', () => {
  let server: RunningServer;
  let token: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-hostile-'));
  const secret = 'h'.repeat(40);
  beforeAll(async () => {
    server = await startServer({ DATABASE_URL: undefined, DATA_DIR: path.join(dir, 'data'), JWT_SECRET: secret, SEED_DEMO_DATA: 'true', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000' }, path.join(dir, 'server.log'));
    // not a known user: a token for one may only carry that user's roles
    token = await signToken(secret, { sub: 'hostile-input-tester', agency: AGENCY.NETWORK_SECRETARIAT, roles: [Role.NETWORK_ADMIN, Role.DATA_PROTECTION_OFFICER, Role.CASE_MANAGER, Role.AGENCY_ADMIN, Role.REFERRAL_FOCAL_POINT, Role.STEERING_COMMITTEE] });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = async (query: string, variables: unknown) => {
    const body = JSON.stringify({ query, variables });
    try {
      const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      return { status: response.status, text: await response.text() };
    } catch (e) {
      // a body over BODY_LIMIT is refused (413) before it is read to the end, which may reset the upload
      if (Buffer.byteLength(body) > 1024 * 1024) return { status: 413, text: '{"errors":[{"message":"too large","extensions":{"code":"PAYLOAD_TOO_LARGE"}}]}' };
      throw e;
    }
  };
  const auditLength = async () => JSON.parse((await call('{ verifyAuditChain { checked } }', {})).text).data.verifyAuditChain.checked as number;

  function check(field: GraphQLField<unknown, unknown>, kind: 'query' | 'mutation') {
    const declare = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
    const pass = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const returned = getNamedType(field.type) as GraphQLObjectType;
    const selection = isScalarType(returned) || isEnumType(returned) ? '' : 'totalCount' in returned.getFields() ? ' { totalCount }' : ' { __typename }';
    const query = `${kind}${declare ? `(${declare})` : ''} { ${field.name}${pass ? `(${pass})` : ''}${selection} }`;
    const args = fc.record(Object.fromEntries(field.args.map((a) => [a.name, arbitraryFor(a.type)])), { requiredKeys: [] });
    return fc.asyncProperty(args, async (variables) => {
      const before = kind === 'mutation' ? await auditLength() : 0;
      const { status, text: body } = await call(query, variables);
      expect(status).toBeLessThan(500);
      const json = JSON.parse(body);
      // graphql-js echoes a variable it cannot coerce ("got invalid value ..."): that text is the caller's own
      // random input, which may look like anything; every other word of the answer must leak nothing
      const echoesInput = (message: string) => /^Variable "\$\w+" got invalid value /.test(message);
      expect(JSON.stringify({ data: json.data, errors: (json.errors ?? []).filter((e: any) => !echoesInput(e.message)) })).not.toMatch(LEAKS);
      expect((json.errors ?? []).map((e: any) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
      if (kind === 'mutation' && (json.errors?.length || !json.data?.[field.name])) {
        // refused: nothing was written (every write is audited in its own transaction)
        expect(await auditLength()).toBe(before);
      }
    });
  }

  const schema = buildBareSchema();
  const mutations = Object.values(schema.getMutationType()!.getFields());
  it.each(mutations.map((m) => [m.name, m] as const))('%s never fails inside, leaks nothing, and writes nothing on refusal', async (_name, field) => {
    await fc.assert(check(field, 'mutation'), { numRuns: 10, endOnFailure: true });
  }, 120_000);

  it.each(['services', 'agencies', 'areas', 'locations', 'statistics', 'referralInbox', 'cases', 'mous', 'dataSharingCheck', 'pathwayCoverage', 'networkPerformance'])(
    'the %s query survives hostile filters', async (name) => {
      await fc.assert(check(schema.getQueryType()!.getFields()[name], 'query'), { numRuns: 12, endOnFailure: true });
    }, 120_000);

  // the codes a client may meet (README, "Errors"); anything else, or a 5xx, is a defect
  const DOCUMENTED = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN_FIELD', 'RATE_LIMITED', 'PAYLOAD_TOO_LARGE',
    'BAD_REQUEST', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);
  const INTERNALS = /stack|RangeError|TypeError|ReferenceError|Cannot read propert|is not a function|node_modules|\.[jt]s:\d+|QueryFailedError|invalid byte sequence|\bSELECT\b/i;

  it('answers odd requests with a documented code, a 4xx status and no internals', async () => {
    const deep = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);
    const raw = (body: string, headers: Record<string, string> = {}) => ({ body, headers });
    const json = (query: unknown, variables?: unknown, extra: Record<string, unknown> = {}) => raw(JSON.stringify({ query, variables, ...extra }));
    const createAgency = 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }';
    const agency = (text: string) => ({ i: { names: [{ lang: 'en', text }], type: 'OTHER', countryCode: 'NE', fictional: true } });
    const cases: [string, { body: string; headers: Record<string, string> }, RegExp?][] = [
      ['NUL in a variable', json(createAgency, agency('a\u0000b')), /^i\.names\[0\]\.text: must not contain control characters/],
      ['bell character in a variable', json('query($t: String) { services(first: 1, filter: { text: $t }) { totalCount } }', { t: 'ab\u0007cd' }), /^t: must not contain control characters \(found U\+0007/],
      ['NUL in a JSONObject-free nested list', json('query($c: [ID!]) { services(first: 1, filter: { categories: $c }) { totalCount } }', { c: ['health', 'x\u0000'] }), /^c\[1\]: /],
      ['escaped NUL in a literal', json('{ services(first: 1, filter: { text: "a\\u0000b" }) { totalCount } }'), /^filter\.text: must not contain control characters/],
      ['raw NUL in the query text', json('{ me { userId } }\u0000'), /query text must not contain control characters/],
      ['NUL in the operation name', json('query A { me { userId } }', {}, { operationName: 'A\u0000' })],
      ['variables nested 5,000 deep', raw(`{"query":"query($c: [ID!]) { services(first: 1, filter: { categories: $c }) { totalCount } }","variables":{"c":${deep(5000, '[', ']')}}}`), /nested deeper than/],
      ['an object nested 5,000 deep', raw(`{"query":"{ me { userId } }","variables":{"f":${deep(5000, '{"a":', '}')}}}`)],
      ['a literal nested 2,000 deep', json(`{ services(first: 1, filter: { categories: ${deep(2000, '[', ']')} }) { totalCount } }`)],
      ['over 5,000 tokens', json(`{ ${'me { userId } '.repeat(2000)}}`)],
      ['a syntax error', json('{ me { userId }')],
      ['an unknown field', json('{ nothing }')],
      ['a wrong enum value', json('{ statistics(dataset: CASE_LOD) { __typename } }')],
      ['two costly fields', json('{ a: verifyAuditChain { intact } b: verifyAuditChain { intact } }')],
      ['a fragment cycle', json('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }')],
      ['an unknown operation name', json('query A { me { userId } }', {}, { operationName: 'B' })],
      ['two operations without a name', json('query A { me { userId } } query B { me { agencyId } }')],
      ['no query', json(undefined)],
      ['a query that is a number', json(42)],
      ['variables that are a string', json('{ me { userId } }', 'x')],
      ['a batch', raw(JSON.stringify([{ query: '{ me { userId } }' }, { query: '{ me { userId } }' }]))],
      ['not JSON', raw('{"query": ')],
      ['a JSON string', raw('"hello"')],
      ['a bad token', { ...json('{ me { userId } }'), headers: { authorization: 'Bearer a.b.c' } }],
      ['a bad scheme', { ...json('{ me { userId } }'), headers: { authorization: 'Basic eDp5' } }],
      ['an int out of range', json('{ services(first: 99999999999) { totalCount } }')],
      ['a malformed cursor', json('{ services(first: 1, after: "\u00ff\u00fe") { totalCount } }')],
    ];
    const failures: string[] = [];
    for (const [name, request, expected] of cases) {
      const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...request.headers }, body: request.body });
      const text = await response.text();
      let body: any;
      try { body = JSON.parse(text); } catch { failures.push(`${name}: not JSON: ${text.slice(0, 100)}`); continue; }
      const errors: any[] = Array.isArray(body) ? body.flatMap((b: any) => b.errors ?? []) : body.errors ?? [];
      if (response.status >= 500) failures.push(`${name}: HTTP ${response.status}`);
      if (!errors.length) failures.push(`${name}: no error`);
      for (const e of errors) {
        if (!DOCUMENTED.has(e.extensions?.code)) failures.push(`${name}: code ${e.extensions?.code}: ${e.message}`);
        if (INTERNALS.test(e.message)) failures.push(`${name}: message shows internals: ${e.message.slice(0, 200)}`);
      }
      if (expected && !expected.test(errors[0]?.message ?? '')) failures.push(`${name}: message ${errors[0]?.message}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('lets tab and new line through in free text', async () => {
    const r = await call('mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }',
      { i: { names: [{ lang: 'en', text: 'Tabbed\tname' }], descriptions: [{ lang: 'en', text: 'Line one\nline two\r\nline three' }], type: 'OTHER', countryCode: 'NE', fictional: true } });
    const json = JSON.parse(r.text);
    expect(json.errors).toBeUndefined();
    expect(json.data.createAgency.id).toEqual(expect.any(String));
  });

  it('checks report query strings without failing inside', async () => {
    for (const query of ['pathway=a&pathway=b&area=x', 'pathway=x&area=y&level=a&level=b', 'pathway[a]=1&area=y', 'pathway=%00&area=%00']) {
      const response = await fetch(`${server.url}/reports/coverage?${query}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBeLessThan(500);
      expect(await response.text()).not.toMatch(INTERNALS);
    }
  });
});
