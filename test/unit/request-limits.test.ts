import { parse, validate, buildSchema as buildSdl } from 'graphql';
import { checkAuthority, checkTokenClaims, InvalidTokenError } from '../../src/auth/jwt';
import { Role } from '../../src/auth/roles';
import { controlCharacterProblem as problemOf, inputHygieneRule, inspectVariables, oneCostlyFieldRule } from '../../src/shared/request-guards';
import { render } from '../../src/shared/messages';

const controlCharacterProblem = (value: string) => { const p = problemOf(value); return p && render('en', p); };

const jwt = { clockToleranceSeconds: 30, maxLifetimeHours: 12 };
const now = 1_800_000_000;

describe('token claims', () => {
  it('needs iat and exp, a lifetime of at most the maximum, and no iat in the future beyond the tolerance', () => {
    expect(() => checkTokenClaims({ iat: now, exp: now + 12 * 3600 }, jwt, now)).not.toThrow();
    expect(() => checkTokenClaims({ iat: now + 30, exp: now + 3600 }, jwt, now)).not.toThrow();
    expect(() => checkTokenClaims({ iat: now + 31, exp: now + 3600 }, jwt, now)).toThrow(/future/);
    expect(() => checkTokenClaims({ iat: now, exp: now + 12 * 3600 + 1 }, jwt, now)).toThrow(/longer than 12 h/);
    expect(() => checkTokenClaims({ exp: now + 60 }, jwt, now)).toThrow(/"iat"/);
    expect(() => checkTokenClaims({ iat: now }, jwt, now)).toThrow(/"exp"/);
  });

  const viewer = { userId: 'u', agencyId: 'a', roles: [Role.CASE_MANAGER] };
  const agency = { active: true, grantableRoles: [Role.CASE_MANAGER, Role.AGENCY_ADMIN] };
  it('needs an existing, active agency that may grant the roles', () => {
    expect(() => checkAuthority(viewer, { agency, user: null })).not.toThrow();
    expect(() => checkAuthority(viewer, { agency: null, user: null })).toThrow(/does not exist/);
    expect(() => checkAuthority(viewer, { agency: { ...agency, active: false }, user: null })).toThrow(/not active/);
    expect(() => checkAuthority({ ...viewer, roles: [Role.NETWORK_ADMIN] }, { agency, user: null })).toThrow(/may not grant the role\(s\) NETWORK_ADMIN/);
    expect(() => checkAuthority(viewer, { agency: null, user: null })).toThrow(InvalidTokenError);
  });

  it('holds a known user to their agency and roles', () => {
    expect(() => checkAuthority(viewer, { agency, user: { agencyId: 'a', roles: [Role.CASE_MANAGER, Role.AGENCY_ADMIN] } })).not.toThrow();
    expect(() => checkAuthority(viewer, { agency, user: { agencyId: 'b', roles: [Role.CASE_MANAGER] } })).toThrow(/not the agency of its user/);
    expect(() => checkAuthority({ ...viewer, roles: [Role.AGENCY_ADMIN] }, { agency, user: { agencyId: 'a', roles: [Role.CASE_MANAGER] } })).toThrow(/does not hold/);
  });
});

describe('input hygiene', () => {
  it('refuses C0 control characters and DEL but not tab, new line or carriage return', () => {
    expect(controlCharacterProblem('a\tb\nc\r\nd')).toBeNull();
    expect(controlCharacterProblem('a\u0000')).toMatch(/U\+0000 at position 2/);
    expect(controlCharacterProblem('\u001b[31m')).toMatch(/U\+001B/);
    expect(controlCharacterProblem('\u007f')).toMatch(/U\+007F/);
    expect(controlCharacterProblem('é\u200b ok')).toBeNull();
  });

  it('names the variable path of the first problem, and stops at the depth limit', () => {
    expect(inspectVariables({ input: { names: [{ text: 'ok' }, { text: 'x\u0000' }] } }, 10)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.names[1].text' });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const problem = inspectVariables({ f: deep }, 12);
    expect(problem).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(render('en', problem!.message)).toMatch(/nested deeper than 12/);
    expect(inspectVariables({ a: [[['fine']]] }, 12)).toBeNull();
  });

  const schema = buildSdl(`
    type Query { statistics(d: String): Int  verifyAuditChain: Int  pathwayCoverage: Int  me: Int  search(text: String, filter: F): Int }
    input F { text: String  list: [[[String]]] }
  `);
  const errors = (query: string) => validate(schema, parse(query), [oneCostlyFieldRule, inputHygieneRule(3)]).map((e) => e.message);

  it('counts costly fields through aliases, fragments and inline fragments', () => {
    expect(errors('{ statistics me }')).toEqual([]);
    expect(errors('{ statistics ...F } fragment F on Query { statistics }')).toEqual([]);
    expect(errors('{ a: statistics b: statistics }')[0]).toMatch(/selects 2 costly fields \(a: statistics, b: statistics\)/);
    expect(errors('{ statistics ... on Query { verifyAuditChain } }')[0]).toMatch(/2 costly/);
    expect(errors('{ ...F } fragment F on Query { pathwayCoverage ...G } fragment G on Query { x: pathwayCoverage }')[0]).toMatch(/2 costly/);
  });

  it('checks string literals and literal nesting in the query text', () => {
    expect(errors('{ search(text: "a\\u0000b") }')[0]).toMatch(/^text: must not contain control characters/);
    expect(errors('{ search(filter: { text: "\\u0007" }) }')[0]).toMatch(/^filter\.text: /);
    expect(errors('{ search(filter: { list: [["a"]] }) }')).toEqual([]);
    expect(errors('{ search(filter: { list: [[["a"]]] }) }')[0]).toMatch(/nested deeper than 3/);
  });
});
