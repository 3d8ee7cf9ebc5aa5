import { registerEnumType } from 'type-graphql';
import { agenciesFrom, serviceDimensionsLateralSql, servicesFrom } from '../directory/sql';
import { casesFrom } from '../cases/sql';
import { referralsFrom } from '../referrals/sql';
import { feedbackFrom } from '../feedback/sql';

export enum Dataset {
  REFERRAL_FLOWS = 'REFERRAL_FLOWS',
  CASE_LOAD = 'CASE_LOAD',
  SERVICE_CAPACITY = 'SERVICE_CAPACITY',
  SERVICE_FEEDBACK = 'SERVICE_FEEDBACK',
}

export enum Dimension {
  SERVICE_CATEGORY = 'SERVICE_CATEGORY',
  COUNTRY = 'COUNTRY',
  REGION = 'REGION',
  PRIORITY = 'PRIORITY',
  STATUS = 'STATUS',
  OUTCOME = 'OUTCOME',
  DECLINE_REASON = 'DECLINE_REASON',
  MONTH = 'MONTH',
  POPULATION_GROUP = 'POPULATION_GROUP',
  AGE_BAND = 'AGE_BAND',
  SEX = 'SEX',
  AGENCY = 'AGENCY',
  SERVICE_STATUS = 'SERVICE_STATUS',
  /** Feedback: satisfaction 4 or 5 (YES) or 1 to 3 (NO). */
  SATISFIED = 'SATISFIED',
  SERVICE_RECEIVED = 'SERVICE_RECEIVED',
  TREATED_WITH_RESPECT = 'TREATED_WITH_RESPECT',
  WOULD_RECOMMEND = 'WOULD_RECOMMEND',
}

export enum DatasetClass {
  NON_SENSITIVE = 'NON_SENSITIVE',
  SENSITIVE = 'SENSITIVE',
}

registerEnumType(Dataset, { name: 'Dataset' });
registerEnumType(Dimension, { name: 'Dimension' });
registerEnumType(DatasetClass, { name: 'DatasetClass', description: 'SENSITIVE datasets need an approved data access request' });

export interface DatasetDefinition {
  dataClass: DatasetClass;
  description: string;
  unit: string;
  /** FROM and JOIN clauses; the alias `x` is the counted record, whose id keys the perturbation. */
  from: string;
  /** SQL expression of each dimension it can be broken down by. */
  dimensions: Partial<Record<Dimension, string>>;
  /** Column the period filter applies to. */
  periodColumn: string | null;
  /** SQL condition on the codes of areas in $AREAS (text[]). */
  areaCondition: string;
  categoryCondition: string | null;
  /** Extra sums published with each cell, withheld with it. */
  sums?: Record<string, string>;
  /** Dimensions whose expression gives a text[]: a record counts once under each of its values. */
  multiValued?: Dimension[];
  /** Values a dimension always has (shown with 0 when none is counted, in sensitive datasets). */
  domains?: Partial<Record<Dimension, string[]>>;
  /** SQL condition: the record is held by one of the agencies in $HOLDERS (uuid[]). */
  holderCondition: string;
}

// the service's category, country and region, read once per service (a LATERAL join under `sd`)
const serviceDims = (s: string) => `CROSS JOIN LATERAL ${serviceDimensionsLateralSql(s)} sd`;
const serviceRegion = 'sd.region';
const serviceCountry = 'sd.country';
const topCategory = 'sd.top_category';
const caseAge = `coalesce(date_part('year', age(current_date, x.date_of_birth))::int, x.age_estimate)`;

