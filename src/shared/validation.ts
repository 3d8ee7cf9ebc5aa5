import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import { validate, type ValidationError } from 'class-validator';
import { badInputs } from './errors';

/** class-validator's nested errors as [{ field: "input.openingHours[0].closes", problem: "must be a time HH:MM" }]. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): { field: string; problem: string }[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({ field, problem: problem.replace(new RegExp(`^(each value in )?${e.property} `), '$1') }));
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
  const problems = [];
  for (const [i, item] of items.entries()) {
    if (item === null || typeof item !== 'object') continue;
    const errors = await validate(item, { skipMissingProperties: true, forbidUnknownValues: false });
    problems.push(...flattenValidationErrors(errors, Array.isArray(value) ? `${argName}[${i}]` : argName));
  }
  if (problems.length) throw badInputs(problems);
}
