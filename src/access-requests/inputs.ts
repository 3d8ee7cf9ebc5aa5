import { ArrayMaxSize, ArrayMinSize, Equals, IsOptional, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Dataset, Dimension } from '../statistics/datasets';

const filled = { message: 'must be filled in (at least 3 characters)' };

@InputType()
export class SubmitDataAccessRequestInput {
  @Field() @MinLength(2, { message: 'must be filled in' }) @MaxLength(200) requesterName!: string;
  @Field(() => Dataset) dataset!: Dataset;
  @Field(() => [Dimension]) @ArrayMinSize(1, { message: 'name at least one dimension' }) @ArrayMaxSize(10) dimensions!: Dimension[];
  @Field(() => [ID], { nullable: true, description: 'Areas; empty or absent means every area' }) @IsOptional() @ArrayMaxSize(200) @IsUUID('all', { each: true, message: 'each must be an area id' }) areaIds?: string[];
  @Field(() => [ID], { nullable: true, description: 'The data holders asked: agencies holding records of the dataset. Empty or absent means the whole network: then each holder approves for its own records, or a NETWORK_ADMIN for all' })
  @IsOptional() @ArrayMaxSize(200) @IsUUID('all', { each: true, message: 'each must be an agency id' }) holderAgencyIds?: string[];
  @Field(() => LocalDateResolver) periodFrom!: string;
  @Field(() => LocalDateResolver) periodTo!: string;
  @Field() @MinLength(3, filled) @MaxLength(2000) purpose!: string;
  @Field() @MinLength(3, filled) @MaxLength(2000) intendedUse!: string;
  @Field({ description: 'Who will see the results' }) @MinLength(3, filled) @MaxLength(2000) audience!: string;
  @Field() @MinLength(3, filled) @MaxLength(2000) protectionMeasures!: string;
  @Field(() => Int) @Min(1, { message: 'must be at least 1 day' }) @Max(3650) retentionDays!: number;
  @Field({ description: 'The requester attests the statement shown on the form' }) @Equals(true, { message: 'the requester must sign the attestation' }) attestationSigned!: boolean;
}

@InputType()
export class ApproveDataAccessRequestInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be a request id' }) id!: string;
  @Field() @MinLength(3, { message: 'state the conditions of use' }) @MaxLength(5000) conditions!: string;
  @Field(() => LocalDateResolver) validUntil!: string;
}
