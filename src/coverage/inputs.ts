import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { Population } from '../directory/enums';

@InputType()
export class PathwayStepInput {
  @Field() @MinLength(1, { message: 'must not be empty' }) @MaxLength(200) title!: string;
  @Field(() => ID, { description: 'Service category code' }) @MaxLength(100) categoryCode!: string;
  @Field({ defaultValue: true }) required!: boolean;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be an agency id' }) leadAgencyId?: string | null;
  @Field(() => ID, { nullable: true, description: 'seriesId of the SOP governing the step' }) @IsOptional() @IsUUID('all', { message: 'must be an SOP series id' }) sopSeriesId?: string | null;
}

@InputType()
export class PathwayInput {
  @Field() @MinLength(3, { message: 'must be at least 3 characters' }) @MaxLength(200) name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) description?: string | null;
  @Field(() => [Population]) @ArrayMinSize(1, { message: 'name the population the pathway is for' }) populations!: Population[];
  @Field(() => [PathwayStepInput], { description: 'In order' }) @ArrayMinSize(1, { message: 'a pathway needs at least one step' }) @ArrayMaxSize(30) @ValidateNested({ each: true }) steps!: PathwayStepInput[];
}

@InputType()
export class PerformanceFilter {
  @Field(() => LocalDateResolver, { nullable: true }) @IsOptional() periodFrom?: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) @IsOptional() periodTo?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be an area id' }) areaId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be a pathway id' }) pathwayId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(100) categoryCode?: string | null;
  @Field(() => ID, { nullable: true, description: 'Sending or receiving agency' }) @IsOptional() @IsUUID('all', { message: 'must be an agency id' }) agencyId?: string | null;
}
