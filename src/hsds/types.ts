/**
 * The HSDS 3.0 objects as this server writes them (Open Referral Human Services Data Specification,
 * schema/*.json). Absent values are left out, never null: the schemas type each field as a string or a
 * number only.
 */

export interface HsdsTaxonomy { id: string; name: string; description: string; uri?: string; version?: string }

export interface HsdsTaxonomyTerm {
  id: string; code?: string; name: string; description: string; parent_id?: string; taxonomy?: string;
  taxonomy_detail?: HsdsTaxonomy; language?: string; taxonomy_id?: string; term_uri?: string;
}

export interface HsdsAttribute {
  id: string; link_id: string; taxonomy_term_id: string; link_type?: string; link_entity: string; value?: string;
  taxonomy_term?: HsdsTaxonomyTerm;
}

export interface HsdsLanguage { id: string; service_id?: string; location_id?: string; phone_id?: string; name?: string; code?: string; note?: string }

export interface HsdsPhone {
  id: string; location_id?: string; service_id?: string; organization_id?: string; contact_id?: string; service_at_location_id?: string;
  number: string; extension?: number; type?: string; description?: string; languages?: HsdsLanguage[];
}

export interface HsdsContact {
  id: string; organization_id?: string; service_id?: string; service_at_location_id?: string; location_id?: string;
  name?: string; title?: string; department?: string; email?: string; phones?: HsdsPhone[]; attributes?: HsdsAttribute[];
}

export interface HsdsSchedule {
  id: string; service_id?: string; location_id?: string; service_at_location_id?: string;
  valid_from?: string; valid_to?: string; dtstart?: string; timezone?: number; until?: string; count?: number;
  wkst?: 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU'; freq?: 'WEEKLY' | 'MONTHLY'; interval?: number; byday?: string;
  byweekno?: string; bymonthday?: string; byyearday?: string; description?: string; opens_at?: string; closes_at?: string;
  schedule_link?: string; attending_type?: string; notes?: string; attributes?: HsdsAttribute[];
}

export interface HsdsAddress {
  id: string; location_id?: string; attention?: string; address_1: string; address_2?: string; city: string; region?: string;
  state_province: string; postal_code: string; country: string; address_type: 'physical' | 'postal' | 'virtual';
}

export interface HsdsAccessibility { id: string; location_id?: string; description?: string; details?: string; url?: string }

export interface HsdsLocation {
  id: string; location_type: 'physical' | 'postal' | 'virtual'; url?: string; organization_id?: string; name?: string; alternate_name?: string;
  description?: string; transportation?: string; latitude?: number; longitude?: number; external_identifier?: string; external_identifier_type?: string;
  languages?: HsdsLanguage[]; addresses?: HsdsAddress[]; contacts?: HsdsContact[]; accessibility?: HsdsAccessibility[]; phones?: HsdsPhone[];
  schedules?: HsdsSchedule[]; attributes?: HsdsAttribute[];
}

export interface HsdsOrganization {
  id: string; name: string; alternate_name?: string; description: string; email?: string; website?: string; uri?: string;
  phones?: HsdsPhone[]; locations?: HsdsLocation[]; contacts?: HsdsContact[]; attributes?: HsdsAttribute[];
  /** Not an HSDS field of its own: GET /organizations/{id} lists the organization's services (ids, or whole with full_service). */
  services?: (HsdsService | { id: string })[];
}

export interface HsdsServiceArea { id: string; service_id?: string; name?: string; description?: string; extent?: string; extent_type?: string; uri?: string; attributes?: HsdsAttribute[] }
export interface HsdsCostOption { id: string; service_id: string; valid_from?: string; valid_to?: string; option?: string; currency?: string; amount?: number; amount_description?: string }
export interface HsdsRequiredDocument { id: string; service_id?: string; document?: string; uri?: string; attributes?: HsdsAttribute[] }

export interface HsdsServiceAtLocation {
  id: string; service_id: string; location_id: string; description?: string; contacts?: HsdsContact[]; phones?: HsdsPhone[];
  schedules?: HsdsSchedule[]; location?: HsdsLocation; attributes?: HsdsAttribute[];
  /** In list pages (service_at_location_list): the service's own fields. */
  service?: HsdsService;
}

export interface HsdsService {
  id: string; organization_id?: string; name: string; alternate_name?: string; description?: string; url?: string; email?: string;
  status: 'active' | 'inactive' | 'defunct' | 'temporarily closed'; interpretation_services?: string; application_process?: string;
  fees_description?: string; accreditations?: string; eligibility_description?: string; minimum_age?: number; maximum_age?: number;
  assured_date?: string; alert?: string; last_modified?: string;
  organization?: HsdsOrganization; phones?: HsdsPhone[]; schedules?: HsdsSchedule[]; service_areas?: HsdsServiceArea[];
  service_at_locations?: HsdsServiceAtLocation[]; languages?: HsdsLanguage[]; cost_options?: HsdsCostOption[];
  required_documents?: HsdsRequiredDocument[]; contacts?: HsdsContact[]; attributes?: HsdsAttribute[];
}

/** HSDS's paged list (openapi.json, components.schemas.Page, with its contents). */
export interface HsdsPage<T> {
  total_items: number; total_pages: number; page_number: number; size: number;
  first_page: boolean; last_page: boolean; empty: boolean; contents: T[];
}
