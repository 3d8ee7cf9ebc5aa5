import { getNamedType, isObjectType, Kind, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema, type SelectionSetNode } from 'graphql';

type Info = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/**
 * The names of the fields the operation selects at `path` (field names, aliases aside) below the field being
 * resolved, through inline fragments and fragment spreads too; null when it does not select `path`. Lets a
 * list's statement bring along, and only, what its items' fields would otherwise load one statement later.
 * Directives (@skip, @include) are not evaluated: a skipped field only costs the columns it would have read.
 */
export function fieldsAt(info: Info, path: readonly string[]): Set<string> | null {
  const sets: SelectionSetNode[] = [];
  for (const node of info.fieldNodes) if (node.selectionSet) collect(node.selectionSet, path, info.fragments, sets, 0);
  if (!sets.length) return null;
  const names = new Set<string>();
  for (const set of sets) namesIn(set, info.fragments, names, 0);
  return names;
}

/**
 * The entity properties the fields selected at `path` read, by `reads` (field name -> properties its column or
 * resolver reads), for a list that reads only those columns (db/hydrate listColumns); null (read every column)
 * when a field selected there is not in `reads`.
 */
export function propertiesAt(info: Info, path: readonly string[], reads: Readonly<Record<string, readonly string[]>>): Set<string> | null {
  const fields = fieldsAt(info, path);
  const properties = new Set<string>();
  for (const field of fields ?? []) {
    // own entries only: a name such as "constructor" is no field of the list
    const read = Object.hasOwn(reads, field) ? reads[field] : undefined;
    if (!read) return null;
    for (const p of read) properties.add(p);
  }
  return properties;
}

/** Whether the operation selects `path` below the field being resolved (see fieldsAt). */
export function selectsPath(info: Info, path: readonly string[]): boolean {
  return fieldsAt(info, path) !== null;
}

function collect(set: SelectionSetNode, path: readonly string[], fragments: Record<string, FragmentDefinitionNode>, out: SelectionSetNode[], depth: number): void {
  if (depth > 20) return;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== path[0] || !selection.selectionSet) continue;
      if (path.length === 1) out.push(selection.selectionSet);
      else collect(selection.selectionSet, path.slice(1), fragments, out, depth + 1);
    } else {
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments[selection.name.value]?.selectionSet;
      if (inner) collect(inner, path, fragments, out, depth + 1);
    }
  }
}

function namesIn(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, out: Set<string>, depth: number): void {
  if (depth > 20) return;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) out.add(selection.name.value);
    else {
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments[selection.name.value]?.selectionSet;
      if (inner) namesIn(inner, fragments, out, depth + 1);
    }
  }
}

/**
 * True when every field the selection asks for, at every level and through fragments, is on the allow-list
 * of its type (`allowed`: type name -> field names). A cache answers only such questions; a directive, a type
 * without a list, or anything unknown makes it compute afresh.
 */
export function selectionWithin(
  allowed: Readonly<Record<string, ReadonlySet<string>>>, schema: GraphQLSchema, type: GraphQLObjectType, selectionSet: SelectionSetNode,
  fragments: readonly FragmentDefinitionNode[], depth = 0,
): boolean {
  if (depth > 30) return false;
  const fields = allowed[type.name];
  if (!fields) return false;
  for (const selection of selectionSet.selections) {
    if (selection.directives?.length) return false;
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (!fields.has(name)) return false;
      if (!selection.selectionSet) continue;
      const fieldType = getNamedType(type.getFields()[name]?.type);
      if (!isObjectType(fieldType) || !selectionWithin(allowed, schema, fieldType, selection.selectionSet, fragments, depth + 1)) return false;
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.find((f) => f.name.value === selection.name.value);
      if (!fragment) return false;
      const on = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
      if (!isObjectType(on) || !selectionWithin(allowed, schema, on, fragment.selectionSet, fragments, depth + 1)) return false;
    }
  }
  return true;
}
