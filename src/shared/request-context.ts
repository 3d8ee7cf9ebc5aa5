import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of a request carries: its request id (src/observability/request-id.ts sets it). */
export interface RequestScope {
  requestId: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export const currentRequestId = (): string | undefined => requestScope.getStore()?.requestId;
