import { IsInt, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { says } from '../shared/validation';

@InputType()
export class RecordFeedbackInput {
  @Field(() => ID) @IsUUID('all', says('validation.referralId')) referralId!: string;
  @Field({ description: 'Whether the person received the service' }) received!: boolean;
  @Field(() => Int, { description: '1 (very unsatisfied) to 5 (very satisfied)' }) @IsInt() @Min(1, says('validation.oneToFive')) @Max(5, says('validation.oneToFive')) satisfaction!: number;
  @Field({ description: 'Whether the person was treated with respect' }) respectful!: boolean;
  @Field() wouldRecommend!: boolean;
  @Field(() => String, { nullable: true, description: 'Free text: kept with the feedback; the audit log holds only its hash' }) @IsOptional() @MaxLength(2000) comment?: string | null;
  @Field({ defaultValue: false, description: 'The agency it is about never learns who recorded it nor the referral it comes from' }) anonymous!: boolean;
  @Field({ defaultValue: false, description: 'A complaint: routed to the network admins\' queue (feedbackComplaints)' }) complaint!: boolean;
}
