/**
 * Webhook signatures, as the Standard Webhooks scheme (standardwebhooks.com) lays them out: the headers
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature` ("v1,<base64 HMAC-SHA256>") over
 * "<id>.<timestamp>.<body>", keyed with the endpoint's secret (its UTF-8 bytes). A receiver recomputes the
 * HMAC, refuses a timestamp outside its replay window, and drops an id it has already processed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;

/** How far a receiver should accept a timestamp from its own clock (5 minutes, as Standard Webhooks advises). */
export const REPLAY_WINDOW_SECONDS = 300;

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The headers a delivery carries. */
export function signedHeaders(secret: string, id: string, timestamp: number, body: string): Record<string, string> {
  return { [SIGNATURE_HEADERS.id]: id, [SIGNATURE_HEADERS.timestamp]: String(timestamp), [SIGNATURE_HEADERS.signature]: signature(secret, id, timestamp, body) };
}

export type Verdict = { ok: true } | { ok: false; reason: 'MISSING_HEADERS' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE' };

/**
 * What a receiver does with a delivery (exported for receivers written in TypeScript and for the tests).
 * `signatureHeader` may list several space-separated signatures (during a secret rotation).
 */
export function verifySignature(secret: string, headers: { id?: string; timestamp?: string; signature?: string }, body: string,
  nowSeconds = Math.floor(Date.now() / 1000), windowSeconds = REPLAY_WINDOW_SECONDS): Verdict {
  if (!headers.id || !headers.timestamp || !headers.signature || !/^\d{1,12}$/.test(headers.timestamp)) return { ok: false, reason: 'MISSING_HEADERS' };
  const timestamp = Number(headers.timestamp);
  if (Math.abs(nowSeconds - timestamp) > windowSeconds) return { ok: false, reason: 'STALE_TIMESTAMP' };
  const expected = Buffer.from(signature(secret, headers.id, timestamp, body));
  const matches = headers.signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'BAD_SIGNATURE' };
}
