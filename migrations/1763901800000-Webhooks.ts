import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: an agency's webhook endpoints and the transactional outbox of deliveries to them. A delivery
 * row is written in the transaction of the change it announces, so it exists exactly when the change does;
 * workers claim due rows with a lease (FOR UPDATE SKIP LOCKED), so two workers never deliver the same row.
 * Payloads hold ids, event, priority and due time, never a personal field. Owned by src/notifications/.
 */
export class Webhooks1763901800000 implements MigrationInterface {
  name = 'Webhooks1763901800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        url text NOT NULL,
        events text[] NOT NULL CONSTRAINT webhook_endpoints_events_check CHECK (cardinality(events) > 0),
        secret text NOT NULL,
        description text,
        rate_per_minute int NOT NULL DEFAULT 60 CONSTRAINT webhook_endpoints_rate_check CHECK (rate_per_minute BETWEEN 1 AND 6000),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        removed_at timestamptz,
        removed_by text
      )`);
    await q.query(`CREATE INDEX webhook_endpoints_agency_idx ON webhook_endpoints (agency_id) WHERE removed_at IS NULL`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        event text NOT NULL,
        data jsonb NOT NULL,
        -- an event announced once per subject (an overdue referral, an expiring agreement) carries a key
        dedup_key text,
        status text NOT NULL DEFAULT 'PENDING' CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        -- a worker's claim: until then no other worker takes the row; its token guards the result it writes
        lease_until timestamptz,
        lease_token uuid,
        last_attempt_at timestamptz,
        last_status_code int,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- the retry window runs from here (created_at, or when an admin asked to redeliver a dead one)
        retry_from timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_once UNIQUE (endpoint_id, dedup_key)
      )`);
    // what workers poll: due rows only
    await q.query(`CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX webhook_deliveries_agency_idx ON webhook_deliveries (agency_id, created_at DESC, id DESC)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS webhook_deliveries`);
    await q.query(`DROP TABLE IF EXISTS webhook_endpoints`);
  }
}
