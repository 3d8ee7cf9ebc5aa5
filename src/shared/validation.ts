import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import { validate, type ValidationError } from 'class-validator';
import { badInputs, errorMessage, type ErrorKey, type Problem } from './errors';
import { render, type MessageParams } from './messages';

/**
 * The message of a class-validator rule, from the catalogues: `@IsUUID('all', says('validation.agencyId'))`,
 * `{ each: true, ...says('validation.eachAreaId') }`. class-validator keeps the English text; the key
 * rides in the rule's context, so the problem is put into the reader's language.
 */
export const says = (key: ErrorKey, params?: MessageParams) =>
  ({ message: render('en', errorMessage(key, params)), context: { problem: { key, params } } });

// class-validator's own messages (rules without says()), once the property's name is taken off
const DEFAULTS: [RegExp, ErrorKey, (m: RegExpExecArray) => MessageParams][] = [
  [/^must be shorter than or equal to (\d+) characters$/, 'validation.maxLength', (m) => ({ n: Number(m[1]) })],
  [/^must be longer than or equal to (\d+) characters$/, 'validation.minLength', (m) => ({ n: Number(m[1]) })],
  [/^must contain no more than (\d+) elements$/, 'validation.arrayMaxSize', (m) => ({ n: Number(m[1]) })],
  [/^must contain at least (\d+) elements$/, 'validation.arrayMinSize', (m) => ({ n: Number(m[1]) })],
  [/^must not be less than (-?[\d.]+)$/, 'validation.min', (m) => ({ n: Number(m[1]) })],
  [/^must not be greater than (-?[\d.]+)$/, 'validation.max', (m) => ({ n: Number(m[1]) })],
  [/^must be a UUID$/, 'validation.uuid', () => ({})],
  [/^must be a URL address$/, 'validation.url', () => ({})],
  [/^must be an email$/, 'validation.email', () => ({})],
  [/^must be an integer number$/, 'validation.integer', () => ({})],
  [/^should not be empty$/, 'validation.notEmpty', () => ({})],
  [/^must match (.*) regular expression$/, 'validation.pattern', (m) => ({ pattern: m[1] })],
];

/** A class-validator problem as a message of the catalogues (a message it has no key for stays as it is, in English). */
function problemOf(e: ValidationError, type: string, text: string): Pick<Problem, 'key' | 'params'> {
  const own = e.contexts?.[type]?.problem as Pick<Problem, 'key' | 'params'> | undefined;
  if (own?.key) return own;
  const each = /^each value in /.test(text);
  const rest = text.replace(new RegExp(`^(each value in )?${e.property} `), '');
  for (const [pattern, key, params] of DEFAULTS) {
    const m = pattern.exec(rest);
    if (m) return each ? { key: 'validation.eachValue', params: { problem: errorMessage(key, params(m)) } } : { key, params: params(m) };
  }
  return { key: 'validation.other', params: { text: text.replace(new RegExp(`^(each value in )?${e.property} `), '$1') } };
}

/** class-validator's nested errors as [{ field: "input.openingHours[0].closes", key: "validation.time" }]. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): Problem[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([type, text]) => ({ field, ...problemOf(e, type, text) }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/**
 * Validates a resolver argument with its class-validator rules and refuses it with BAD_USER_INPUT
 * naming each field by its path in the request, e.g. "filter.near.radiusKm: must be at most 1000 km".
 */
export async function validateArgument(value: unknown, type: unknown, data: { info: GraphQLResolveInfo }): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const items = Array.isArray(value) ? value : [value];
  const field = data.info.parentType.getFields()[data.info.fieldName];
  // @Arg('input') values are named by the argument; @Args classes spread their fields at the top level
  const argName = field?.args.find((a) => getNamedType(a.type).name === (type as { name?: string })?.name)?.name ?? '';
  const problems: Problem[] = [];
  for (const [i, item] of items.entries()) {
    if (item === null || typeof item !== 'object') continue;
    const errors = await validate(item, { skipMissingProperties: true, forbidUnknownValues: false });
    problems.push(...flattenValidationErrors(errors, Array.isArray(value) ? `${argName}[${i}]` : argName));
  }
  if (problems.length) throw badInputs(problems);
}
