import { registerEnumType } from 'type-graphql';

export enum AgencyType {
  GOVERNMENT = 'GOVERNMENT',
  UN_AGENCY = 'UN_AGENCY',
  INTERNATIONAL_NGO = 'INTERNATIONAL_NGO',
  NATIONAL_NGO = 'NATIONAL_NGO',
  TRADE_UNION = 'TRADE_UNION',
  PRIVATE_SECTOR = 'PRIVATE_SECTOR',
  CONSULAR_OFFICE = 'CONSULAR_OFFICE',
  OTHER = 'OTHER',
}

export enum AreaLevel {
  COUNTRY = 'COUNTRY',
  REGION = 'REGION',
  DISTRICT = 'DISTRICT',
  LOCALITY = 'LOCALITY',
}

export enum FacilityType {
  MIGRATION_RESPONSE_CENTRE = 'MIGRATION_RESPONSE_CENTRE',
  TRANSIT_OR_RECEPTION_CENTRE = 'TRANSIT_OR_RECEPTION_CENTRE',
  MIGRANT_RESOURCE_CENTRE = 'MIGRANT_RESOURCE_CENTRE',
  COLLECTIVE_CENTRE = 'COLLECTIVE_CENTRE',
  SHELTER = 'SHELTER',
  HOTEL_OR_PRIVATE_ACCOMMODATION = 'HOTEL_OR_PRIVATE_ACCOMMODATION',
  MOBILE_TEAM = 'MOBILE_TEAM',
  HOTLINE = 'HOTLINE',
  OTHER = 'OTHER',
}

export enum Population {
  ALL = 'ALL',
  UNACCOMPANIED_OR_SEPARATED_CHILDREN = 'UNACCOMPANIED_OR_SEPARATED_CHILDREN',
  VICTIMS_OF_TRAFFICKING = 'VICTIMS_OF_TRAFFICKING',
  GBV_SURVIVORS = 'GBV_SURVIVORS',
  PEOPLE_WITH_DISABILITIES = 'PEOPLE_WITH_DISABILITIES',
  OLDER_PERSONS = 'OLDER_PERSONS',
  PREGNANT_WOMEN = 'PREGNANT_WOMEN',
  PEOPLE_WITH_MEDICAL_NEEDS = 'PEOPLE_WITH_MEDICAL_NEEDS',
  ASYLUM_SEEKERS = 'ASYLUM_SEEKERS',
  STRANDED_MIGRANTS = 'STRANDED_MIGRANTS',
  RETURNEES = 'RETURNEES',
  POTENTIAL_MIGRANTS = 'POTENTIAL_MIGRANTS',
  FAMILIES_OF_MIGRANTS = 'FAMILIES_OF_MIGRANTS',
}

export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  OTHER = 'OTHER',
}

export enum Channel {
  WALK_IN = 'WALK_IN',
  PHONE = 'PHONE',
  ONLINE = 'ONLINE',
  OUTREACH = 'OUTREACH',
  MOBILE = 'MOBILE',
}

export enum ServiceStatus {
  ACTIVE = 'ACTIVE',
  TEMPORARILY_CLOSED = 'TEMPORARILY_CLOSED',
  INACTIVE = 'INACTIVE',
}

export enum Weekday {
  MONDAY = 'MONDAY',
  TUESDAY = 'TUESDAY',
  WEDNESDAY = 'WEDNESDAY',
  THURSDAY = 'THURSDAY',
  FRIDAY = 'FRIDAY',
  SATURDAY = 'SATURDAY',
  SUNDAY = 'SUNDAY',
}
/** ISO day of week, as PostgreSQL's extract(isodow ...) gives it. */
export const ISO_WEEKDAY: Record<Weekday, number> = {
  MONDAY: 1, TUESDAY: 2, WEDNESDAY: 3, THURSDAY: 4, FRIDAY: 5, SATURDAY: 6, SUNDAY: 7,
};

export enum ServiceOrder {
  RELEVANCE = 'RELEVANCE',
  DISTANCE = 'DISTANCE',
  NAME = 'NAME',
  RECENTLY_VERIFIED = 'RECENTLY_VERIFIED',
}

registerEnumType(AgencyType, { name: 'AgencyType', description: 'Who an agency is' });
registerEnumType(AreaLevel, { name: 'AreaLevel' });
registerEnumType(FacilityType, { name: 'FacilityType' });
registerEnumType(Population, { name: 'Population', description: 'Population groups a service is for; ALL means anyone' });
registerEnumType(Gender, { name: 'Gender' });
registerEnumType(Channel, { name: 'Channel', description: 'How people reach a service' });
registerEnumType(ServiceStatus, { name: 'ServiceStatus' });
registerEnumType(Weekday, { name: 'Weekday' });
registerEnumType(ServiceOrder, {
  name: 'ServiceOrder',
  description: 'RELEVANCE puts services not verified recently below fresh ones; DISTANCE needs filter.near',
});
