import { registerEnumType } from 'type-graphql';

/** What an endpoint can subscribe to; the value is the event's name on the wire (the body's "event"). */
export enum WebhookEvent {
  REFERRAL_RECEIVED = 'referral.received',
  REFERRAL_OVERDUE = 'referral.overdue',
  REFERRAL_STATUS_CHANGED = 'referral.status_changed',
  REFERRAL_MESSAGE_POSTED = 'referral.message_posted',
  REFERRAL_UPDATE_REQUESTED = 'referral.update_requested',
  AGREEMENT_EXPIRING = 'agreement.expiring',
  GOVERNANCE_ALERTS = 'governance.alerts',
  /** Sent only by testWebhook, to whatever the endpoint subscribes to. */
  PING = 'webhook.ping',
}
registerEnumType(WebhookEvent, {
  name: 'WebhookEvent',
  description: 'referral.received: a referral to your agency (sendReferral, forwardReferral); referral.overdue: a referral still SENT past its response due time, '
    + 'once per referral, to both agencies; referral.status_changed: the other agency moved a referral (accepted, declined, started, on hold, completed, cancelled; '
    + 'expiry to both); referral.message_posted: the other agency wrote on a referral; referral.update_requested: the sending agency asks for news; '
    + 'agreement.expiring: an active MoU or data-sharing agreement your agency is party to ends within WEBHOOK_AGREEMENT_NOTICE_DAYS, once per end date; '
    + 'governance.alerts: the daily count of the network\'s governance alerts when any is open (agencies that may hold the STEERING_COMMITTEE or NETWORK_ADMIN role); '
    + 'webhook.ping: testWebhook',
});

export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  DEAD = 'DEAD',
}
registerEnumType(DeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: waiting for its next attempt; DELIVERED: the endpoint answered 2xx; DEAD: not delivered within WEBHOOK_RETRY_HOURS (default 24): kept for the agency admin, retried only by redeliverWebhook',
});
