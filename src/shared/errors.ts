import { GraphQLError } from 'graphql';

export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT';

function error(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const unauthenticated = (message: string) => error('UNAUTHENTICATED', message, { http: { status: 401 } });
export const forbidden = (message: string, extensions?: Record<string, unknown>) => error('FORBIDDEN', message, extensions);
export const conflict = (message: string, extensions?: Record<string, unknown>) => error('CONFLICT', message, extensions);
export const notFound = (kind: string, id: string) => error('NOT_FOUND', `${kind} ${id} was not found`, { kind, id });

/** A problem with one input field: `field` is the path of the field in the request, e.g. "filter.near.radiusKm". */
export const badInput = (field: string, problem: string) =>
  error('BAD_USER_INPUT', `${field}: ${problem}`, { field });

/** Several input problems at once, so the user can fix them all in one go. */
export function badInputs(problems: { field: string; problem: string }[]): GraphQLError {
  if (problems.length === 1) return badInput(problems[0].field, problems[0].problem);
  return error('BAD_USER_INPUT', problems.map((p) => `${p.field}: ${p.problem}`).join('; '), { problems });
}
