import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects `path` (field names, aliases aside) below the field being resolved, through
 * inline fragments and fragment spreads too: lets a list's statement bring along what its items' fields would
 * otherwise load one statement later. Directives (@skip, @include) are not evaluated: a skipped field only
 * costs the columns it would have read.
 */
export function selectsPath(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => node.selectionSet !== undefined && below(node.selectionSet, path, info.fragments, 0));
}

function below(set: SelectionSetNode, path: readonly string[], fragments: Record<string, FragmentDefinitionNode>, depth: number): boolean {
  if (depth > 20) return false;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== path[0]) continue;
      if (path.length === 1) return true;
      if (selection.selectionSet && below(selection.selectionSet, path.slice(1), fragments, depth + 1)) return true;
    } else {
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments[selection.name.value]?.selectionSet;
      if (inner && below(inner, path, fragments, depth + 1)) return true;
    }
  }
  return false;
}
