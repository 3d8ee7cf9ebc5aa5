import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../shared/pagination';
import { DeliveryStatus, WebhookEvent } from './enums';

@ObjectType({ description: 'Where an agency receives notifications. The secret signs every delivery and is never shown again after registration' })
export class WebhookEndpoint {
  @Field(() => ID) id!: string;
  @Field(() => ID) agencyId!: string;
  @Field() url!: string;
  @Field(() => [WebhookEvent]) events!: WebhookEvent[];
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Int, { description: 'Deliveries per minute at most; the rest wait their turn' }) ratePerMinute!: number;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Set when removed: nothing more is delivered to it' }) removedAt!: Date | null;
}

@ObjectType({ description: 'One event for one endpoint, from the outbox: its body holds ids, event, priority and due time, never a personal field' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Also the webhook-id header: receivers drop an id they already processed' }) id!: string;
  @Field(() => ID) endpointId!: string;
  @Field(() => WebhookEvent) event!: WebhookEvent;
  @Field(() => GraphQLJSONObject, { description: 'The body\'s "data"' }) data!: Record<string, unknown>;
  @Field(() => DeliveryStatus) status!: DeliveryStatus;
  @Field(() => Int) attempts!: number;
  @Field(() => Date, { nullable: true, description: 'When PENDING: not before this time' }) nextAttemptAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastAttemptAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last answer; null when there was none' }) lastStatusCode!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (timeout, refused connection, HTTP status)' }) lastError!: string | null;
  @Field(() => Date, { nullable: true }) deliveredAt!: Date | null;
  @Field() createdAt!: Date;
}

export const WebhookEndpointConnection = Connection(WebhookEndpoint, 'WebhookEndpoint');
export const WebhookDeliveryConnection = Connection(WebhookDelivery, 'WebhookDelivery');
