import type { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth/roles';
import type { Config } from '../config';
import type { DirectoryService } from '../directory/directory.service';
import type { DirectoryLoaders } from '../directory/loaders';
import type { AgreementsService } from '../agreements/agreements.service';
import type { AgreementLoaders } from '../agreements/loaders';

/** Long-lived services, one per server. */
export interface Services {
  directory: DirectoryService;
  agreements: AgreementsService;
}

/** Built for every request. */
export interface Context {
  /** Null when the request carries no valid token; then `authError` says why. */
  viewer: Viewer | null;
  authError: GraphQLError | null;
  lang: string;
  db: DataSource;
  config: Config;
  services: Services;
  loaders: DirectoryLoaders & AgreementLoaders;
}

/** Resolvers behind an authenticated rule use this; the permissions file guarantees the viewer is there. */
export function viewerOf(ctx: Context): Viewer {
  if (!ctx.viewer) throw ctx.authError ?? new Error('unauthenticated request reached a resolver');
  return ctx.viewer;
}
