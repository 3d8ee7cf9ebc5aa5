import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import { Role, type Viewer } from '../auth/roles';
import { may, Relation, relationsToReferral } from '../policy/authority';
import { referralForFeedback } from '../referrals/sql';
import { badInput, conflict, forbidden, notFound } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { FeedbackSide, ServiceFeedback } from './entities';
import type { RecordFeedbackInput } from './inputs';

const COLUMNS = `id, referral_id, service_id, receiving_agency_id, side, recorded_by, recorded_by_agency_id, received, satisfaction, respectful,
  would_recommend, comment, anonymous, complaint, recorded_at`;
export const MAX_FEEDBACK_LIST = 200;

/** Free text never enters the append-only audit log: the event holds its hash. */
const textHash = (text: string | null | undefined) => (text ? createHash('sha256').update(text).digest('hex') : null);

/**
 * The record as a reader sees it. `hideSource`: the reader is the agency the feedback is about and the person
 * asked for anonymity, so who recorded it and the referral it comes from are left out.
 */
function toFeedback(row: any, hideSource: boolean): ServiceFeedback {
  const f = new ServiceFeedback();
  Object.assign(f, {
    id: row.id, referralId: hideSource ? null : row.referral_id, serviceId: row.service_id, receivingAgencyId: row.receiving_agency_id,
    side: hideSource ? null : row.side, recordedBy: hideSource ? null : row.recorded_by, recordedByAgencyId: hideSource ? null : row.recorded_by_agency_id,
    received: row.received, satisfaction: Number(row.satisfaction), respectful: row.respectful, wouldRecommend: row.would_recommend,
    comment: row.comment, anonymous: row.anonymous, complaint: row.complaint, recordedAt: new Date(row.recorded_at),
  });
  return f;
}

/** Referral states at which the person can tell how the service went: completed, or cancelled after the receiver accepted it. */

export class FeedbackService {
  constructor(private readonly db: DataSource) {}

  /**
   * Records the person's feedback on a referral: by a case manager of the sending agency on the person's behalf
   * (side SENDER), or by the receiving agency's staff (side RECEIVER). At most one per referral and side.
   */
  async record(viewer: Viewer, input: RecordFeedbackInput): Promise<ServiceFeedback> {
    if (!Number.isInteger(input.satisfaction) || input.satisfaction < 1 || input.satisfaction > 5) throw badInput('input.satisfaction', 'feedback.oneToFive');
    const comment = input.comment?.trim() || null;
    return this.db.transaction(async (m) => {
      const id = input.referralId;
      if (!isUuid(id)) throw notFound('Referral', id);
      const referral = await referralForFeedback(m, id);
      if (!referral) throw notFound('Referral', id);
      const relations = relationsToReferral(viewer, referral);
      // anyone the referral is hidden from gets the answer a random id gets
      if (!may('referral', 'read', relations)) throw notFound('Referral', id);
      let side: FeedbackSide;
      if (relations.includes(Relation.SENDER_STAFF)) {
        if (!viewer.roles.includes(Role.CASE_MANAGER)) throw forbidden('feedback.senderCaseManager');
        side = FeedbackSide.SENDER;
      } else {
        side = FeedbackSide.RECEIVER;
      }
      if (referral.erasedAt) throw conflict('feedback.erased');
      const settled = referral.status === 'COMPLETED' || (referral.status === 'CANCELLED' && referral.respondedAt !== null);
      if (!settled) throw conflict('feedback.notSettled', { status: referral.status }, { status: referral.status });
      const [row] = await m.query(
        `INSERT INTO service_feedback (referral_id, service_id, receiving_agency_id, side, recorded_by, recorded_by_agency_id, received, satisfaction,
           respectful, would_recommend, comment, anonymous, complaint)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (referral_id, side) DO NOTHING
         RETURNING ${COLUMNS}`,
        [referral.id, referral.serviceId, referral.receivingAgencyId, side, viewer.userId, viewer.agencyId, input.received, input.satisfaction,
          input.respectful, input.wouldRecommend, comment, input.anonymous, input.complaint],
      );
      if (!row) throw conflict(side === FeedbackSide.SENDER ? 'feedback.alreadyBySender' : 'feedback.alreadyByReceiver');
      // in the case's trail, like every step of its referrals; the comment is free text and stays with the record
      await recordAudit(m, viewer, 'feedback.recorded', 'case', referral.caseId, {
        referralId: referral.id, feedbackId: row.id, side, satisfaction: input.satisfaction, complaint: input.complaint, anonymous: input.anonymous, commentSha256: textHash(comment),
      });
      return toFeedback(row, false);
    });
  }

  /** The network admins' queue: every feedback flagged as a complaint, newest first. */
  async complaints(viewer: Viewer, first: number): Promise<ServiceFeedback[]> {
    if (!viewer.roles.includes(Role.NETWORK_ADMIN)) throw forbidden('feedback.complaintsForAdmins');
    const rows: any[] = await this.db.query(`SELECT ${COLUMNS} FROM service_feedback WHERE complaint ORDER BY recorded_at DESC, id LIMIT $1`, [first]);
    return rows.map((r) => toFeedback(r, false));
  }

  /**
   * Feedback about the viewer's agency that the person did not ask to keep anonymous, complaints included,
   * newest first. Anonymous feedback reaches the agency only in the SERVICE_FEEDBACK statistics.
   */
  async aboutMyAgency(viewer: Viewer, first: number): Promise<ServiceFeedback[]> {
    if (!viewer.roles.includes(Role.AGENCY_ADMIN)) throw forbidden('feedback.forAgencyAdmins');
    const rows: any[] = await this.db.query(
      `SELECT ${COLUMNS} FROM service_feedback WHERE receiving_agency_id = $1 AND NOT anonymous ORDER BY recorded_at DESC, id LIMIT $2`, [viewer.agencyId, first]);
    return rows.map((r) => toFeedback(r, r.anonymous));
  }
}
