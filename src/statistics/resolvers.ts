import type { Viewer } from '../auth/roles';
import { CurrentViewer } from '../auth/current-viewer';
import { Arg, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { ArrayMaxSize, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import type { Context } from '../context';
import { Dataset, DatasetClass, DATASETS, Dimension } from './datasets';
import { says } from '../shared/validation';

@ObjectType()
class DatasetInfo {
  @Field(() => Dataset) dataset!: Dataset;
  @Field(() => DatasetClass) dataClass!: DatasetClass;
  @Field() description!: string;
  @Field({ description: 'What a count counts' }) unit!: string;
  @Field(() => [Dimension]) dimensions!: Dimension[];
  @Field({ description: 'Whether it can be filtered by period' }) hasPeriod!: boolean;
}

@ObjectType()
class DimensionValue {
  @Field(() => Dimension) dimension!: Dimension;
  @Field() value!: string;
}

@ObjectType({ description: 'One cell; a withheld cell has no count and says why' })
class StatisticsCell {
  @Field(() => [DimensionValue]) key!: DimensionValue[];
  @Field(() => Int, { nullable: true, description: 'Published count, moved by at most 2 by noise drawn from a keyed hash of the records counted (the same records always get the same noise); null when withheld' }) count!: number | null;
  @Field() suppressed!: boolean;
  @Field(() => String, { nullable: true, description: 'PRIMARY: fewer than the threshold (in sensitive datasets, zero too); COMPLEMENTARY: withheld so that others cannot be worked out, in this grouping or another' }) suppression!: string | null;
  @Field(() => Int, { nullable: true }) capacityTotal!: number | null;
  @Field(() => Int, { nullable: true }) capacityAvailable!: number | null;
}

@ObjectType()
class StatisticsResult {
  @Field(() => Dataset) dataset!: Dataset;
  @Field(() => [Dimension]) groupBy!: Dimension[];
  @Field() unit!: string;
  @Field(() => Int, { description: 'Cells counting fewer than this are withheld' }) threshold!: number;
  @Field(() => [StatisticsCell]) cells!: StatisticsCell[];
  @Field(() => Int, { nullable: true }) total!: number | null;
  @Field() totalSuppressed!: boolean;
  @Field(() => ID, { nullable: true, description: 'The approved access request this result was given under' }) accessRequestId!: string | null;
  @Field(() => Int, { nullable: true, description: 'Queries answered so far under that request, this one included (a repeat of an answered query is free); null without a request' }) queriesUsed!: number | null;
  @Field(() => Int, { nullable: true, description: 'Queries the request allows in all; then statistics under it are refused (QUERY_BUDGET_SPENT)' }) queryBudget!: number | null;
}

@InputType()
class StatisticsFilter {
  @Field(() => LocalDateResolver, { nullable: true }) @IsOptional() periodFrom?: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) @IsOptional() periodTo?: string | null;
  @Field(() => [ID], { nullable: true, description: 'One area (a whole country, region or district); to compare areas, group by COUNTRY or REGION' }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', { each: true, ...says('validation.eachAreaId') }) areaIds?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @MaxLength(100, { each: true }) categoryCodes?: string[];
}

@Resolver()
export class StatisticsResolver {
  @Query(() => [DatasetInfo], { description: 'The statistical datasets, their class and dimensions' })
  datasets(): DatasetInfo[] {
    return Object.entries(DATASETS).map(([dataset, d]) => ({
      dataset: dataset as Dataset, dataClass: d.dataClass, description: d.description, unit: d.unit,
      dimensions: Object.keys(d.dimensions) as Dimension[], hasPeriod: d.periodColumn !== null,
    }));
  }

  @Query(() => StatisticsResult, { description: 'Counts with small-cell suppression; sensitive datasets need an approved data access request' })
  async statistics(
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
    @Arg('dataset', () => Dataset) dataset: Dataset,
    @Arg('groupBy', () => [Dimension], { defaultValue: [] }) groupBy: Dimension[],
    @Arg('filter', () => StatisticsFilter, { nullable: true }) filter: StatisticsFilter | null,
  ): Promise<StatisticsResult> {
    const result = await ctx.services.statistics.query(viewer, dataset, groupBy, filter ?? {}, ctx);
    return {
      ...result,
      cells: result.cells.map((c) => ({
        key: c.key.map((value, i) => ({ dimension: groupBy[i], value })), count: c.count, suppressed: c.suppressed, suppression: c.reason,
        capacityTotal: (c.sums.capacityTotal as number | null | undefined) ?? null, capacityAvailable: (c.sums.capacityAvailable as number | null | undefined) ?? null,
      })),
    };
  }
}
