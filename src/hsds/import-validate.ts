/**
 * Checks each record against the HSDS 3.0 JSON schemas (schema/hsds/, CC BY-SA 4.0 Open Referral) and against
 * the standards our directory holds to (src/shared/codes.ts): currencies, phone numbers, languages, countries,
 * URLs. Each problem carries the JSON pointer of the value in the record.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { errorMessage } from '../shared/errors';
import { render } from '../shared/messages';
import { COUNTRY_CODE_SHAPE, isCountryCode, isCurrencyCode, isLanguageCode, isPhoneNumber } from '../shared/codes';
import { SCHEMA_DIR, type HsdsObject, type RecordKind } from './import-package';

// a run's report is stored and read in English, as the schema validator's own messages are
const english = (key: Parameters<typeof errorMessage>[0]) => render('en', errorMessage(key));

export interface Problem { pointer: string; message: string }

const SCHEMA_OF: Record<RecordKind, string> = { ORGANIZATION: 'organization.json', LOCATION: 'location.json', SERVICE: 'service.json' };

let validators: Record<RecordKind, ValidateFunction> | null = null;

function compiled(): Record<RecordKind, ValidateFunction> {
  if (validators) return validators;
  // the HSDS schemas carry keywords of their own (core, constraints, datapackage_type...): not strict
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of fs.readdirSync(SCHEMA_DIR).filter((x) => x.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8')), f);
  }
  validators = {
    ORGANIZATION: ajv.getSchema(SCHEMA_OF.ORGANIZATION)!,
    LOCATION: ajv.getSchema(SCHEMA_OF.LOCATION)!,
    SERVICE: ajv.getSchema(SCHEMA_OF.SERVICE)!,
  };
  return validators;
}

function toProblem(e: ErrorObject): Problem {
  if (e.keyword === 'required') return { pointer: `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`, message: 'is required (HSDS 3.0)' };
  if (e.keyword === 'enum') return { pointer: e.instancePath, message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')} (HSDS 3.0)` };
  return { pointer: e.instancePath, message: `${e.message} (HSDS 3.0)` };
}

/** Problems of the record against its HSDS 3.0 schema. */
export function schemaProblems(kind: RecordKind, data: HsdsObject): Problem[] {
  const validate = compiled()[kind];
  if (validate(data)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? []).map(toProblem).filter((p) => {
    const key = `${p.pointer} ${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

// ---- the standards our directory keeps to ---------------------------------------------------------

/** A phone number as exchanged: quotes and a trailing "ext. 100" that spreadsheets add are taken off. */
export function normalPhone(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const number = value.trim().replace(/^["']+|["']+$/g, '').trim();
  return number || null;
}

/** An ISO 4217 code in any case ("gbp" is GBP). */
export const normalCurrency = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim().toUpperCase() : null);

/** ISO 639-1/639-3 code in lower case. */
export const normalLanguage = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim().toLowerCase() : null);

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2000) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

/** Checks the codes of one value; pushes a problem when it is given and wrong. */
export const check = {
  phone(problems: Problem[], pointer: string, value: unknown): string | null {
    const phone = normalPhone(value);
    if (phone === null) return null;
    if (!isPhoneNumber(phone)) problems.push({ pointer, message: english('validation.internationalPhone') });
    return phone;
  },
  currency(problems: Problem[], pointer: string, value: unknown): string | null {
    const c = normalCurrency(value);
    if (c === null) return null;
    if (!isCurrencyCode(c)) problems.push({ pointer, message: english('validation.currencyCodeAnyCase') });
    return c;
  },
  language(problems: Problem[], pointer: string, value: unknown): string | null {
    const l = normalLanguage(value);
    if (l === null) return null;
    if (!isLanguageCode(l)) problems.push({ pointer, message: english('validation.languageCodeAny') });
    return l;
  },
  country(problems: Problem[], pointer: string, value: unknown): string | null {
    if (typeof value !== 'string' || !value.trim()) return null;
    const c = value.trim().toUpperCase();
    if (!isCountryCode(c)) problems.push({ pointer, message: english('validation.countryCode') });
    return c;
  },
  /**
   * An agency's country as our directory holds it (COUNTRY_CODE, our own property): two capitals, as
   * createAgency takes them, so a network's private-use code (XA, a fictional or not yet coded territory)
   * travels too. Standard HSDS fields (an address's country, nationalities) stay ISO.
   */
  agencyCountry(problems: Problem[], pointer: string, value: unknown): string | null {
    if (typeof value !== 'string' || !value.trim()) return null;
    const c = value.trim().toUpperCase();
    if (!COUNTRY_CODE_SHAPE.test(c)) problems.push({ pointer, message: english('validation.countryCodeExample') });
    return c;
  },
  url(problems: Problem[], pointer: string, value: unknown): string | null {
    if (typeof value !== 'string' || !value.trim()) return null;
    if (!isHttpUrl(value.trim())) {
      problems.push({ pointer, message: 'must be an http(s) URL, e.g. "https://example.org/service"' });
      return null;
    }
    return value.trim();
  },
};
