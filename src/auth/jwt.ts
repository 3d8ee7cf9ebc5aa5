import { createRemoteJWKSet, jwtVerify, SignJWT, errors as joseErrors, type JWTPayload } from 'jose';
import type { Config } from '../config';
import { ALL_ROLES, Role, type Viewer } from './roles';

export class InvalidTokenError extends Error {}

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
  if (typeof payload.iat !== 'number') throw new InvalidTokenError('the token has no "iat" (issued at) claim');
  if (typeof payload.exp !== 'number') throw new InvalidTokenError('the token has no "exp" (expiry) claim');
  if (payload.iat > now + jwt.clockToleranceSeconds) throw new InvalidTokenError('the token claims to be issued in the future ("iat"): check the issuer\'s clock');
  if (payload.exp - payload.iat > jwt.maxLifetimeHours * 3600) {
    throw new InvalidTokenError(`the token lives longer than ${jwt.maxLifetimeHours} h ("exp" - "iat"): get one that expires sooner`);
  }
}

/** Is the agency one that exists, is active and may grant these roles; is a known user's token true to the user? */
export function checkAuthority(viewer: Viewer, authority: TokenAuthority): void {
  if (!authority.agency) throw new InvalidTokenError(`the token's agency ${viewer.agencyId} does not exist`);
  if (!authority.agency.active) throw new InvalidTokenError(`the token's agency ${viewer.agencyId} is not active`);
  const notGrantable = viewer.roles.filter((r) => !authority.agency!.grantableRoles.includes(r));
  if (notGrantable.length) throw new InvalidTokenError(`the token's agency may not grant the role(s) ${notGrantable.join(', ')}`);
  if (authority.user) {
    if (authority.user.agencyId.toLowerCase() !== viewer.agencyId) throw new InvalidTokenError('the token\'s agency is not the agency of its user ("sub")');
    const notHeld = viewer.roles.filter((r) => !authority.user!.roles.includes(r));
    if (notHeld.length) throw new InvalidTokenError(`the token's user does not hold the role(s) ${notHeld.join(', ')}`);
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
      if (e instanceof joseErrors.JWTExpired) throw new InvalidTokenError('the token has expired: get a new one');
      if (e instanceof joseErrors.JWSSignatureVerificationFailed) throw new InvalidTokenError('the token signature is not valid');
      if (e instanceof joseErrors.JWTClaimValidationFailed) throw new InvalidTokenError(`the token claim "${e.claim}" is not valid (${e.reason})`);
      if (e instanceof joseErrors.JOSEAlgNotAllowed) throw new InvalidTokenError('the token is signed with an algorithm this server does not accept');
      throw new InvalidTokenError('the token is malformed');
    }
    checkTokenClaims(payload, config);
    const agency = payload.agency;
    if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidTokenError('the token has no "sub" claim');
    if (typeof agency !== 'string' || !UUID.test(agency)) throw new InvalidTokenError('the token has no valid "agency" claim');
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
