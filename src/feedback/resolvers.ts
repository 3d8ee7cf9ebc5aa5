import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Viewer } from '../auth/roles';
import { CurrentViewer } from '../auth/current-viewer';
import type { Context } from '../context';
import { badInput } from '../shared/errors';
import { ServiceFeedback } from './entities';
import { RecordFeedbackInput } from './inputs';
import { MAX_FEEDBACK_LIST } from './feedback.service';

const limit = (first: number) => {
  if (!Number.isInteger(first) || first < 1 || first > MAX_FEEDBACK_LIST) throw badInput('first', 'feedback.firstRange', { max: MAX_FEEDBACK_LIST });
  return first;
};

@Resolver(() => ServiceFeedback)
export class FeedbackResolver {
  @Mutation(() => ServiceFeedback, {
    description: 'The person\'s feedback on a referral that is COMPLETED, or CANCELLED after it was accepted: recorded by a case manager of the sending agency on the person\'s behalf, '
      + 'or by the receiving agency\'s staff when the person gives it there; once per referral and side (CONFLICT on a second). A complaint goes to the network admins\' queue',
  })
  recordFeedback(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: RecordFeedbackInput) {
    return ctx.services.feedback.record(viewer, input);
  }

  @Query(() => [ServiceFeedback], { description: 'Feedback flagged as a complaint, newest first (NETWORK_ADMIN)' })
  feedbackComplaints(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('first', () => Int, { defaultValue: 50 }) first: number) {
    return ctx.services.feedback.complaints(viewer, limit(first));
  }

  @Query(() => [ServiceFeedback], { description: 'Feedback about your agency the person did not ask to keep anonymous, newest first (AGENCY_ADMIN). Anonymous feedback, complaints included, never appears here' })
  feedbackAboutMyAgency(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('first', () => Int, { defaultValue: 50 }) first: number) {
    return ctx.services.feedback.aboutMyAgency(viewer, limit(first));
  }
}
