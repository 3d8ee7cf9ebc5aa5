import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DirectoryService } from '../src/directory/directory.service';
import type { Config } from '../src/config';
import * as demo from './demo-data';
import * as agreements from './agreements-data';
import * as casesData from './cases-data';
import * as pathwaysData from './pathways-data';

const json = (v: unknown) => JSON.stringify(v ?? {});

/**
 * Loads the demo data set, inserting or updating every record by its fixed id or code, so running it
 * again leaves one copy of each record and restores any demo record that was edited.
 */
export async function loadDemoData(db: DataSource, config: Config): Promise<void> {
  await db.transaction(async (m) => {
    await upsertAreas(m);
    for (const c of demo.categories) {
      const parent = c.code.includes('.') ? c.code.slice(0, c.code.lastIndexOf('.')) : null;
      await m.query(
        `INSERT INTO service_categories (code, names, parent_code, sort_order) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET names = EXCLUDED.names, parent_code = EXCLUDED.parent_code, sort_order = EXCLUDED.sort_order`,
        [c.code, json(c.names), parent, c.sortOrder],
      );
    }
    for (const a of demo.agencies) {
      await m.query(
        `INSERT INTO agencies (id, names, acronym, type, country_code, descriptions, email, phone, website, languages, fictional, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'seed', 'seed')
         ON CONFLICT (id) DO UPDATE SET names = EXCLUDED.names, acronym = EXCLUDED.acronym, type = EXCLUDED.type, country_code = EXCLUDED.country_code,
           descriptions = EXCLUDED.descriptions, email = EXCLUDED.email, phone = EXCLUDED.phone, website = EXCLUDED.website,
           languages = EXCLUDED.languages, fictional = EXCLUDED.fictional, updated_at = now(), updated_by = 'seed'`,
        [a.id, json(a.names), a.acronym ?? null, a.type, a.countryCode, json(a.descriptions), a.email ?? null, a.phone ?? null, a.website ?? null, a.languages, a.fictional],
      );
    }
    for (const u of demo.users) {
      await m.query(
        `INSERT INTO users (id, email, name, agency_id, roles) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, agency_id = EXCLUDED.agency_id, roles = EXCLUDED.roles`,
        [u.id, u.email, u.name, u.agency, u.roles],
      );
    }
    // an agency may grant the network-wide roles its demo users hold (the network secretariat, a ministry on the steering committee)
    await m.query(
      `UPDATE agencies a SET grantable_roles = ARRAY(SELECT DISTINCT r FROM unnest(a.grantable_roles || u.roles) r ORDER BY r)
         FROM (SELECT agency_id, array_agg(DISTINCT x) AS roles FROM users, unnest(roles) x WHERE agency_id = ANY($1::uuid[]) GROUP BY agency_id) u
        WHERE a.id = u.agency_id`,
      [[...new Set(demo.users.map((u) => u.agency))]],
    );
    for (const l of demo.locations) {
      await m.query(
        `INSERT INTO locations (id, agency_id, names, facility_type, area_id, locality, address, latitude, longitude, confidential, created_by, updated_by)
         VALUES ($1, $2, $3, $4, (SELECT id FROM areas WHERE code = $5), $6, $7, $8, $9, $10, 'seed', 'seed')
         ON CONFLICT (id) DO UPDATE SET agency_id = EXCLUDED.agency_id, names = EXCLUDED.names, facility_type = EXCLUDED.facility_type,
           area_id = EXCLUDED.area_id, locality = EXCLUDED.locality, address = EXCLUDED.address, latitude = EXCLUDED.latitude,
           longitude = EXCLUDED.longitude, confidential = EXCLUDED.confidential, updated_at = now(), updated_by = 'seed'`,
        [l.id, l.agency, json(l.names), l.facilityType, l.area, l.locality ?? null, l.address ?? null, l.latitude ?? null, l.longitude ?? null, l.confidential ?? false],
      );
    }
    for (const s of demo.services) await upsertService(m, s);
    for (const p of demo.partnerships) {
      await m.query(
        `INSERT INTO partnerships (id, provider_agency_id, partner_agency_id, note, recorded_by) VALUES ($1, $2, $3, $4, 'seed')
         ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note, ended_at = NULL, end_reason = NULL`,
        [p.id, p.provider, p.partner, p.note],
      );
    }
    await new DirectoryService(db, config).refreshDerived(m, { serviceIds: demo.services.map((s) => s.id) });
    await upsertAgreements(m);
    await upsertCases(m);
    for (const p of pathwaysData.pathways) {
      await m.query(
        `INSERT INTO pathways (id, name, description, populations, created_by, updated_by) VALUES ($1, $2, $3, $4, 'seed', 'seed')
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, populations = EXCLUDED.populations, updated_at = now()`,
        [p.id, p.name, p.description, p.populations],
      );
      await m.query(`DELETE FROM pathway_steps WHERE pathway_id = $1`, [p.id]);
      for (const [i, s] of p.steps.entries()) {
        await m.query(`INSERT INTO pathway_steps (pathway_id, position, title, category_code, required, lead_agency_id, sop_series_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [p.id, i + 1, s.title, s.category, s.required ?? true, s.lead ?? null, s.sopSeries ?? null]);
      }
    }
  });
}

/** `days` from today as a date, negative for the past. */
const day = (days: number | null) => (days === null ? null : new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10));
const ago = (days: number) => new Date(Date.now() - days * 86_400_000);

async function upsertAgreements(m: EntityManager): Promise<void> {
  for (const mou of agreements.mous) {
    const signed = mou.signedDaysAgo !== null;
    await m.query(
      `INSERT INTO mous (id, reference_number, title, category_codes, area_ids, roles_and_responsibilities, communication, outcome_monitoring,
         signed_on, effective_from, expires_on, document_url, document_sha256, terminated_at, terminated_by, terminated_by_agency_id, termination_reason, created_by, updated_by)
       VALUES ($1, $2, $3, $4, ARRAY(SELECT id FROM areas WHERE code = ANY($5::text[])), $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'seed', 'seed')
       ON CONFLICT (id) DO UPDATE SET reference_number = EXCLUDED.reference_number, title = EXCLUDED.title, category_codes = EXCLUDED.category_codes,
         area_ids = EXCLUDED.area_ids, roles_and_responsibilities = EXCLUDED.roles_and_responsibilities, communication = EXCLUDED.communication,
         outcome_monitoring = EXCLUDED.outcome_monitoring, signed_on = EXCLUDED.signed_on, effective_from = EXCLUDED.effective_from,
         expires_on = EXCLUDED.expires_on, document_url = EXCLUDED.document_url, document_sha256 = EXCLUDED.document_sha256,
         terminated_at = EXCLUDED.terminated_at, terminated_by = EXCLUDED.terminated_by, terminated_by_agency_id = EXCLUDED.terminated_by_agency_id,
         termination_reason = EXCLUDED.termination_reason, updated_at = now(), updated_by = 'seed'`,
      [mou.id, mou.referenceNumber, mou.title, mou.categoryCodes, mou.areaCodes, mou.roles, mou.communication, mou.monitoring,
        day(signed ? -mou.signedDaysAgo! : null), day(mou.effectiveDaysAgo === null ? null : -mou.effectiveDaysAgo), day(mou.expiresInDays),
        signed ? `https://documents.example.org/${mou.referenceNumber}.pdf` : null, signed ? createHash('sha256').update(mou.referenceNumber).digest('hex') : null,
        mou.terminated ? ago(mou.terminated.daysAgo) : null, mou.terminated ? 'seed' : null, mou.terminated ? mou.parties[0] : null, mou.terminated?.reason ?? null],
    );
    await m.query(`DELETE FROM mou_parties WHERE mou_id = $1`, [mou.id]);
    await m.query(`INSERT INTO mou_parties (mou_id, agency_id) SELECT $1, unnest($2::uuid[])`, [mou.id, mou.parties]);
    // a signed demo MoU was signed by every party (deleting the parties removed their signatures)
    if (signed) {
      await m.query(`INSERT INTO mou_signatures (mou_id, agency_id, signed_by, signer_role, signed_on, signed_at)
        SELECT $1, unnest($2::uuid[]), 'seed', 'AGENCY_ADMIN', $3::date, $3::date::timestamptz`, [mou.id, mou.parties, day(-mou.signedDaysAgo!)]);
    }
  }
  // versions in order, so that superseded_by points at an existing row
  for (const sop of [...agreements.sops].sort((a, b) => a.version - b.version)) {
    await m.query(
      `INSERT INTO sops (id, series_id, version, title, owner_agency_id, category_codes, steps, emergency_response_hours, urgent_response_hours,
         normal_response_hours, effective_from, review_due, superseded_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'seed')
       ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, superseded_at = EXCLUDED.superseded_at, category_codes = EXCLUDED.category_codes, steps = EXCLUDED.steps,
         emergency_response_hours = EXCLUDED.emergency_response_hours, urgent_response_hours = EXCLUDED.urgent_response_hours,
         normal_response_hours = EXCLUDED.normal_response_hours, effective_from = EXCLUDED.effective_from, review_due = EXCLUDED.review_due`,
      [sop.id, sop.seriesId, sop.version, sop.title, sop.owner, sop.categoryCodes,
        JSON.stringify(sop.steps.map((s, i) => ({ order: i + 1, title: s.title, description: s.description ?? null }))),
        ...sop.targets, day(-sop.effectiveDaysAgo), day(sop.reviewInDays), sop.supersededBy ? new Date() : null],
    );
  }
  for (const sop of agreements.sops.filter((s) => s.supersededBy)) {
    await m.query(`UPDATE sops SET superseded_by = $2 WHERE id = $1`, [sop.id, sop.supersededBy]);
  }
  for (const d of agreements.dsas) {
    await m.query(
      `INSERT INTO data_sharing_agreements (id, reference_number, title, providing_agency_id, receiving_agency_id, purposes, categories, excluded_fields,
         valid_from, valid_until, retention_days, onward_sharing_allowed, risk_assessment_date, risk_assessment_reference,
         terminated_at, terminated_by, terminated_by_agency_id, termination_reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'seed')
       ON CONFLICT (id) DO UPDATE SET reference_number = EXCLUDED.reference_number, title = EXCLUDED.title, purposes = EXCLUDED.purposes,
         categories = EXCLUDED.categories, excluded_fields = EXCLUDED.excluded_fields, valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
         retention_days = EXCLUDED.retention_days, onward_sharing_allowed = EXCLUDED.onward_sharing_allowed, risk_assessment_date = EXCLUDED.risk_assessment_date,
         risk_assessment_reference = EXCLUDED.risk_assessment_reference, terminated_at = EXCLUDED.terminated_at, terminated_by = EXCLUDED.terminated_by,
         terminated_by_agency_id = EXCLUDED.terminated_by_agency_id, termination_reason = EXCLUDED.termination_reason`,
      [d.id, d.referenceNumber, d.title, d.providing, d.receiving, d.purposes, d.categories, d.excludedFields, day(-d.validFromDaysAgo), day(d.validUntilInDays),
        d.retentionDays, d.onwardSharingAllowed, day(-d.validFromDaysAgo - 10), `RBA-${d.referenceNumber}`,
        d.terminated ? ago(d.terminated.daysAgo) : null, d.terminated ? 'seed' : null, d.terminated?.byAgency ?? null, d.terminated?.reason ?? null],
    );
    await m.query(`DELETE FROM dsa_signatures WHERE dsa_id = $1`, [d.id]);
    for (const s of d.signedBy) {
      await m.query(`INSERT INTO dsa_signatures (dsa_id, agency_id, signed_by, signer_role, signed_at) VALUES ($1, $2, $3, $4, $5)`, [d.id, s.agency, s.user, s.role, ago(s.daysAgo)]);
    }
  }
}

async function upsertAreas(m: EntityManager): Promise<void> {
  const byCode = new Map(demo.areas.map((a) => [a.code, a]));
  const pathOf = (code: string): string => {
    const area = byCode.get(code)!;
    return area.parent ? `${pathOf(area.parent)}/${code}` : code;
  };
  for (const a of demo.areas) {
    const country = pathOf(a.code).split('/')[0];
    await m.query(
      `INSERT INTO areas (code, names, level, parent_id, country_code, path, latitude, longitude)
       VALUES ($1, $2, $3, (SELECT id FROM areas WHERE code = $4), $5, $6, $7, $8)
       ON CONFLICT (code) DO UPDATE SET names = EXCLUDED.names, level = EXCLUDED.level, parent_id = EXCLUDED.parent_id,
         country_code = EXCLUDED.country_code, path = EXCLUDED.path, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude`,
      [a.code, json(a.names), a.level, a.parent ?? null, country, pathOf(a.code), a.latitude ?? null, a.longitude ?? null],
    );
  }
}

async function upsertService(m: EntityManager, s: (typeof demo.services)[number]): Promise<void> {
  const verifiedAt = s.lastVerifiedDaysAgo === null ? null : new Date(Date.now() - s.lastVerifiedDaysAgo * 86_400_000);
  await m.query(
    `INSERT INTO services (id, agency_id, names, descriptions, populations, age_min, age_max, genders, languages, channels, open_24_hours,
       timezone, opening_hours, capacity_available, capacity_total, capacity_updated_at, intake_contact, how_to_refer, cost_free, cost_note,
       status, status_reason, last_verified_at, last_verified_by, referral_fields, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, CASE WHEN $14::int IS NULL THEN NULL ELSE now() END, $16, $17, $18, $19,
       $20, $21, $22, CASE WHEN $22::timestamptz IS NULL THEN NULL ELSE 'seed' END, $23, 'seed', 'seed')
     ON CONFLICT (id) DO UPDATE SET agency_id = EXCLUDED.agency_id, names = EXCLUDED.names, descriptions = EXCLUDED.descriptions,
       populations = EXCLUDED.populations, age_min = EXCLUDED.age_min, age_max = EXCLUDED.age_max, genders = EXCLUDED.genders,
       languages = EXCLUDED.languages, channels = EXCLUDED.channels, open_24_hours = EXCLUDED.open_24_hours, timezone = EXCLUDED.timezone,
       opening_hours = EXCLUDED.opening_hours, capacity_available = EXCLUDED.capacity_available, capacity_total = EXCLUDED.capacity_total,
       capacity_updated_at = EXCLUDED.capacity_updated_at, intake_contact = EXCLUDED.intake_contact, how_to_refer = EXCLUDED.how_to_refer,
       cost_free = EXCLUDED.cost_free, cost_note = EXCLUDED.cost_note, status = EXCLUDED.status, status_reason = EXCLUDED.status_reason,
       last_verified_at = EXCLUDED.last_verified_at, last_verified_by = EXCLUDED.last_verified_by, referral_fields = EXCLUDED.referral_fields,
       updated_at = now(), updated_by = 'seed'`,
    [
      s.id, s.agency, json(s.names), json(s.descriptions), s.populations, s.ageMin ?? null, s.ageMax ?? null,
      s.genders.length ? s.genders : ['ALL'], s.languages, s.channels, s.open24Hours ?? false, s.timezone, JSON.stringify(s.openingHours),
      s.capacity?.available ?? null, s.capacity?.total ?? null, json(s.intakeContact), json(s.howToRefer), s.costFree, s.costNote ?? null,
      s.status, s.statusReason ?? null, verifiedAt, referralFieldsFor(s.categories),
    ],
  );
  await m.query(`DELETE FROM service_category_links WHERE service_id = $1`, [s.id]);
  await m.query(`INSERT INTO service_category_links (service_id, category_code) SELECT $1, unnest($2::text[])`, [s.id, s.categories]);
  await m.query(`DELETE FROM service_locations WHERE service_id = $1`, [s.id]);
  await m.query(`INSERT INTO service_locations (service_id, location_id) SELECT $1, unnest($2::uuid[])`, [s.id, s.locations]);
  await m.query(`DELETE FROM service_areas WHERE service_id = $1`, [s.id]);
  await m.query(`INSERT INTO service_areas (service_id, area_id) SELECT $1, id FROM areas WHERE code = ANY($2::text[])`, [s.id, s.areas]);
  await upsertServiceDetails(m, s);
}

/** The details that decide a referral, in the shapes the directory stores (src/directory/details.ts). */
async function upsertServiceDetails(m: EntityManager, s: (typeof demo.services)[number]): Promise<void> {
  const d = s.details;
  const hours = (h: { day: string; opens: string; closes: string }[]) => h.map(({ day, opens, closes }) => ({ day, opens, closes }));
  const closures = (list: typeof d.closures) => JSON.stringify(list.map((c) => ({ from: c.from, to: c.to, reasons: c.reasons })));
  const outreach = [...d.outreach].sort((a, b) => a.inDays - b.inDays || a.opens.localeCompare(b.opens))
    .map((v) => ({ date: day(v.inDays), opens: v.opens, closes: v.closes, area: v.area, places: v.places }));
  await m.query(
    `UPDATE services SET eligibility_descriptions = $2, documents_required = $3, accepts_undocumented = $4, eligible_nationalities = $5,
       excluded_nationalities = $6, required_documents = $7, fee_kind = $8, cost_options = $9, fees_descriptions = $10, accessibility = $11,
       accessibility_details = $12, interpretation_languages = $13, interpretation_by_phone = $14, interpretation_in_person = $15,
       interpretation_notes = $16, standards = $17, contacts = $18, closures = $19,
       outreach = (SELECT coalesce(jsonb_agg(jsonb_build_object('date', v->>'date', 'opens', v->>'opens', 'closes', v->>'closes', 'areaId', a.id::text,
                     'places', v->'places') ORDER BY v.n), '[]')
                   FROM jsonb_array_elements($20::jsonb) WITH ORDINALITY v(v, n) JOIN areas a ON a.code = v->>'area')
     WHERE id = $1`,
    [
      s.id, json(d.eligibility), d.documentsRequired, d.acceptsWithoutDocuments, d.nationalities, d.excludedNationalities,
      JSON.stringify(d.requiredDocuments.map((r) => ({ type: r.type, labels: r.labels ?? {}, url: r.url ?? null }))),
      d.fees.kind, JSON.stringify(d.fees.options.map((o) => ({ amount: o.amount ?? null, currency: o.currency ?? null, descriptions: o.descriptions ?? {} }))),
      json(d.fees.descriptions), d.accessibility.features, json(d.accessibility.details), d.interpretation.languages, d.interpretation.byPhone,
      d.interpretation.inPerson, json(d.interpretation.notes), d.standards,
      JSON.stringify(d.contacts.map((c) => ({
        role: c.role, name: c.name ?? null, title: c.title ?? null, phone: c.phone ?? null, email: c.email ?? null, languages: c.languages,
        hours: c.always ? [] : hours(c.hours), always: c.always ?? false,
      }))),
      closures(d.closures), JSON.stringify(outreach),
    ],
  );
  for (const site of d.sites) {
    await m.query(
      `UPDATE service_locations SET opening_hours = $3, open_24_hours = $4, capacity_available = $5, capacity_total = $6,
         capacity_updated_at = CASE WHEN $5::int IS NULL THEN NULL ELSE now() END, closures = $7, notes = $8
       WHERE service_id = $1 AND location_id = $2`,
      [s.id, site.location, site.openingHours ? JSON.stringify(hours(site.openingHours)) : null, site.open24Hours ?? null,
        site.capacity?.available ?? null, site.capacity?.total ?? null, closures(site.closures ?? []), json(site.notes)],
    );
  }
}

async function upsertCases(m: EntityManager): Promise<void> {
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
  for (const c of casesData.cases) {
    await m.query(
      `INSERT INTO cases (id, case_code, owner_agency_id, given_name, family_name, date_of_birth, sex, nationality, languages, phone, vulnerabilities,
         protection_concerns, health_information, migration_phase, registered_by, updated_by, assigned_to, date_of_birth_estimated, safe_contact)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $15, $16, $17::jsonb)
       ON CONFLICT (id) DO UPDATE SET given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, date_of_birth = EXCLUDED.date_of_birth,
         sex = EXCLUDED.sex, nationality = EXCLUDED.nationality, languages = EXCLUDED.languages, phone = EXCLUDED.phone, vulnerabilities = EXCLUDED.vulnerabilities,
         protection_concerns = EXCLUDED.protection_concerns, health_information = EXCLUDED.health_information, migration_phase = EXCLUDED.migration_phase,
         date_of_birth_estimated = EXCLUDED.date_of_birth_estimated, safe_contact = EXCLUDED.safe_contact, updated_at = now()`,
      [c.id, c.code, c.owner, c.givenName, c.familyName, c.dateOfBirth, c.sex, c.nationality, c.languages, c.phone, c.vulnerabilities,
        c.protectionConcerns ?? null, c.healthInformation ?? null, c.migrationPhase, casesData.SENDER, c.dateOfBirthEstimated ?? null,
        c.safeContact ? JSON.stringify(c.safeContact) : null],
    );
    await m.query(`INSERT INTO case_assignments (case_id, assigned_to, assigned_by) SELECT $1, $2, $2 WHERE NOT EXISTS (SELECT 1 FROM case_assignments WHERE case_id = $1)`, [c.id, casesData.SENDER]);
    const k = c.consent;
    await m.query(
      `INSERT INTO consents (id, case_id, decision, method, given_by, guardian_name, certified_by, language, interpreter_used, purposes, recipient_agency_ids,
         categories, evidence_reference, recorded_by, recorded_at, withdrawn_at, withdrawn_by, withdrawal_reason, guardian_relation)
       VALUES ($1, $2, 'GRANTED', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now() - interval '30 days', $14, $15, $16, $17)
       ON CONFLICT (id) DO UPDATE SET method = EXCLUDED.method, given_by = EXCLUDED.given_by, guardian_name = EXCLUDED.guardian_name, guardian_relation = EXCLUDED.guardian_relation,
         certified_by = EXCLUDED.certified_by, purposes = EXCLUDED.purposes, recipient_agency_ids = EXCLUDED.recipient_agency_ids, categories = EXCLUDED.categories,
         withdrawn_at = EXCLUDED.withdrawn_at, withdrawn_by = EXCLUDED.withdrawn_by, withdrawal_reason = EXCLUDED.withdrawal_reason`,
      [k.id, c.id, k.method, k.givenBy, k.guardianName ?? null, k.certifiedBy ?? null, k.language, k.interpreter,
        k.recipients.length ? ['REGISTRATION', 'REFERRAL'] : ['REGISTRATION'], k.recipients, k.categories, `Consent form ${c.code} (paper file)`, casesData.SENDER,
        k.withdrawnDaysAgo ? hoursAgo(k.withdrawnDaysAgo * 24) : null, k.withdrawnDaysAgo ? casesData.SENDER : null, k.withdrawnDaysAgo ? 'Fictional: the person asked to stop sharing.' : null,
        k.guardianRelation ?? null],
    );
  }
  for (const r of casesData.referrals) {
    const sentAt = hoursAgo(r.sentHoursAgo);
    const respondedAt = r.status === 'SENT' || r.status === 'CANCELLED' ? null : hoursAgo(r.sentHoursAgo - 1);
    const completedAt = r.status === 'COMPLETED' ? hoursAgo(Math.max(1, r.sentHoursAgo - 48)) : null;
    await m.query(
      `INSERT INTO referrals (id, case_id, service_id, sending_agency_id, receiving_agency_id, priority, reasons, disclosed_fields, anonymous, legal_basis, consent_id,
         vital_interest_justification, mou_id, outside_mou, status, response_due_at, sent_at, sent_by, responded_at, decline_reason, completed_at, outcome, outcome_reason,
         cancelled_at, cancel_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, response_due_at = EXCLUDED.response_due_at, sent_at = EXCLUDED.sent_at, responded_at = EXCLUDED.responded_at,
         decline_reason = EXCLUDED.decline_reason, completed_at = EXCLUDED.completed_at, outcome = EXCLUDED.outcome, outcome_reason = EXCLUDED.outcome_reason,
         cancelled_at = EXCLUDED.cancelled_at, cancel_reason = EXCLUDED.cancel_reason, disclosed_fields = EXCLUDED.disclosed_fields, consent_id = EXCLUDED.consent_id`,
      [r.id, r.caseId, r.serviceId, casesData.cases.find((c) => c.id === r.caseId)!.owner, r.receiving, r.priority, r.reasons, r.fields,
        r.vital ? 'VITAL_INTEREST' : 'CONSENT', r.consent, r.vital ?? null, agreements.MOU.IOM_NIGER_AGADEZ_WOMEN, false, r.status,
        hoursAgo(-r.dueInHours), sentAt, casesData.SENDER, respondedAt, r.declineReason ?? null, completedAt, r.outcome ?? null, r.outcomeReason ?? null,
        r.status === 'CANCELLED' ? hoursAgo(r.sentHoursAgo - 2) : null, r.cancelReason ?? null],
    );
    await m.query(`DELETE FROM referral_events WHERE referral_id = $1`, [r.id]);
    const events: [string | null, string, string, string, Date, string | null][] = [[null, 'SENT', casesData.SENDER, casesData.cases[0].owner, sentAt, null]];
    if (respondedAt) events.push(['SENT', r.status === 'DECLINED' ? 'DECLINED' : 'ACCEPTED', casesData.RECEIVER, r.receiving, respondedAt, r.declineReason ?? null]);
    if (completedAt) events.push(['ACCEPTED', 'COMPLETED', casesData.RECEIVER, r.receiving, completedAt, r.outcome ?? null]);
    if (r.status === 'CANCELLED') events.push(['SENT', 'CANCELLED', casesData.SENDER, casesData.cases[0].owner, hoursAgo(r.sentHoursAgo - 2), r.cancelReason ?? null]);
    for (const [from, to, actor, agency, at, reason] of events) {
      await m.query(`INSERT INTO referral_events (referral_id, from_status, to_status, actor_id, actor_agency_id, at, reason, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [r.id, from, to, actor, agency, at, reason, to === r.status ? r.note ?? null : null]);
    }
  }
}

/** What a demo service needs in a referral: contact and demographics always, plus what its category calls for. */
function referralFieldsFor(categories: string[]): string[] {
  const fields = ['givenName', 'familyName', 'phone', 'sex', 'age', 'languages'];
  const has = (prefix: string) => categories.some((c) => c === prefix || c.startsWith(`${prefix}.`));
  if (has('health') || has('mhpss')) fields.push('healthInformation', 'disability');
  if (has('protection') || has('shelter')) fields.push('vulnerabilities', 'protectionConcerns');
  if (has('legal') || has('registration') || has('avrr')) fields.push('dateOfBirth', 'nationality', 'identityDocumentNumber', 'travelDocumentNumber');
  if (has('referral') || has('family_tracing')) fields.push('assessmentSummary', 'dateOfBirth');
  return [...new Set(fields)];
}

export async function isEmpty(db: DataSource): Promise<boolean> {
  const [row] = await db.query(`SELECT NOT EXISTS (SELECT 1 FROM agencies) AS empty`);
  return row.empty;
}
