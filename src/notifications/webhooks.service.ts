/** An agency's webhook endpoints and the deliveries to them, as its agency admins manage and watch them. */
import type { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import { Role, type Viewer } from '../auth/roles';
import { agencyStandingSql } from '../directory/sql';
import { may, relationsToWebhooks } from '../policy/authority';
import { badInput, conflict, forbidden, notFound } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { pageQuery, type Page } from '../shared/pagination';
import { sqlParams } from '../shared/sql';
import { DeliveryStatus, WebhookEvent } from './enums';
import type { WebhookDelivery, WebhookEndpoint } from './entities';
import type { RegisterWebhookInput } from './inputs';
import { webhookUrlProblem, type UrlPolicy } from './url-safety';

const ENDPOINT_COLUMNS = 'e.id, e.agency_id, e.url, e.events, e.description, e.rate_per_minute, e.created_by, e.created_at, e.removed_at';
const DELIVERY_COLUMNS = 'd.id, d.endpoint_id, d.event, d.data, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.created_at';

/** An agency keeps at most this many endpoints (each event is one outbox row per endpoint). */
export const MAX_ENDPOINTS_PER_AGENCY = 20;

const endpointFromRow = (r: any): WebhookEndpoint => ({
  id: r.id, agencyId: r.agency_id, url: r.url, events: r.events, description: r.description, ratePerMinute: r.rate_per_minute,
  createdBy: r.created_by, createdAt: new Date(r.created_at), removedAt: r.removed_at ? new Date(r.removed_at) : null,
});
const deliveryFromRow = (r: any): WebhookDelivery => ({
  id: r.id, endpointId: r.endpoint_id, event: r.event, data: r.data, status: r.status, attempts: r.attempts,
  nextAttemptAt: r.status === DeliveryStatus.PENDING ? new Date(r.next_attempt_at) : null, lastAttemptAt: r.last_attempt_at ? new Date(r.last_attempt_at) : null,
  lastStatusCode: r.last_status_code, lastError: r.last_error, deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null, createdAt: new Date(r.created_at),
});

export class WebhooksService {
  constructor(private readonly db: DataSource, private readonly urlPolicy: UrlPolicy) {}

  private check(viewer: Viewer, op: Parameters<typeof may<'webhook'>>[1]) {
    if (!may('webhook', op, relationsToWebhooks(viewer, viewer.agencyId))) throw forbidden('webhooks.onlyAgencyAdmin');
  }

  async register(viewer: Viewer, input: RegisterWebhookInput): Promise<WebhookEndpoint> {
    this.check(viewer, 'register');
    const url = input.url.trim();
    const problem = webhookUrlProblem(url, this.urlPolicy);
    if (problem) throw badInput('input.url', problem.key, problem.params);
    const events = [...new Set(input.events)];
    return this.db.transaction(async (m) => {
      const [agency] = await m.query(`SELECT ${agencyStandingSql('$1')} AS standing, (SELECT count(*)::int FROM webhook_endpoints WHERE agency_id = $1 AND removed_at IS NULL) AS endpoints`, [viewer.agencyId]);
      const grantable: string[] = agency.standing?.grantableRoles ?? [];
      if (events.includes(WebhookEvent.GOVERNANCE_ALERTS) && !grantable.some((r) => r === Role.STEERING_COMMITTEE || r === Role.NETWORK_ADMIN)) {
        throw badInput('input.events', 'webhooks.governanceAlerts');
      }
      if (agency.endpoints >= MAX_ENDPOINTS_PER_AGENCY) throw conflict('webhooks.tooMany', { count: agency.endpoints });
      const [row] = await m.query(
        `INSERT INTO webhook_endpoints (agency_id, url, events, secret, description, rate_per_minute, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ENDPOINT_COLUMNS.replaceAll('e.', '')}`,
        [viewer.agencyId, url, events, input.secret, input.description?.trim() || null, input.ratePerMinute, viewer.userId],
      );
      // the URL's host is the agency's own system: recorded; the secret never is
      await recordAudit(m, viewer, 'webhook.registered', 'webhook', row.id, { host: new URL(url).host, events });
      return endpointFromRow(row);
    });
  }

  async remove(viewer: Viewer, id: string): Promise<WebhookEndpoint> {
    this.check(viewer, 'remove');
    if (!isUuid(id)) throw notFound('WebhookEndpoint', id);
    return this.db.transaction(async (m) => {
      const [row] = await m.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.id = $1 AND e.agency_id = $2 FOR UPDATE`, [id, viewer.agencyId]);
      if (!row) throw notFound('WebhookEndpoint', id);
      if (row.removed_at) throw conflict('webhooks.alreadyRemoved');
      await m.query(`UPDATE webhook_endpoints SET removed_at = now(), removed_by = $2 WHERE id = $1`, [id, viewer.userId]);
      // what was waiting for it will never go: dead-lettered, visible in webhookDeliveries
      await m.query(`UPDATE webhook_deliveries SET status = 'DEAD', last_error = 'endpoint removed', lease_until = NULL WHERE endpoint_id = $1 AND status = 'PENDING'`, [id]);
      await recordAudit(m, viewer, 'webhook.removed', 'webhook', id, {});
      const [after] = await m.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.id = $1`, [id]);
      return endpointFromRow(after);
    });
  }

  endpoints(viewer: Viewer, includeRemoved: boolean, first: number, after?: string | null): Promise<Page<WebhookEndpoint>> {
    this.check(viewer, 'read');
    return pageQuery(this.db, {
      select: `SELECT ${ENDPOINT_COLUMNS}`, from: `FROM webhook_endpoints e WHERE e.agency_id = $1 AND ($2 OR e.removed_at IS NULL)`,
      values: [viewer.agencyId, includeRemoved], order: 'e.created_at DESC, e.id', first, after,
    }, endpointFromRow);
  }

  deliveries(viewer: Viewer, filter: { endpointId?: string | null; status?: DeliveryStatus[] | null; event?: WebhookEvent[] | null }, first: number, after?: string | null): Promise<Page<WebhookDelivery>> {
    this.check(viewer, 'readDeliveries');
    const { values, p } = sqlParams([viewer.agencyId]);
    const where = ['d.agency_id = $1'];
    if (filter.endpointId) {
      if (!isUuid(filter.endpointId)) throw notFound('WebhookEndpoint', filter.endpointId);
      where.push(`d.endpoint_id = ${p(filter.endpointId)}`);
    }
    if (filter.status?.length) where.push(`d.status = ANY(${p(filter.status)}::text[])`);
    if (filter.event?.length) where.push(`d.event = ANY(${p(filter.event)}::text[])`);
    return pageQuery(this.db, { select: `SELECT ${DELIVERY_COLUMNS}`, from: `FROM webhook_deliveries d WHERE ${where.join(' AND ')}`, values, order: 'd.created_at DESC, d.id DESC', first, after }, deliveryFromRow);
  }

  /** A dead-lettered delivery, tried again from now (a fresh retry window), e.g. after the receiver was fixed. */
  async redeliver(viewer: Viewer, id: string): Promise<WebhookDelivery> {
    this.check(viewer, 'redeliver');
    if (!isUuid(id)) throw notFound('WebhookDelivery', id);
    return this.db.transaction(async (m) => {
      const [row] = await m.query(
        `SELECT d.status, e.removed_at FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1 AND d.agency_id = $2 FOR UPDATE OF d`, [id, viewer.agencyId]);
      if (!row) throw notFound('WebhookDelivery', id);
      if (row.status !== DeliveryStatus.DEAD) throw conflict('webhooks.onlyDeadRetried', { status: row.status });
      if (row.removed_at) throw conflict('webhooks.endpointRemoved');
      await m.query(`UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = now(), retry_from = now(), lease_until = NULL WHERE id = $1`, [id]);
      await recordAudit(m, viewer, 'webhook.redelivered', 'webhook', id, {});
      const [after] = await m.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.id = $1`, [id]);
      return deliveryFromRow(after);
    });
  }

  /** Queues a webhook.ping to one endpoint, so an admin can check the receiver and its signature check. */
  async ping(viewer: Viewer, endpointId: string): Promise<WebhookDelivery> {
    this.check(viewer, 'test');
    if (!isUuid(endpointId)) throw notFound('WebhookEndpoint', endpointId);
    return this.db.transaction(async (m) => {
      const [row] = await m.query(
        `INSERT INTO webhook_deliveries (endpoint_id, agency_id, event, data)
         SELECT e.id, e.agency_id, $3, $4::jsonb FROM webhook_endpoints e WHERE e.id = $1 AND e.agency_id = $2 AND e.removed_at IS NULL
         RETURNING ${DELIVERY_COLUMNS.replaceAll('d.', '')}`,
        [endpointId, viewer.agencyId, WebhookEvent.PING, JSON.stringify({ endpointId })],
      );
      if (!row) throw notFound('WebhookEndpoint', endpointId);
      return deliveryFromRow(row);
    });
  }
}
