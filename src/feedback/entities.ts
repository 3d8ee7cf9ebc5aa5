import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Who recorded the feedback: the referring agency's case manager on the person's behalf, or the receiving agency's staff. */
export enum FeedbackSide { SENDER = 'SENDER', RECEIVER = 'RECEIVER' }
registerEnumType(FeedbackSide, { name: 'FeedbackSide', description: 'SENDER: the referring case manager on the person\'s behalf; RECEIVER: the receiving agency\'s staff, when the person gives it there' });

@ObjectType({ description: 'A person\'s feedback on the service a referral sent them to. For anonymous feedback, the agency it is about never learns who recorded it nor the referral it comes from' })
export class ServiceFeedback {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true, description: 'Null when anonymity hides it from the reader' }) referralId!: string | null;
  @Field(() => ID) serviceId!: string;
  @Field(() => ID, { description: 'The agency the feedback is about' }) receivingAgencyId!: string;
  @Field(() => FeedbackSide, { nullable: true, description: 'Null when anonymity hides it from the reader' }) side!: FeedbackSide | null;
  @Field(() => String, { nullable: true, description: 'Null when anonymity hides it from the reader' }) recordedBy!: string | null;
  @Field(() => ID, { nullable: true, description: 'Null when anonymity hides it from the reader' }) recordedByAgencyId!: string | null;
  @Field({ description: 'Whether the person received the service' }) received!: boolean;
  @Field(() => Int, { description: '1 (very unsatisfied) to 5 (very satisfied)' }) satisfaction!: number;
  @Field({ description: 'Whether the person was treated with respect' }) respectful!: boolean;
  @Field() wouldRecommend!: boolean;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field({ description: 'The person asked that the agency it is about not know who gave it' }) anonymous!: boolean;
  @Field({ description: 'A complaint: goes to the network admins\' queue (feedbackComplaints)' }) complaint!: boolean;
  @Field() recordedAt!: Date;
}
