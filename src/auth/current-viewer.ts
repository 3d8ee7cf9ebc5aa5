import type { GraphQLError } from 'graphql';
import { createParameterDecorator } from 'type-graphql';
import type { Viewer } from './roles';

/** What authentication leaves in the request context. */
export interface AuthContext {
  /** Null when the request carries no valid token; then `authError` says why. */
  viewer: Viewer | null;
  authError: GraphQLError | null;
}

/** The caller of a field behind an authenticated rule (the permissions file guarantees one is there). */
export function requireViewer(ctx: AuthContext): Viewer {
  if (!ctx.viewer) throw ctx.authError ?? new Error('unauthenticated request reached a resolver');
  return ctx.viewer;
}

/** A resolver parameter holding the verified caller: `@CurrentViewer() viewer: Viewer`. */
export const CurrentViewer = () => createParameterDecorator<AuthContext>(({ context }) => requireViewer(context));
