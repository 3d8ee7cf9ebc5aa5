import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { Population } from '../directory/enums';
import { says } from '../shared/validation';

@InputType()
export class PathwayStepInput {
  @Field() @MinLength(1, says('validation.mustNotBeEmpty')) @MaxLength(200) title!: string;
  @Field(() => ID, { description: 'Service category code' }) @MaxLength(100) categoryCode!: string;
  @Field({ defaultValue: true }) required!: boolean;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', says('validation.agencyId')) leadAgencyId?: string | null;
  @Field(() => ID, { nullable: true, description: 'seriesId of the SOP governing the step' }) @IsOptional() @IsUUID('all', says('validation.sopSeriesId')) sopSeriesId?: string | null;
}

@InputType()
export class PathwayInput {
  @Field() @MinLength(3, says('validation.atLeast3Characters')) @MaxLength(200) name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) description?: string | null;
  @Field(() => [Population]) @ArrayMinSize(1, says('validation.pathwayPopulation')) populations!: Population[];
  @Field(() => [PathwayStepInput], { description: 'In order' }) @ArrayMinSize(1, says('validation.pathwayOneStep')) @ArrayMaxSize(30) @ValidateNested({ each: true }) steps!: PathwayStepInput[];
}

@InputType()
export class PerformanceFilter {
  @Field(() => LocalDateResolver, { nullable: true }) @IsOptional() periodFrom?: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) @IsOptional() periodTo?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', says('validation.areaId')) areaId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', says('validation.pathwayId')) pathwayId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(100) categoryCode?: string | null;
  @Field(() => ID, { nullable: true, description: 'Sending or receiving agency' }) @IsOptional() @IsUUID('all', says('validation.agencyId')) agencyId?: string | null;
}
