import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * type-graphql gives every field of every object type a resolver of its own, there for middlewares and an
 * auth checker, which this schema does not use (its access policy is src/permissions.ts on the root fields
 * and src/policy/ in the services and field resolvers):
 * - a plain field becomes a function call and an object per field of a response, where GraphQL's default
 *   reads the property (and graphql-jit reads it inline, with no call at all);
 * - a @FieldResolver looks its class up in the container, sorts and maps its parameters and checks its root's
 *   class at every call.
 * On a page of 50 referrals with their case (650 fields) that was a large share of the server's own time.
 * Nothing here decides who sees what: the same methods run with the same arguments.
 */

/** Plain fields read their property: the documented `simpleResolvers` option of every object type. Call before the schema is built. */
export function preferPlainFields(): void {
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
}

type FieldResolverMetadata = ReturnType<typeof getMetadataStorage>['fieldResolvers'][number];
type ParamMetadata = NonNullable<FieldResolverMetadata['params']>[number];

/** Parameters a direct call passes as type-graphql would: no argument conversion or validation (fields with arguments keep type-graphql's resolver). */
function directParam(p: ParamMetadata): boolean {
  switch (p.kind) {
    case 'root': return p.propertyName === undefined;
    case 'context':
    case 'info': return true;
    case 'custom': return !p.options.arg;
    default: return false;
  }
}

/**
 * The field's method called directly with its parameters, or null when the field needs what only type-graphql
 * does (arguments, middlewares). A root that is not an instance of the parameter's class goes to `original`,
 * which converts it as before.
 */
function directResolver(meta: FieldResolverMetadata, original: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> | null {
  const params = [...(meta.params ?? [])].sort((a, b) => a.index - b.index);
  if (meta.kind !== 'external' || meta.middlewares?.length || meta.roles?.length || !params.every(directParam)) return null;
  const instance = new (meta.target as new () => Record<string, (...args: unknown[]) => unknown>)();
  const method = instance[meta.methodName];
  if (typeof method !== 'function') return null;
  let rootClass: Function | null | undefined;
  const rootParam = params.find((p) => p.kind === 'root') as { getType?: () => unknown } | undefined;
  return (root, args, context, info) => {
    if (rootClass === undefined) {
      const type = rootParam?.getType?.();
      rootClass = typeof type === 'function' ? type : null;
    }
    if (rootClass && !(root instanceof rootClass)) return original(root, args, context, info);
    const values = new Array<unknown>(params.length);
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      switch (p.kind) {
        case 'root': values[i] = root; break;
        case 'context': values[i] = p.propertyName ? (context as Record<string, unknown>)[p.propertyName] : context; break;
        case 'info': values[i] = info; break;
        case 'custom': values[i] = p.resolver({ root, args: args as Record<string, unknown>, context, info }); break;
      }
    }
    if (values.some((v) => v instanceof Promise)) return Promise.all(values).then((resolved) => method.apply(instance, resolved));
    return method.apply(instance, values);
  };
}

/**
 * Replaces type-graphql's wrapper of each @FieldResolver that takes only its root, the context, the info and
 * parameter decorators (such as @CurrentViewer) by a direct call of the same method. Returns the fields replaced.
 */
export function callFieldResolversDirectly(schema: GraphQLSchema): string[] {
  const storage = getMetadataStorage();
  const replaced: string[] = [];
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const interfaceFields = storage.interfaceTypes.filter((i) => (objectType as { interfaceClasses?: Function[] }).interfaceClasses?.includes(i.target)).flatMap((i) => i.fields ?? []);
    for (const field of [...interfaceFields, ...(objectType.fields ?? [])]) {
      const built = type.getFields()[field.schemaName];
      if (!built?.resolve) continue;
      // matched as type-graphql matches a field to its resolver when it builds the schema
      const meta = storage.fieldResolvers.find((f) => f.getObjectType?.() === field.target && f.methodName === field.name);
      const direct = meta ? directResolver(meta, built.resolve) : null;
      if (direct) {
        built.resolve = direct;
        replaced.push(`${type.name}.${built.name}`);
      }
    }
  }
  return replaced;
}
