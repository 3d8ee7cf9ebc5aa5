import { IsInt, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class RecordFeedbackInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be a referral id' }) referralId!: string;
  @Field({ description: 'Whether the person received the service' }) received!: boolean;
  @Field(() => Int, { description: '1 (very unsatisfied) to 5 (very satisfied)' }) @IsInt() @Min(1, { message: 'must be 1 to 5' }) @Max(5, { message: 'must be 1 to 5' }) satisfaction!: number;
  @Field({ description: 'Whether the person was treated with respect' }) respectful!: boolean;
  @Field() wouldRecommend!: boolean;
  @Field(() => String, { nullable: true, description: 'Free text: kept with the feedback; the audit log holds only its hash' }) @IsOptional() @MaxLength(2000) comment?: string | null;
  @Field({ defaultValue: false, description: 'The agency it is about never learns who recorded it nor the referral it comes from' }) anonymous!: boolean;
  @Field({ defaultValue: false, description: 'A complaint: routed to the network admins\' queue (feedbackComplaints)' }) complaint!: boolean;
}