/** The statistical datasets the system computes from its own records. */
export const DATASETS: Record<Dataset, DatasetDefinition> = {
  REFERRAL_FLOWS: {
    dataClass: DatasetClass.NON_SENSITIVE,
    description: 'Referrals sent between agencies, by the category and area of the service they were sent to',
    unit: 'referrals',
    from: `FROM ${referralsFrom('x')} JOIN ${servicesFrom('s')} ON s.id = x.service_id ${serviceDims('s')}`,
    dimensions: {
      SERVICE_CATEGORY: topCategory,
      COUNTRY: serviceCountry,
      REGION: serviceRegion,
      PRIORITY: 'x.priority',
      STATUS: 'x.status',
      OUTCOME: `coalesce(x.outcome, 'NONE')`,
      DECLINE_REASON: `coalesce(x.decline_reason, 'NONE')`,
      MONTH: `to_char(x.sent_at, 'YYYY-MM')`,
    },
    periodColumn: 'x.sent_at',
    areaCondition: 's.area_closure && $AREAS',
    categoryCondition: 's.category_codes && $CATEGORIES',
    holderCondition: '(x.sending_agency_id = ANY($HOLDERS) OR x.receiving_agency_id = ANY($HOLDERS))',
  },
  CASE_LOAD: {
    dataClass: DatasetClass.SENSITIVE,
    description: 'Cases registered, by population group, age band and sex, per registering centre (agency) and country. A person in several population groups counts once in each.',
    unit: 'people',
    from: `FROM ${casesFrom('x')} JOIN ${agenciesFrom('ag')} ON ag.id = x.owner_agency_id`,
    dimensions: {
      POPULATION_GROUP: `(CASE WHEN cardinality(x.vulnerabilities) = 0 THEN ARRAY['NONE'] ELSE x.vulnerabilities END)`,
      AGE_BAND: `(CASE WHEN ${caseAge} IS NULL THEN 'UNKNOWN' WHEN ${caseAge} < 5 THEN '0-4' WHEN ${caseAge} < 12 THEN '5-11'
        WHEN ${caseAge} < 18 THEN '12-17' WHEN ${caseAge} < 60 THEN '18-59' ELSE '60+' END)`,
      SEX: `coalesce(x.sex, 'UNKNOWN')`,
      AGENCY: 'ag.id::text',
      COUNTRY: 'ag.country_code',
      MONTH: `to_char(x.created_at, 'YYYY-MM')`,
    },
    multiValued: [Dimension.POPULATION_GROUP],
    domains: {
      AGE_BAND: ['0-4', '5-11', '12-17', '18-59', '60+', 'UNKNOWN'],
      SEX: ['FEMALE', 'MALE', 'INTERSEX', 'UNKNOWN'],
    },
    holderCondition: 'x.owner_agency_id = ANY($HOLDERS)',
    periodColumn: 'x.created_at',
    areaCondition: `ag.country_code = ANY($AREAS)`,
    categoryCondition: null,
  },
  SERVICE_CAPACITY: {
    dataClass: DatasetClass.NON_SENSITIVE,
    description: 'Services and their capacity per area, category and status',
    unit: 'services',
    from: `FROM ${servicesFrom('x')} ${serviceDims('x')}`,
    dimensions: {
      COUNTRY: serviceCountry,
      REGION: serviceRegion,
      SERVICE_CATEGORY: topCategory,
      SERVICE_STATUS: 'x.status',
    },
    periodColumn: null,
    areaCondition: 'x.area_closure && $AREAS',
    categoryCondition: 'x.category_codes && $CATEGORIES',
    sums: { capacityTotal: 'x.capacity_total', capacityAvailable: 'x.capacity_available' },
    holderCondition: 'x.agency_id = ANY($HOLDERS)',
  },
  SERVICE_FEEDBACK: {
    dataClass: DatasetClass.NON_SENSITIVE,
    description: 'People\'s feedback on the services referrals sent them to, by the category, agency (the receiving agency) and area of the service and the month it was recorded; '
      + 'SATISFIED is YES for a satisfaction of 4 or 5. Anonymous feedback counts too; comments never appear',
    unit: 'feedback records',
    from: `FROM ${feedbackFrom('x')} JOIN ${servicesFrom('s')} ON s.id = x.service_id ${serviceDims('s')}`,
    dimensions: {
      SERVICE_CATEGORY: topCategory,
      AGENCY: 'x.receiving_agency_id::text',
      COUNTRY: serviceCountry,
      REGION: serviceRegion,
      MONTH: `to_char(x.recorded_at, 'YYYY-MM')`,
      SATISFIED: `(CASE WHEN x.satisfaction >= 4 THEN 'YES' ELSE 'NO' END)`,
      SERVICE_RECEIVED: `(CASE WHEN x.received THEN 'YES' ELSE 'NO' END)`,
      TREATED_WITH_RESPECT: `(CASE WHEN x.respectful THEN 'YES' ELSE 'NO' END)`,
      WOULD_RECOMMEND: `(CASE WHEN x.would_recommend THEN 'YES' ELSE 'NO' END)`,
    },
    periodColumn: 'x.recorded_at',
    areaCondition: 's.area_closure && $AREAS',
    categoryCondition: 's.category_codes && $CATEGORIES',
    holderCondition: 'x.receiving_agency_id = ANY($HOLDERS)',
  },
};
