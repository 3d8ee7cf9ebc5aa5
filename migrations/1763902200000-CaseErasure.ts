import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, retention and erasure. Each agency's retention periods (case_retention_policies, owned by
 * src/cases/): how long a CLOSED case is kept after it was closed, and optionally how long an OPEN case may
 * stay without activity; none means keep. An erased case keeps its code, dates, statuses and structure, and
 * says when, why and by whom it was erased (cases.erased_at, erasure_reason, erased_by). An erased case is
 * CLOSED for good.
 *
 * Free text tied to an erased case goes: a referral's reasons (NOT NULL until now), a vital-interest
 * justification, a consent's withdrawal reason. Their checks now allow the gap an erasure leaves;
 * referrals.erased_at (owned by src/referrals/) marks the referrals of an erased case, so the disclosure
 * rule refuses them with ERASED and their checks still hold for every other referral.
 */
export class CaseErasure1763902200000 implements MigrationInterface {
  name = 'CaseErasure1763902200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN erased_at timestamptz, ADD COLUMN erasure_reason text, ADD COLUMN erased_by text`);
    await q.query(`ALTER TABLE cases ADD CONSTRAINT cases_erasure_check CHECK ((erased_at IS NULL) = (erasure_reason IS NULL) AND (erased_at IS NULL) = (erased_by IS NULL))`);
    await q.query(`ALTER TABLE cases ADD CONSTRAINT cases_erased_closed_check CHECK (erased_at IS NULL OR status = 'CLOSED')`);
    // the sweep's selection: cases not yet erased, per agency and status
    await q.query(`CREATE INDEX cases_retention_idx ON cases (owner_agency_id, status, closed_at) WHERE erased_at IS NULL`);
    await q.query(`
      CREATE TABLE case_retention_policies (
        agency_id uuid PRIMARY KEY REFERENCES agencies(id),
        closed_days int CONSTRAINT case_retention_policies_closed_check CHECK (closed_days BETWEEN 30 AND 36500),
        inactive_open_days int CONSTRAINT case_retention_policies_inactive_check CHECK (inactive_open_days BETWEEN 30 AND 36500),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`ALTER TABLE referrals ADD COLUMN erased_at timestamptz`);
    await q.query(`ALTER TABLE referrals ALTER COLUMN reasons DROP NOT NULL`);
    await q.query(`ALTER TABLE referrals ADD CONSTRAINT referrals_reasons_check CHECK (reasons IS NOT NULL OR erased_at IS NOT NULL)`);
    // the vital-interest check was declared without a name: found by what it says
    await dropCheckMentioning(q, 'referrals', 'vital_interest_justification');
    await q.query(`ALTER TABLE referrals ADD CONSTRAINT referrals_vital_interest_check
      CHECK (legal_basis = 'CONSENT' OR (priority = 'EMERGENCY' AND (vital_interest_justification IS NOT NULL OR erased_at IS NOT NULL)))`);

    await dropCheckMentioning(q, 'consents', 'withdrawal_reason');
    await q.query(`ALTER TABLE consents ADD CONSTRAINT consents_withdrawal_reason_check CHECK (withdrawal_reason IS NULL OR withdrawn_at IS NOT NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // what an erasure removed cannot come back: placeholders satisfy the older checks
    await q.query(`UPDATE consents SET withdrawal_reason = '(erased)' WHERE withdrawn_at IS NOT NULL AND withdrawal_reason IS NULL`);
    await q.query(`ALTER TABLE consents DROP CONSTRAINT IF EXISTS consents_withdrawal_reason_check`);
    await q.query(`ALTER TABLE consents ADD CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL))`);
    await q.query(`UPDATE referrals SET reasons = '(erased)' WHERE reasons IS NULL`);
    await q.query(`UPDATE referrals SET vital_interest_justification = '(erased)' WHERE legal_basis = 'VITAL_INTEREST' AND vital_interest_justification IS NULL`);
    await q.query(`ALTER TABLE referrals DROP CONSTRAINT IF EXISTS referrals_vital_interest_check`);
    await q.query(`ALTER TABLE referrals ADD CHECK (legal_basis = 'CONSENT' OR (vital_interest_justification IS NOT NULL AND priority = 'EMERGENCY'))`);
    await q.query(`ALTER TABLE referrals DROP CONSTRAINT IF EXISTS referrals_reasons_check`);
    await q.query(`ALTER TABLE referrals ALTER COLUMN reasons SET NOT NULL`);
    await q.query(`ALTER TABLE referrals DROP COLUMN erased_at`);
    await q.query(`DROP TABLE IF EXISTS case_retention_policies`);
    await q.query(`DROP INDEX IF EXISTS cases_retention_idx`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_erased_closed_check`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_erasure_check`);
    await q.query(`ALTER TABLE cases DROP COLUMN erased_at, DROP COLUMN erasure_reason, DROP COLUMN erased_by`);
  }
}

/** Drops the unnamed CHECK constraints of `table` whose definition names `column`. */
async function dropCheckMentioning(q: QueryRunner, table: string, column: string): Promise<void> {
  const rows: { conname: string; def: string }[] = await q.query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`, [table]);
  for (const r of rows.filter((x) => x.def.includes(column))) await q.query(`ALTER TABLE ${table} DROP CONSTRAINT "${r.conname}"`);
}
