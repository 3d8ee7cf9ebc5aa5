import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line of a request carries: its request id (src/observability/request-id.ts sets it); and the
 * language its messages are written in (requestLanguage in src/shared/i18n.ts).
 */
export interface RequestScope {
  requestId: string;
  lang?: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export const currentRequestId = (): string | undefined => requestScope.getStore()?.requestId;

/** The language of the request's messages (English outside a request). */
export const currentLanguage = (): string => requestScope.getStore()?.lang ?? 'en';
