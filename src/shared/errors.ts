import { GraphQLError, type ASTNode, type GraphQLFormattedError } from 'graphql';
import { render, type Catalogue, type Message, type MessageKey, type MessageParams } from './messages';

export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT';
/** A key of the catalogues' "errors" section, e.g. "referrals.alreadyForwarded" for errors.referrals.alreadyForwarded. */
export type ErrorKey = MessageKey extends infer K ? (K extends `errors.${infer R}` ? R : never) : never;
/** What a record is called in "Referral … was not found": a key of the catalogues' "kinds" section. */
export type RecordKind = keyof Catalogue['kinds'];

export const errorMessage = (key: ErrorKey, params?: MessageParams): Message => ({ key: `errors.${key}` as MessageKey, params });

/**
 * The message of each error made here, and of each item of its `problems` or `reasons`, kept beside it:
 * the error's own text is English (logs, tests, work outside a request); formatError (src/app.ts) puts it
 * into the language of the request with localizeError below.
 */
const MESSAGES = new WeakMap<object, Message>();
const ITEMS = new WeakMap<object, { prop: string; message: Message }>();

/** An error with any code whose text comes from the catalogues. */
export function localizedError(code: string, msg: Message, extensions: Record<string, unknown> = {}, nodes?: ASTNode | readonly ASTNode[]): GraphQLError {
  const error = new GraphQLError(render('en', msg), { nodes, extensions: { ...extensions, code } });
  MESSAGES.set(error, msg);
  return error;
}

const error = (code: ErrorCode, key: ErrorKey, params?: MessageParams, extensions?: Record<string, unknown>) =>
  localizedError(code, errorMessage(key, params), extensions);

export const unauthenticated = (key: ErrorKey, params?: MessageParams) => error('UNAUTHENTICATED', key, params, { http: { status: 401 } });
export const forbidden = (key: ErrorKey, params?: MessageParams, extensions?: Record<string, unknown>) => error('FORBIDDEN', key, params, extensions);
export const conflict = (key: ErrorKey, params?: MessageParams, extensions?: Record<string, unknown>) => error('CONFLICT', key, params, extensions);
export const notFound = (kind: RecordKind, id: string) =>
  error('NOT_FOUND', 'notFound', { kind: { key: `kinds.${kind}` as MessageKey }, id }, { kind, id });

/** A problem with one input field: `field` is its path in the request, e.g. "filter.near.radiusKm". */
export interface Problem { field: string; key: ErrorKey; params?: MessageParams }
export const problem = (field: string, key: ErrorKey, params?: MessageParams): Problem => ({ field, key, params });
const fieldProblem = (p: Problem): Message => errorMessage('fieldProblem', { field: p.field, problem: errorMessage(p.key, p.params) });

export const badInput = (field: string, key: ErrorKey, params?: MessageParams) =>
  localizedError('BAD_USER_INPUT', fieldProblem({ field, key, params }), { field });

/** Several input problems at once, so the user can fix them all in one go. */
export function badInputs(problems: Problem[]): GraphQLError {
  if (problems.length === 1) return badInput(problems[0].field, problems[0].key, problems[0].params);
  const items = problems.map((p) => described({ field: p.field }, 'problem', errorMessage(p.key, p.params)));
  return localizedError('BAD_USER_INPUT', errorMessage('problems', { problems: problems.map(fieldProblem) }), { problems: items });
}

/** One reason of a refusal, listed in its `reasons`: { code, message, ...extra }. */
export const reason = <T extends Record<string, unknown>>(code: string, key: ErrorKey, params?: MessageParams, extra?: T) =>
  described({ code, ...(extra ?? ({} as T)) }, 'message', errorMessage(key, params));

/** The message of a reason (or problem) made here. */
export const reasonMessage = (item: object): Message | undefined => ITEMS.get(item)?.message;

/** `item` with its text in English under `prop`, and the message kept to put it into another language. */
function described<T extends object, P extends string>(item: T, prop: P, msg: Message): T & Record<P, string> {
  const out = { ...item, [prop]: render('en', msg) } as T & Record<P, string>;
  ITEMS.set(out, { prop, message: msg });
  return out;
}

/** The message of an error made here (or of the error a resolver threw, which graphql-js wraps), if any. */
export function messageOf(error: unknown): Message | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return MESSAGES.get(error) ?? MESSAGES.get((error as GraphQLError).originalError ?? {});
}

/** An error's text in `lang`: from the catalogues when it was made here, else its own message. */
export function errorText(error: unknown, lang: string | undefined): string {
  const msg = messageOf(error);
  return msg ? render(lang, msg) : String((error as Error)?.message ?? error);
}

/** The formatted error in `lang`: its message and the items of its problems or reasons; untouched when it has no message of the catalogues. */
export function localizeError(formatted: GraphQLFormattedError, error: unknown, lang: string): GraphQLFormattedError {
  const msg = messageOf(error);
  if (!msg || lang === 'en') return formatted;
  const extensions = formatted.extensions && Object.fromEntries(Object.entries(formatted.extensions).map(([name, value]) => [name, Array.isArray(value)
    ? value.map((item) => {
      const described = typeof item === 'object' && item !== null ? ITEMS.get(item) : undefined;
      return described ? { ...item, [described.prop]: render(lang, described.message) } : item;
    })
    : value]));
  return { ...formatted, message: render(lang, msg), ...(extensions ? { extensions } : {}) };
}
