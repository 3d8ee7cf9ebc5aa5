import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, owned by src/cases/: estimated dates of birth, safe-contact instructions (a catalogue field of
 * CONTACT), a child's consent through a guardian or a best-interest determination, and the record of
 * rectifications (names of the fields changed, never their values).
 *
 * Referrals already sent with a contact field get safeContact in their disclosed fields: from now on a
 * contact field passes only with it (src/policy/disclosure-rules.ts withSafeContact), and the consent and
 * agreement that let the contact field pass cover safeContact by its category.
 */
export class CaseProtection1763901900000 implements MigrationInterface {
  name = 'CaseProtection1763901900000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN date_of_birth_estimated boolean, ADD COLUMN safe_contact jsonb`);
    await q.query(`ALTER TABLE consents ADD COLUMN guardian_relation text, ADD COLUMN best_interest_determined_by text, ADD COLUMN best_interest_determined_on date`);
    await q.query(`
      CREATE TABLE case_field_changes (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        fields text[] NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_field_changes_case_idx ON case_field_changes (case_id, changed_at DESC, id DESC)`);
    await q.query(`UPDATE referrals SET disclosed_fields = array_append(disclosed_fields, 'safeContact')
      WHERE disclosed_fields && ARRAY['phone', 'address', 'emergencyContact']::text[] AND NOT ('safeContact' = ANY(disclosed_fields))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE referrals SET disclosed_fields = array_remove(disclosed_fields, 'safeContact')`);
    await q.query(`DROP TABLE IF EXISTS case_field_changes`);
    await q.query(`ALTER TABLE consents DROP COLUMN IF EXISTS guardian_relation, DROP COLUMN IF EXISTS best_interest_determined_by, DROP COLUMN IF EXISTS best_interest_determined_on`);
    await q.query(`ALTER TABLE cases DROP COLUMN IF EXISTS date_of_birth_estimated, DROP COLUMN IF EXISTS safe_contact`);
  }
}
