/**
 * Caps how deeply an introspection query nests (a 40-level `ofType` chain
 * costs the server for nothing). graphql-js's MaxIntrospectionDepthRule only
 * counts `fields`/`interfaces`/`possibleTypes`/`inputFields`, and GraphQL
 * Armor's depth and cost limits skip introspection, so `ofType` went unbounded.
 * Fragments are followed (GraphiQL's query is built from them).
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** Nesting depth of the introspection fields under `selectionSet` (0 when there are none). */
function depthOf(
  selectionSet: SelectionSetNode | undefined,
  inside: boolean,
  fragment: (name: string) => FragmentDefinitionNode | undefined | null,
  memo: Map<string, number>,
  visiting: Set<string>,
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      const counts = inside || INTROSPECTION_ROOTS.has(selection.name.value);
      depth = (counts ? 1 : 0) + depthOf(selection.selectionSet, counts, fragment, memo, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = depthOf(selection.selectionSet, inside, fragment, memo, visiting);
    } else {
      const key = `${selection.name.value}:${inside}`;
      if (memo.has(key)) depth = memo.get(key)!;
      else if (!visiting.has(key)) {
        visiting.add(key);
        depth = depthOf(fragment(selection.name.value)?.selectionSet, inside, fragment, memo, visiting);
        visiting.delete(key);
        memo.set(key, depth);
      }
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** Measures an operation's introspection depth (exported for the test that sizes the limit). */
export function introspectionDepth(selectionSet: SelectionSetNode, fragment: (name: string) => FragmentDefinitionNode | undefined | null): number {
  return depthOf(selectionSet, false, fragment, new Map(), new Set());
}

/**
 * GraphiQL's introspection query (graphql-js getIntrospectionQuery, with or
 * without its options) nests 15 levels: __schema > types > fields > type > the
 * ofType chain of its TypeRef fragment.
 */
export const MAX_INTROSPECTION_DEPTH = 15;

export function introspectionDepthRule(maxDepth = MAX_INTROSPECTION_DEPTH) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const depth = introspectionDepth(node.selectionSet, (name) => context.getFragment(name));
      if (depth > maxDepth) {
        context.reportError(new GraphQLError(`The introspection query nests ${depth} levels deep; the limit is ${maxDepth}.`, { nodes: [node] }));
      }
    },
  });
}
