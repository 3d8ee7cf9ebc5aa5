import type { Viewer } from '../auth/roles';
import { CurrentViewer } from '../auth/current-viewer';
import { Arg, Ctx, Field, Float, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { signReportLink } from './report';
import { currentLanguage } from '../shared/request-context';
import { Area } from '../directory/entities';
import { AreaLevel } from '../directory/enums';
import type { Context } from '../context';
import { GovernanceAlerts } from './alerts';
import { CoverageStatus, Pathway, PathwayStep } from './entities';
import { PathwayInput, PerformanceFilter } from './inputs';
import type { CoverageReport } from './coverage.service';

@ObjectType()
class StepCoverage {
  @Field(() => Int) position!: number;
  @Field(() => CoverageStatus) status!: CoverageStatus;
  @Field(() => [ID], { description: 'Services of the category serving the population in the area' }) serviceIds!: string[];
  @Field(() => ID, { nullable: true, description: 'The service that covers the step (or, for NO_SOP, has an MoU)' }) serviceId!: string | null;
  @Field(() => ID, { nullable: true }) mouId!: string | null;
  @Field(() => ID, { nullable: true }) sopId!: string | null;
}

@ObjectType()
class AreaCoverage {
  @Field(() => Area) area!: Area;
  @Field(() => [StepCoverage], { description: 'One per step, in step order' }) steps!: StepCoverage[];
  @Field(() => Int) requiredSteps!: number;
  @Field(() => Int) requiredCovered!: number;
  @Field(() => Float, { description: 'Share of required steps COVERED, 0 to 1' }) coveredShare!: number;
}

@ObjectType()
class CoverageGap {
  @Field(() => Area) area!: Area;
  @Field(() => Int) position!: number;
  @Field() stepTitle!: string;
  @Field() required!: boolean;
  @Field(() => CoverageStatus) status!: CoverageStatus;
}

@ObjectType()
class PathwayCoverage {
  @Field(() => Pathway) pathway!: Pathway;
  @Field(() => [PathwayStep]) steps!: PathwayStep[];
  @Field(() => AreaLevel) level!: AreaLevel;
  @Field(() => [AreaCoverage]) areas!: AreaCoverage[];
  @Field(() => [CoverageGap], { description: 'Required steps first, worst status first' }) gaps!: CoverageGap[];
  @Field() computedAt!: Date;
}

@ObjectType()
class BreakdownCount {
  @Field() value!: string;
  @Field(() => Int, { nullable: true }) count!: number | null;
  @Field() suppressed!: boolean;
}

@ObjectType({ description: 'Referral figures; every count under the threshold is withheld (null), published ones carry a small perturbation' })
class NetworkPerformance {
  @Field(() => Int) threshold!: number;
  @Field(() => Int, { nullable: true }) sent!: number | null;
  @Field(() => Int, { nullable: true }) accepted!: number | null;
  @Field(() => Int, { nullable: true }) declined!: number | null;
  @Field(() => Int, { nullable: true }) completed!: number | null;
  @Field(() => Int, { nullable: true }) cancelled!: number | null;
  @Field(() => Int, { nullable: true, description: 'Left SENT past their due time by the expiry period: never answered' }) expired!: number | null;
  @Field(() => Int, { nullable: true, description: 'Still SENT past their response due time' }) overdue!: number | null;
  @Field(() => [BreakdownCount]) declinedByReason!: BreakdownCount[];
  @Field(() => [BreakdownCount]) completedByOutcome!: BreakdownCount[];
  @Field(() => Float, { nullable: true, description: 'Percent of answered referrals that were accepted' }) acceptanceRate!: number | null;
  @Field(() => Float, { nullable: true }) responseHoursMedian!: number | null;
  @Field(() => Float, { nullable: true }) responseHoursP90!: number | null;
  @Field(() => Float, { nullable: true }) completionHoursMedian!: number | null;
  @Field(() => Float, { nullable: true }) completionHoursP90!: number | null;
  @Field(() => Float, { nullable: true, description: 'Percent of referrals sent with no active MoU between the agencies' }) outsideMouShare!: number | null;
}

@ObjectType()
class ReportLink {
  @Field({ description: 'Open in a browser; works without a bearer token until it expires' }) url!: string;
  @Field() csvUrl!: string;
  @Field() expiresAt!: Date;
}

/** The GraphQL answer of each report, made once: a cached report is read by many requests (plain objects, no per-field work). */
const answers = new WeakMap<CoverageReport, PathwayCoverage>();

function answerOf(report: CoverageReport): PathwayCoverage {
  let answer = answers.get(report);
  if (answer) return answer;
  let gaps: CoverageGap[] | undefined;
  answer = {
    pathway: report.pathway, steps: report.steps, level: report.level, computedAt: report.computedAt,
    areas: report.areas.map((a) => ({ area: a.areaEntity, steps: a.steps, requiredSteps: a.requiredSteps, requiredCovered: a.requiredCovered,
      coveredShare: a.requiredSteps ? a.requiredCovered / a.requiredSteps : 1 })),
    // built only when asked for
    get gaps() {
      if (gaps) return gaps;
      const entities = new Map(report.areas.map((a) => [a.area.id, a.areaEntity]));
      return (gaps = report.gaps.map((g) => ({ area: entities.get(g.area.id)!, position: g.step.position, stepTitle: g.step.title, required: g.step.required, status: g.result.status })));
    },
  };
  answers.set(report, answer);
  return answer;
}

@Resolver(() => Pathway)
export class PathwayResolver {
  @Query(() => [Pathway]) pathways(@Ctx() ctx: Context) { return ctx.services.coverage.listPathways(); }
  @Query(() => Pathway) pathway(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) { return ctx.services.coverage.getPathway(id); }
  @Mutation(() => Pathway) createPathway(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: PathwayInput) {
    return ctx.services.coverage.savePathway(viewer, input);
  }
  @Mutation(() => Pathway, { description: 'Replace a pathway\'s name, populations and steps' })
  updatePathway(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('input') input: PathwayInput) {
    return ctx.services.coverage.savePathway(viewer, input, id);
  }
  @FieldResolver(() => [PathwayStep]) steps(@Root() p: Pathway, @Ctx() ctx: Context) { return ctx.loaders.stepsOfPathway.load(p.id); }

  @Query(() => PathwayCoverage, { description: 'For each area at the level inside the area, and each step: where the chain holds and where it breaks' })
  async pathwayCoverage(@Ctx() ctx: Context, @Arg('pathwayId', () => ID) pathwayId: string, @Arg('areaId', () => ID) areaId: string,
    @Arg('level', () => AreaLevel, { defaultValue: AreaLevel.REGION }) level: AreaLevel): Promise<PathwayCoverage> {
    return answerOf(await ctx.services.coverage.coverage(pathwayId, areaId, level));
  }

  @Query(() => NetworkPerformance, { description: 'How referrals flow, as suppressed aggregates' })
  networkPerformance(@Ctx() ctx: Context, @Arg('filter', () => PerformanceFilter, { nullable: true }) filter: PerformanceFilter | null) {
    return ctx.services.coverage.performance(filter ?? {});
  }

  @Query(() => GovernanceAlerts)
  governanceAlerts(@Ctx() ctx: Context, @Arg('areaId', () => ID, { nullable: true }) areaId: string | null): Promise<GovernanceAlerts> {
    return ctx.services.coverage.governanceAlerts(areaId, { services: (ids) => ctx.loaders.service.loadMany(ids), agencies: (ids) => ctx.loaders.agency.loadMany(ids) });
  }

  @Mutation(() => ReportLink, { description: 'A short-lived signed link to the coverage report page, for a browser' })
  async createCoverageReportLink(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('pathwayId', () => ID) pathwayId: string, @Arg('areaId', () => ID) areaId: string,
    @Arg('level', () => AreaLevel, { defaultValue: AreaLevel.REGION }) level: AreaLevel): Promise<ReportLink> {
    await ctx.services.coverage.getPathway(pathwayId);
    const { token, expiresAt } = await signReportLink(ctx.config, viewer, { pathway: pathwayId, area: areaId, level });
    // in the language the link was asked in (Accept-Language or ?lang= on /graphql), unless that is English
    const lang = currentLanguage();
    const query = `pathway=${encodeURIComponent(pathwayId)}&area=${encodeURIComponent(areaId)}&level=${level}${lang === 'en' ? '' : `&lang=${lang}`}&link=${token}`;
    return { url: `/reports/coverage?${query}`, csvUrl: `/reports/coverage.csv?${query}`, expiresAt };
  }
}

