/**
 * Counts that plumbing and features report without knowing who listens: the metrics of
 * src/observability/metrics.ts subscribe when /metrics is on; otherwise each call is a no-op. Keeps
 * prom-client out of the policy, the audit log and the rate limit. Arguments are codes and reasons,
 * never ids or personal values.
 */
export interface Signals {
  /** A case field refused with FORBIDDEN_FIELD, by reason (src/policy/disclosure.ts). */
  disclosureRefused(reason: string): void;
  /** An audit event appended, by action (src/audit/audit-log.ts); counted when the statement ran, before its transaction commits. */
  auditWritten(action: string): void;
  /** A request refused by the rate limit: who (a verified person or an anonymous address) and what (a request, or the extra cost of a costly one). */
  rateLimited(caller: 'person' | 'anonymous', kind: 'request' | 'costly'): void;
  /** A change told to the other instances ('sent', counted when the NOTIFY ran, before its transaction commits) or heard from one ('received'), by topic (src/db/change-feed.ts). */
  changeNotified(direction: 'sent' | 'received', topic: string): void;
  /** The change feed's listening connection came back after it was lost (every cache was emptied). */
  changeFeedReconnected(): void;
}

const none: Signals = { disclosureRefused() {}, auditWritten() {}, rateLimited() {}, changeNotified() {}, changeFeedReconnected() {} };

export const signals: Signals = { ...none };

/** Subscribes `listener` (replacing the previous one); the returned function unsubscribes. */
export function listenToSignals(listener: Partial<Signals>): () => void {
  Object.assign(signals, listener);
  return () => Object.assign(signals, none);
}
