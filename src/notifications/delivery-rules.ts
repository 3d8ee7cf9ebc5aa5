/** When a failed delivery is tried again, and when it is given up (dead-lettered). Pure. */

export interface RetryPolicy {
  /** The first retry's delay; each further one doubles it. */
  baseMs: number;
  /** No delay is longer than this. */
  maxDelayMs: number;
  /** Tried for this long after the event, then dead-lettered. */
  windowMs: number;
}

/**
 * After `attempts` failed attempts of a delivery created at `createdAt`: when to try next, or null to give up.
 * `jitter` in [0, 1) spreads retries of many deliveries (+-20%) so a receiver coming back is not flooded.
 */
export function nextAttempt(policy: RetryPolicy, attempts: number, createdAt: Date, now: Date, jitter = 0.5): Date | null {
  const exponential = policy.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30);
  const delay = Math.min(exponential, policy.maxDelayMs) * (0.8 + 0.4 * jitter);
  const at = now.getTime() + delay;
  const deadline = createdAt.getTime() + policy.windowMs;
  if (now.getTime() >= deadline) return null;
  // the last try falls on the deadline rather than past it
  return new Date(Math.min(at, deadline));
}

/** A 2xx answer is a delivery; anything else (or no answer) is retried. */
export const delivered = (status: number | null) => status !== null && status >= 200 && status < 300;
