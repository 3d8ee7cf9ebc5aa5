import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Agency, Service } from '../directory/entities';
import { ServiceIssueKind } from '../directory/issues';

/** The governance alerts as the API returns them (CoverageService.governanceAlerts builds them). */
@ObjectType() class MouAlert { @Field(() => ID) id!: string; @Field() referenceNumber!: string; @Field() title!: string; @Field(() => LocalDateResolver) expiresOn!: string; }
@ObjectType() class SopAlert { @Field(() => ID) id!: string; @Field() title!: string; @Field(() => Int) version!: number; @Field(() => LocalDateResolver) reviewDue!: string; @Field(() => ID) ownerAgencyId!: string; }
@ObjectType() class DsaAlert { @Field(() => ID) id!: string; @Field() referenceNumber!: string; @Field() title!: string; @Field(() => LocalDateResolver) validUntil!: string; }
@ObjectType() class StaleServiceAlert { @Field(() => Service) service!: Service; @Field(() => Date, { nullable: true }) lastVerifiedAt!: Date | null; }
@ObjectType({ description: 'Counts as networkPerformance publishes them: withheld (null) under the threshold, or so that a withheld one cannot be worked out; perturbed when published' })
class CapacityDeclineAlert {
  @Field(() => Service) service!: Service;
  @Field(() => Int, { nullable: true }) declinedForCapacity!: number | null;
  @Field(() => Int, { nullable: true }) received!: number | null;
  @Field({ description: 'True when a count is withheld' }) suppressed!: boolean;
}
@ObjectType({ description: 'The count as networkPerformance publishes it: withheld (null) under the threshold, or so that a withheld one cannot be worked out; perturbed when published' })
class OverdueAlert {
  @Field(() => Agency) agency!: Agency;
  @Field(() => Int, { nullable: true }) overdue!: number | null;
  @Field({ description: 'True when the count is withheld' }) suppressed!: boolean;
  @Field() oldestDue!: Date;
}

@ObjectType() class ServiceIssuesAlert {
  @Field(() => Service) service!: Service;
  @Field(() => Int, { description: 'Open reports on the entry (reportServiceIssue)' }) openIssues!: number;
  @Field(() => [ServiceIssueKind]) kinds!: ServiceIssueKind[];
  @Field() oldestReportedAt!: Date;
}
@ObjectType() class VerificationRequestedAlert {
  @Field(() => Service) service!: Service;
  @Field() requestedAt!: Date;
  @Field(() => Date, { nullable: true }) lastVerifiedAt!: Date | null;
}

@ObjectType({ description: "The steering committee's to-do list" })
export class GovernanceAlerts {
  @Field(() => [MouAlert], { description: 'Active MoUs expiring within 60 days' }) mousExpiring!: MouAlert[];
  @Field(() => [SopAlert]) sopsOverdueForReview!: SopAlert[];
  @Field(() => [DsaAlert], { description: 'Active data-sharing agreements ending within 60 days' }) dataSharingAgreementsExpiring!: DsaAlert[];
  @Field(() => [StaleServiceAlert], { description: 'Active directory entries not verified within STALE_AFTER_DAYS (at most 200)' }) servicesNotVerified!: StaleServiceAlert[];
  @Field(() => [CapacityDeclineAlert], { description: 'Services declining referrals for lack of capacity in the last 90 days, most first' }) servicesDecliningForCapacity!: CapacityDeclineAlert[];
  @Field(() => [OverdueAlert]) overdueReferralsByAgency!: OverdueAlert[];
  @Field(() => [ServiceIssuesAlert], { description: 'Entries other agencies reported as wrong, not yet resolved or dismissed by their owner (most reports first, at most 200); the reports are in the owner\'s serviceIssues queue' })
  servicesWithOpenIssues!: ServiceIssuesAlert[];
  @Field(() => [VerificationRequestedAlert], { description: 'Entries requestVerification flagged and their owner has not verified since (longest waiting first, at most 200)' })
  servicesAwaitingVerification!: VerificationRequestedAlert[];
}
