import { createRemoteJWKSet, jwtVerify, SignJWT, errors as joseErrors, type JWTPayload } from 'jose';
import type { Config } from '../config';
import { ALL_ROLES, Role, type Viewer } from './roles';

export class InvalidTokenError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TokenVerifier = (token: string) => Promise<Viewer>;

/** HS256 with JWT_SECRET, or RS256/ES256 against the JWKS of an OpenID Connect provider. No other algorithm is accepted. */
export function createTokenVerifier(config: Config['jwt']): TokenVerifier {
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ['sub', 'exp'],
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
    const agency = payload.agency;
    if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidTokenError('the token has no "sub" claim');
    if (typeof agency !== 'string' || !UUID.test(agency)) throw new InvalidTokenError('the token has no valid "agency" claim');
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => ALL_ROLES.includes(r as Role)) : [];
    return { userId: payload.sub, agencyId: agency.toLowerCase(), roles };
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
