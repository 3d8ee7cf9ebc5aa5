import type { NextFunction, Request, Response } from 'express';
import {
  Kind, type ASTNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValidationContext, type ASTVisitor,
} from 'graphql';
import { errorMessage, localizedError } from './errors';
import { render, type Message } from './messages';

/**
 * Root fields whose work grows with the network, not with the page asked for. Each carries its own cost
 * in the rate limit (RATE_LIMIT_COSTLY_COST) and at most one runs per request.
 */
export const COSTLY_FIELDS = ['pathwayCoverage', 'statistics', 'networkPerformance', 'verifyAuditChain', 'governanceAlerts'] as const;
const COSTLY = new Set<string>(COSTLY_FIELDS);

/** The costly root fields an operation selects, by response key (aliases and fragments included). */
export function costlySelections(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode | undefined>): string[] {
  if (operation.operation !== 'query') return [];
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (COSTLY.has(s.name.value)) {
          const key = s.alias?.value ?? s.name.value;
          found.set(key, s.alias ? `${key}: ${s.name.value}` : key);
        }
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
        seen.add(s.name.value); // also stops fragment cycles, which validation refuses anyway
        const fragment = fragments[s.name.value];
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return [...found.values()];
}

/** Refuses, before any work, an operation that selects more than one costly field. */
export function oneCostlyFieldRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      const fragments = Object.fromEntries(context.getDocument().definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
      const costly = costlySelections(node, fragments);
      if (costly.length > 1) {
        context.reportError(localizedError('BAD_USER_INPUT',
          errorMessage('server.costlyFields', { count: costly.length, fields: costly, costly: [...COSTLY_FIELDS] }), { costlyFields: costly }, [node]));
      }
      return false;
    },
  };
}

/** Does the operation that will run select a costly field? */
export function selectsCostlyField(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  return costlySelections(operation, fragments).length > 0;
}

// C0 controls and DEL; tab, line feed and carriage return are allowed (free text has lines)
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const codePoint = (s: string) => `U+${s.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

export const controlCharacterProblem = (value: string): Message | null => {
  const m = CONTROL.exec(value);
  return m ? errorMessage('server.controlCharacter', { char: codePoint(m[0]), position: m.index + 1 }) : null;
};
const tooDeepProblem = (max: number) => errorMessage('server.nestedTooDeep', { max });
const fieldProblem = (field: string, problem: Message) => errorMessage('fieldProblem', { field, problem });

// `ancestors` stops before the parent, which is the argument or object field when the value is its direct value
const fieldPath = (ancestors: readonly (ASTNode | readonly ASTNode[])[], parent: ASTNode | readonly ASTNode[] | undefined) => {
  const names: string[] = [];
  for (const a of parent ? [...ancestors, parent] : ancestors) {
    if (Array.isArray(a)) continue;
    const n = a as ASTNode;
    if (n.kind === Kind.ARGUMENT || n.kind === Kind.OBJECT_FIELD) names.push(n.name.value);
  }
  return names.join('.') || 'query';
};

/**
 * Literals written in the query text follow the same rules as variables: strings (with escapes such as
 * \u0000) without control characters, objects and lists nested at most `maxDepth` deep.
 */
export const inputHygieneRule = (maxDepth: number) => (context: ValidationContext): ASTVisitor => {
  const tooDeep = (node: ASTNode, parent: ASTNode | readonly ASTNode[] | undefined, ancestors: readonly (ASTNode | readonly ASTNode[])[]) => {
    const depth = [...ancestors, ...(parent ? [parent] : [])].filter((a) => !Array.isArray(a) && ((a as ASTNode).kind === Kind.LIST || (a as ASTNode).kind === Kind.OBJECT)).length + 1;
    if (depth <= maxDepth) return undefined;
    const field = fieldPath(ancestors, parent);
    context.reportError(localizedError('BAD_USER_INPUT', fieldProblem(field, tooDeepProblem(maxDepth)), { field }, [node]));
    return false;
  };
  return {
    ListValue: (node, _k, parent, _path, ancestors) => tooDeep(node, parent, ancestors),
    ObjectValue: (node, _k, parent, _path, ancestors) => tooDeep(node, parent, ancestors),
    StringValue(node, _key, parent, _path, ancestors) {
      const problem = controlCharacterProblem(node.value);
      if (!problem) return;
      const field = fieldPath(ancestors, parent);
      context.reportError(localizedError('BAD_USER_INPUT', fieldProblem(field, problem), { field }, [node]));
    },
  };
};

type Problem = { status: number; code: string; message: Message; field?: string };

/** The first control character or too-deep nesting in a variables value, named by its path ("input.names[0].text"). */
export function inspectVariables(value: unknown, maxDepth: number, path = '', depth = 0): Problem | null {
  if (typeof value === 'string') {
    const problem = controlCharacterProblem(value);
    return problem ? { status: 400, code: 'BAD_USER_INPUT', message: fieldProblem(path, problem), field: path } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= maxDepth) {
    return { status: 400, code: 'BAD_USER_INPUT', message: fieldProblem(path, tooDeepProblem(maxDepth)), field: path };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = inspectVariables(value[i], maxDepth, `${path}[${i}]`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = controlCharacterProblem(k);
    if (keyProblem) return { status: 400, code: 'BAD_USER_INPUT', message: fieldProblem(path || 'variables', errorMessage('server.fieldNameControlCharacter', { problem: keyProblem })), field: path };
    const p = inspectVariables(v, maxDepth, path ? `${path}.${k}` : k, depth + 1);
    if (p) return p;
  }
  return null;
}

/** Refuses control characters in the query text and in variables, and variables nested too deep, before any GraphQL work. */
export function inputHygiene(maxDepth: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const source = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
    if (!source || typeof source !== 'object' || Array.isArray(source)) return next();
    let problem: Problem | null = null;
    for (const name of ['query', 'operationName'] as const) {
      const text = source[name];
      if (typeof text === 'string' && !problem) {
        const p = controlCharacterProblem(text);
        if (p) problem = { status: 400, code: name === 'query' ? 'GRAPHQL_PARSE_FAILED' : 'BAD_REQUEST', message: errorMessage(name === 'query' ? 'server.queryTextProblem' : 'server.operationNameProblem', { problem: p }) };
      }
    }
    let variables = source.variables;
    if (!problem && typeof variables === 'string' && req.method === 'GET') {
      try { variables = JSON.parse(variables); } catch { variables = undefined; }
    }
    if (!problem && variables && typeof variables === 'object') problem = inspectVariables(variables, maxDepth);
    if (!problem) return next();
    res.status(problem.status).json({ errors: [{ message: render(res.locals.lang, problem.message), extensions: { code: problem.code, ...(problem.field ? { field: problem.field } : {}) } }] });
  };
}
