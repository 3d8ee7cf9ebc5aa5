/**
 * Signed links to report pages: a short-lived token bound to one report (its audience and scope claims),
 * carried in the page's query string so a browser opens it without a bearer token, and never a user's
 * own token in a URL. The coverage report and the subject access page use the same scheme.
 */
import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config';
import type { Role, Viewer } from './roles';

export const REPORT_LINK_LIFETIME_SECONDS = 10 * 60;

// links need a key of their own when tokens come from an identity provider (no shared secret): REPORT_LINK_SECRET,
// the same on every instance, or else a random key that only this process knows (one instance only)
const linkKeyFor = (() => {
  let fallback: Uint8Array | null = null;
  return (config: Pick<Config, 'jwt'>) => {
    if (config.jwt.reportLinkSecret) return new TextEncoder().encode(`report-link:${config.jwt.reportLinkSecret}`);
    if (config.jwt.secret) return new TextEncoder().encode(`report-link:${config.jwt.secret}`);
    fallback ??= randomBytes(32);
    return fallback;
  };
})();

/** A link token for `audience` (one kind of report) and `scope` (which one), valid for REPORT_LINK_LIFETIME_SECONDS. */
export async function signReportLinkToken(config: Pick<Config, 'jwt'>, viewer: Viewer, audience: string, scope: Record<string, string>) {
  const expiresAt = new Date(Date.now() + REPORT_LINK_LIFETIME_SECONDS * 1000);
  const token = await new SignJWT({ agency: viewer.agencyId, roles: viewer.roles, ...scope })
    .setProtectedHeader({ alg: 'HS256' }).setSubject(viewer.userId).setAudience(audience).setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000)).sign(linkKeyFor(config));
  return { token, expiresAt };
}

/** The viewer a link was made for and its claims; throws jose's errors for a bad signature, audience or age. */
export async function verifyReportLinkToken(config: Pick<Config, 'jwt'>, token: string, audience: string): Promise<{ viewer: Viewer; claims: Record<string, unknown> }> {
  const { payload } = await jwtVerify(token, linkKeyFor(config), {
    audience, algorithms: ['HS256'], requiredClaims: ['sub', 'exp', 'iat'],
    maxTokenAge: REPORT_LINK_LIFETIME_SECONDS + config.jwt.clockToleranceSeconds, clockTolerance: config.jwt.clockToleranceSeconds,
  });
  return { viewer: { userId: String(payload.sub), agencyId: String(payload.agency), roles: (payload.roles as Role[]) ?? [] }, claims: payload };
}
