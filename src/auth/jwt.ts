import { createRemoteJWKSet, jwtVerify, SignJWT, errors as joseErrors, type JWTPayload } from 'jose';
import type { Config } from '../config';
import { errorMessage, type ErrorKey } from '../shared/errors';
import { render, type Message, type MessageParams } from '../shared/messages';
import { ALL_ROLES, Role, type Viewer } from './roles';

/** Why a token is refused; `reason` puts it into the reader's language. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: Message) {
    super(render('en', reason));
  }
}
const invalid = (key: ErrorKey, params?: MessageParams) => new InvalidTokenError(errorMessage(key, params));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TokenVerifier = (token: string) => Promise<Viewer>;

/** What the database says about a token's agency and, when its subject is a known user, that user. */
export interface TokenAuthority {
  agency: { active: boolean; grantableRoles: string[] } | null;
  user: { agencyId: string; roles: string[] } | null;
}
export type AuthorityLookup = (agencyId: string, userId: string) => Promise<TokenAuthority>;

/** The rules a verified token's claims must also meet; throws InvalidTokenError saying which one it breaks. */
export function checkTokenClaims(payload: JWTPayload, jwt: Pick<Config['jwt'], 'clockToleranceSeconds' | 'maxLifetimeHours'>, now = Date.now() / 1000): void {
  if (typeof payload.iat !== 'number') throw invalid('token.noIat');
  if (typeof payload.exp !== 'number') throw invalid('token.noExp');
  if (payload.iat > now + jwt.clockToleranceSeconds) throw invalid('token.future');
  if (payload.exp - payload.iat > jwt.maxLifetimeHours * 3600) {
    throw invalid('token.tooLong', { hours: jwt.maxLifetimeHours });
  }
}

/** Is the agency one that exists, is active and may grant these roles; is a known user's token true to the user? */
export function checkAuthority(viewer: Viewer, authority: TokenAuthority): void {
  if (!authority.agency) throw invalid('token.agencyMissing', { agency: viewer.agencyId });
  if (!authority.agency.active) throw invalid('token.agencyInactive', { agency: viewer.agencyId });
  const notGrantable = viewer.roles.filter((r) => !authority.agency!.grantableRoles.includes(r));
  if (notGrantable.length) throw invalid('token.rolesNotGrantable', { roles: notGrantable });
  if (authority.user) {
    if (authority.user.agencyId.toLowerCase() !== viewer.agencyId) throw invalid('token.agencyNotUsers');
    const notHeld = viewer.roles.filter((r) => !authority.user!.roles.includes(r));
    if (notHeld.length) throw invalid('token.rolesNotHeld', { roles: notHeld });
  }
}

/**
 * HS256 with JWT_SECRET, or RS256/ES256 against the JWKS of an OpenID Connect provider. No other algorithm
 * is accepted. Besides the signature: "iat" and "exp" are required, the lifetime is at most
 * JWT_MAX_LIFETIME_HOURS, and (with `lookup`) the agency must exist, be active and may grant the roles.
 */
export function createTokenVerifier(config: Config['jwt'], lookup?: AuthorityLookup): TokenVerifier {
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ['sub', 'exp', 'iat'],
  };
  const verify: (token: string) => Promise<JWTPayload> = config.jwksUrl
    ? (() => {
        const jwks = createRemoteJWKSet(new URL(config.jwksUrl!));
        return async (token) => (await jwtVerify(token, jwks, { ...options, algorithms: ['RS256', 'ES256'] })).payload;
      })()
    : (() => {
        const key = new TextEncoder().encode(config.secret);
        return async (token) => (await jwtVerify(token, key, { ...options, algorithms: ['HS256'] })).payload;
      })();

  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw invalid('token.expired');
      if (e instanceof joseErrors.JWSSignatureVerificationFailed) throw invalid('token.badSignature');
      if (e instanceof joseErrors.JWTClaimValidationFailed) throw invalid('token.badClaim', { claim: e.claim, reason: e.reason });
      if (e instanceof joseErrors.JOSEAlgNotAllowed) throw invalid('token.badAlgorithm');
      throw invalid('token.malformed');
    }
    checkTokenClaims(payload, config);
    const agency = payload.agency;
    if (typeof payload.sub !== 'string' || !payload.sub) throw invalid('token.noSub');
    if (typeof agency !== 'string' || !UUID.test(agency)) throw invalid('token.noAgency');
    const roles = Array.isArray(payload.roles) ? [...new Set(payload.roles.filter((r): r is Role => ALL_ROLES.includes(r as Role)))] : [];
    const viewer = { userId: payload.sub, agencyId: agency.toLowerCase(), roles };
    if (lookup) checkAuthority(viewer, await lookup(viewer.agencyId, viewer.userId));
    return viewer;
  };
}

/** Signs a token with the shared secret (demo users, tests). */
export async function signToken(
  secret: string,
  claims: { sub: string; agency: string; roles: Role[]; email?: string; name?: string },
  expiresIn: string | number = '12h',
  extra: { issuer?: string; audience?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({ agency: claims.agency, roles: claims.roles, email: claims.email, name: claims.name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (extra.issuer) jwt = jwt.setIssuer(extra.issuer);
  if (extra.audience) jwt = jwt.setAudience(extra.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
