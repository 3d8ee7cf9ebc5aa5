import 'reflect-metadata';
import path from 'node:path';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchemaSync } from 'type-graphql';
import { ViewerResolver } from './auth/viewer.resolver';
import {
  AgencyResolver, AreaResolver, LocationResolver, PartnershipResolver, ServiceCategoryResolver, ServiceConnectionResolver, ServiceResolver,
} from './directory/resolvers';
import { AgencyVerificationCountResolver, DirectoryChangeResolver, ServiceCategoryAdminResolver, ServiceHistoryResolver, ServiceIssueResolver } from './directory/upkeep.resolvers';
import {
  AccessibilityResolver, CostOptionResolver, EligibilityResolver, FeesResolver, InterpretationResolver, OutreachVisitResolver, RequiredDocumentResolver,
  ServiceClosureResolver, ServiceContactResolver, ServiceDetailsResolver, ServiceSiteResolver,
} from './directory/details.resolvers';
import { PrintableDirectoryResolver } from './directory/printable.resolvers';
import { applyPermissions } from './permissions';
import { callFieldResolversDirectly, preferPlainFields } from './direct-resolvers';
import { HsdsImportResolver } from './hsds/import.resolvers';
import {
  AgencyAgreementsResolver, DataCatalogueResolver, DataSharingAgreementResolver, MouResolver, ServiceAgreementsResolver, SopResolver,
} from './agreements/resolvers';
import { CaseResolver } from './cases/resolvers';
import { CaseLifecycleEventResolver, CaseLifecycleResolver } from './cases/lifecycle.resolvers';
import { SubjectAccessResolver } from './cases/subject-access.resolver';
import { CaseErasureResolver, RetentionResolver } from './cases/retention.resolvers';
import { AuditResolver } from './audit/resolvers';
import { ReferralResolver } from './referrals/resolvers';
import { DataAccessRequestResolver } from './access-requests/resolvers';
import { StatisticsResolver } from './statistics/resolvers';
import { PathwayResolver } from './coverage/resolvers';
import { FeedbackResolver } from './feedback/resolvers';
import { WebhooksResolver } from './notifications/resolvers';
import { PROJECT_ROOT } from './shared/paths';
import { validateArgument } from './shared/validation';

export const resolvers = [
  ViewerResolver, ServiceResolver, ServiceConnectionResolver, AgencyResolver, AreaResolver, ServiceCategoryResolver, LocationResolver, PartnershipResolver,
  DataCatalogueResolver, MouResolver, SopResolver, DataSharingAgreementResolver, AgencyAgreementsResolver, ServiceAgreementsResolver,
  CaseResolver, AuditResolver, ReferralResolver, DataAccessRequestResolver, StatisticsResolver, PathwayResolver,
  FeedbackResolver, WebhooksResolver, CaseLifecycleResolver, CaseLifecycleEventResolver, SubjectAccessResolver,
  RetentionResolver, CaseErasureResolver,
  ServiceIssueResolver, AgencyVerificationCountResolver, ServiceCategoryAdminResolver, ServiceHistoryResolver, DirectoryChangeResolver,
  ServiceDetailsResolver, EligibilityResolver, RequiredDocumentResolver, FeesResolver, CostOptionResolver, AccessibilityResolver, InterpretationResolver,
  ServiceContactResolver, ServiceClosureResolver, OutreachVisitResolver, ServiceSiteResolver,
  HsdsImportResolver,
  PrintableDirectoryResolver,
] as const;

export const SDL_PATH = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');

/** The schema as the code defines it, before permissions are applied. */
export function buildBareSchema(): GraphQLSchema {
  preferPlainFields();
  const schema = buildSchemaSync({
    resolvers: resolvers as any,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validateFn: validateArgument,
    emitSchemaFile: false,
  });
  callFieldResolversDirectly(schema);
  return schema;
}

export function buildSchema(): GraphQLSchema {
  return applyPermissions(buildBareSchema());
}

/** The SDL checked in under schema/: sorted so the file changes only when the schema does. */
export function printSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
