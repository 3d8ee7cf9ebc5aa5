import { createHash } from 'node:crypto';

/**
 * Identifiers of the HSDS records that have no row of their own here (a phone of a contact, a schedule
 * of a service, a taxonomy term of a category...). HSDS wants a UUID for each; they are derived from
 * what the record is, so that every export gives the same record the same id (an importer recognises
 * it the second time, and modified_after stays meaningful): an MD5 name-based UUID (version 3 layout)
 * of the text `mrn:<kind>:<parts joined by ":">`. The SQL twin is src/directory/export.ts nameUuidSql.
 */
export function nameUuid(text: string): string {
  const hex = createHash('md5').update(text, 'utf8').digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-3${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The id of a derived record: `kind` says what it is, `parts` whose it is (owner ids, codes, positions). */
export function hsdsId(kind: string, ...parts: (string | number)[]): string {
  return nameUuid(`mrn:${kind}:${parts.join(':')}`);
}

/** The id of the service_at_location of a service at a location (the same text as nameUuidSql is given in SQL). */
export const serviceAtLocationId = (serviceId: string, locationId: string) => hsdsId('service_at_location', serviceId.toLowerCase(), locationId.toLowerCase());
