import { registerEnumType } from 'type-graphql';

export enum MouStatus {
  DRAFT = 'DRAFT',
  PARTIALLY_SIGNED = 'PARTIALLY_SIGNED',
  SIGNED = 'SIGNED',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
}

export enum DsaStatus {
  DRAFT = 'DRAFT',
  PARTIALLY_SIGNED = 'PARTIALLY_SIGNED',
  SIGNED = 'SIGNED',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
}

export enum SharingPurpose {
  REFERRAL_AND_SERVICE_DELIVERY = 'REFERRAL_AND_SERVICE_DELIVERY',
  CASE_COORDINATION = 'CASE_COORDINATION',
  FAMILY_TRACING = 'FAMILY_TRACING',
  STATISTICS = 'STATISTICS',
}

export enum SharingDecisionReason {
  ALLOWED = 'ALLOWED',
  NO_AGREEMENT = 'NO_AGREEMENT',
  NOT_SIGNED = 'NOT_SIGNED',
  NOT_YET_VALID = 'NOT_YET_VALID',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
  PURPOSE_NOT_COVERED = 'PURPOSE_NOT_COVERED',
  CATEGORY_NOT_COVERED = 'CATEGORY_NOT_COVERED',
  FIELD_EXCLUDED = 'FIELD_EXCLUDED',
}

export enum SopStatus {
  CURRENT = 'CURRENT',
  SUPERSEDED = 'SUPERSEDED',
}

registerEnumType(MouStatus, { name: 'MouStatus', description: 'DRAFT until a party signs; PARTIALLY_SIGNED until every party has signed; then SIGNED before its effective date and ACTIVE until it expires; TERMINATED when a party ends it' });
registerEnumType(DsaStatus, { name: 'DsaStatus', description: 'ACTIVE only once each party has signed, within its validity period' });
registerEnumType(SharingPurpose, { name: 'SharingPurpose' });
registerEnumType(SharingDecisionReason, { name: 'SharingDecisionReason' });
registerEnumType(SopStatus, { name: 'SopStatus' });
