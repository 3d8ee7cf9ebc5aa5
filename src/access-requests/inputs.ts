import { ArrayMaxSize, ArrayMinSize, Equals, IsOptional, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Dataset, Dimension } from '../statistics/datasets';
import { says } from '../shared/validation';

const filled = says('validation.filledInMin3');

@InputType()
export class SubmitDataAccessRequestInput {
  @Field() @MinLength(2, says('validation.filledIn')) @MaxLength(200) requesterName!: string;
  @Field(() => Dataset) dataset!: Dataset;
  @Field(() => [Dimension]) @ArrayMinSize(1, says('validation.oneDimension')) @ArrayMaxSize(10) dimensions!: Dimension[];
  @Field(() => [ID], { nullable: true, description: 'Areas; empty or absent means every area' }) @IsOptional() @ArrayMaxSize(200) @IsUUID('all', { each: true, ...says('validation.eachAreaId') }) areaIds?: string[];
  @Field(() => [ID], { nullable: true, description: 'The data holders asked: agencies holding records of the dataset. Empty or absent means the whole network: then each holder approves for its own records, or a NETWORK_ADMIN for all' })
  @IsOptional() @ArrayMaxSize(200) @IsUUID('all', { each: true, ...says('validation.eachAgencyId') }) holderAgencyIds?: string[];
  @Field(() => LocalDateResolver) periodFrom!: string;
  @Field(() => LocalDateResolver) periodTo!: string;
  @Field() @MinLength(3, filled) @MaxLength(2000) purpose!: string;
  @Field() @MinLength(3, filled) @MaxLength(2000) intendedUse!: string;
  @Field({ description: 'Who will see the results' }) @MinLength(3, filled) @MaxLength(2000) audience!: string;
  @Field() @MinLength(3, filled) @MaxLength(2000) protectionMeasures!: string;
  @Field(() => Int) @Min(1, says('validation.atLeastOneDay')) @Max(3650) retentionDays!: number;
  @Field({ description: 'The requester attests the statement shown on the form' }) @Equals(true, says('validation.signAttestation')) attestationSigned!: boolean;
}

@InputType()
export class ApproveDataAccessRequestInput {
  @Field(() => ID) @IsUUID('all', says('validation.requestId')) id!: string;
  @Field() @MinLength(3, says('validation.conditionsOfUse')) @MaxLength(5000) conditions!: string;
  @Field(() => LocalDateResolver) validUntil!: string;
}
