import type { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Viewer } from './auth/roles';
import type { Config } from './config';
import type { DirectoryService } from './directory/directory.service';
import type { DirectoryLoaders } from './directory/loaders';
import type { ServiceIssuesService } from './directory/issues';
import type { CategoriesService } from './directory/categories';
import type { AgreementsService } from './agreements/agreements.service';
import type { AgreementLoaders } from './agreements/loaders';
import type { AuditTrail } from './audit/audit-trail';
import type { CasesService } from './cases/cases.service';
import type { CaseLifecycleService } from './cases/lifecycle.service';
import type { CaseLoaders } from './cases/loaders';
import type { RetentionService } from './cases/retention.service';
import type { ReferralLoaders } from './referrals/loaders';
import type { ReferralsService } from './referrals/referrals.service';
import type { DisclosureLog } from './policy/disclosure';
import type { AccessRequestsService } from './access-requests/access-requests.service';
import type { StatisticsService } from './statistics/statistics.service';
import type { CoverageService } from './coverage/coverage.service';
import type { CoverageLoaders } from './coverage/loaders';
import type { FeedbackService } from './feedback/feedback.service';
import type { WebhooksService } from './notifications/webhooks.service';
import type { HsdsImportService } from './hsds/import.service';

/** Long-lived services, one per server. */
export interface Services {
  directory: DirectoryService;
  serviceIssues: ServiceIssuesService;
  categories: CategoriesService;
  agreements: AgreementsService;
  cases: CasesService;
  caseLifecycle: CaseLifecycleService;
  retention: RetentionService;
  referrals: ReferralsService;
  audit: AuditTrail;
  accessRequests: AccessRequestsService;
  statistics: StatisticsService;
  coverage: CoverageService;
  feedback: FeedbackService;
  webhooks: WebhooksService;
  hsdsImport: HsdsImportService;
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
  loaders: DirectoryLoaders & AgreementLoaders & ReferralLoaders & CoverageLoaders & CaseLoaders;
  /** Personal fields read through referrals in this request, audited once when it ends. */
  disclosureLog: DisclosureLog;
}
