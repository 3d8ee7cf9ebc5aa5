import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { requestScope } from '../shared/request-context';
import { activeTraceId } from './tracing';

// W3C Trace Context: version-traceid-parentid-flags (lower-case hex); version ff and all-zero ids are invalid
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
// a caller's (or proxy's) own request id, if it is a plain token: it goes into every log line of the request
const CALLER_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** The trace id of a valid `traceparent` header, or null. */
export function traceIdOf(traceparent: string | undefined): string | null {
  const m = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!m) return null;
  const [, version, traceId, parentId, , rest] = m;
  if (version === 'ff' || (version === '00' && rest) || /^0+$/.test(traceId) || /^0+$/.test(parentId)) return null;
  return traceId;
}

/**
 * Names every request: the trace id of the caller's `traceparent` (or of the active span when tracing is on,
 * which continues that trace), else a well-formed `x-request-id` of the caller, else a new random id in the
 * trace-id form. Sent back as `x-request-id` and written in every log line of the request.
 */
export const requestId: RequestHandler = (req, res, next) => {
  const header = req.headers['x-request-id'];
  const callerId = typeof header === 'string' && CALLER_ID.test(header) ? header : null;
  const id = activeTraceId() ?? traceIdOf(req.headers.traceparent as string | undefined) ?? callerId ?? randomBytes(16).toString('hex');
  res.setHeader('x-request-id', id);
  res.locals.requestId = id;
  requestScope.run({ requestId: id }, () => next());
};

/**
 * Enters the request's scope again. Stream events (a body parser's 'data' and 'end') run in the scope of
 * the connection, not of the request: a handler after a body parser is put back into its request's scope.
 */
export const rescopeRequest: RequestHandler = (_req, res, next) => {
  const id = res.locals.requestId as string | undefined;
  if (!id) return next();
  requestScope.run({ requestId: id, lang: res.locals.lang as string | undefined }, () => next());
};
