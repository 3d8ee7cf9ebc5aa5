import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Apollo Server's executor hook (its gateway interface, here for this one schema): a query runs as JavaScript
 * compiled once per document by graphql-jit, instead of graphql-js interpreting the document field by field
 * at each request. The resolvers are the same functions (type-graphql's, and graphql-shield's on the root
 * fields, whose fallback still denies): every rule and every disclosure decision runs as before, and a
 * resolver's error reaches formatError as it did. What stays on graphql-js: mutations (run in order, rarely
 * hot), a document jit cannot compile, and a request whose variables are invalid (graphql-js coerces them
 * first, so the refusal keeps its words and code).
 */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  const compiledFor = (document: DocumentNode, operationName: string | null): CompiledQuery | null => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let query = byOperation.get(key);
    if (query === undefined) {
      const result = compileQuery(schema, document, operationName ?? undefined);
      query = isCompiledQuery(result) ? result : null;
      byOperation.set(key, query);
    }
    return query;
  };
  return {
    async load() {
      return {
        executor: async (rc): Promise<ExecutionResult> => {
          const variables = rc.request.variables ?? {};
          const interpreted = () => execute({ schema, document: rc.document, contextValue: rc.context, variableValues: variables, operationName: rc.operationName });
          if (rc.operation.operation !== 'query') return interpreted();
          const coerced = getVariableValues(schema, rc.operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
          if (coerced.errors) return { errors: coerced.errors };
          const query = compiledFor(rc.document, rc.operationName);
          return query ? query.query(undefined, rc.context, variables) : interpreted();
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
