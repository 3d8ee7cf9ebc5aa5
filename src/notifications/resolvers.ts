import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Viewer } from '../auth/roles';
import { CurrentViewer } from '../auth/current-viewer';
import type { Context } from '../context';
import { PageArgs } from '../shared/pagination';
import { DeliveryStatus, WebhookEvent } from './enums';
import { WebhookDelivery, WebhookDeliveryConnection, WebhookEndpoint, WebhookEndpointConnection } from './entities';
import { RegisterWebhookInput } from './inputs';

@Resolver(() => WebhookEndpoint)
export class WebhooksResolver {
  @Mutation(() => WebhookEndpoint, {
    description: 'Your agency receives the events it subscribes to at this URL, signed with the secret (AGENCY_ADMIN). '
      + 'Bodies hold ids, event, priority and due time only: fetch the rest through the API, under the disclosure rules',
  })
  registerWebhook(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: RegisterWebhookInput) {
    return ctx.services.webhooks.register(viewer, input);
  }

  @Mutation(() => WebhookEndpoint, { description: 'Nothing more is delivered to the endpoint; what waited for it is dead-lettered (AGENCY_ADMIN)' })
  removeWebhook(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string) {
    return ctx.services.webhooks.remove(viewer, id);
  }

  @Mutation(() => WebhookDelivery, { description: 'Queues a webhook.ping to the endpoint, to check the receiver and its signature check (AGENCY_ADMIN)' })
  testWebhook(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string) {
    return ctx.services.webhooks.ping(viewer, id);
  }

  @Mutation(() => WebhookDelivery, { description: 'Tries a DEAD delivery again, with a fresh retry window (AGENCY_ADMIN)' })
  redeliverWebhook(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('deliveryId', () => ID) deliveryId: string) {
    return ctx.services.webhooks.redeliver(viewer, deliveryId);
  }

  @Query(() => WebhookEndpointConnection, { description: 'Your agency\'s webhook endpoints, newest first (AGENCY_ADMIN)' })
  webhookEndpoints(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs,
    @Arg('includeRemoved', { defaultValue: false }) includeRemoved: boolean) {
    return ctx.services.webhooks.endpoints(viewer, includeRemoved, page.first, page.after);
  }

  @Query(() => WebhookDeliveryConnection, { description: 'Deliveries to your agency\'s endpoints, newest first; status DEAD lists the dead letters (AGENCY_ADMIN)' })
  webhookDeliveries(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs,
    @Arg('endpointId', () => ID, { nullable: true }) endpointId: string | null,
    @Arg('status', () => [DeliveryStatus], { nullable: true }) status: DeliveryStatus[] | null,
    @Arg('event', () => [WebhookEvent], { nullable: true }) event: WebhookEvent[] | null) {
    return ctx.services.webhooks.deliveries(viewer, { endpointId, status, event }, page.first, page.after);
  }
}
