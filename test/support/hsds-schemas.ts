import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The Open Referral HSDS 3.0 JSON schemas (CC BY-SA 4.0), from the shared folder beside the checkout
 * (../shared/hsds; ../../shared/hsds from a worktree under a folder of its own), compiled with ajv.
 */
const ROOT = path.resolve(__dirname, '..', '..');
export const HSDS_DIR = [path.join(ROOT, '..', 'shared', 'hsds'), path.join(ROOT, '..', '..', 'shared', 'hsds')]
  .find((d) => fs.existsSync(path.join(d, 'schema', 'service.json')));

const BASE = 'https://hsds.schema.test/schema/';

export function schemaFile(relative: string): any {
  if (!HSDS_DIR) throw new Error('the HSDS schemas are not in ../shared/hsds beside the checkout');
  return JSON.parse(fs.readFileSync(path.join(HSDS_DIR, 'schema', relative), 'utf8'));
}

/** A validator per schema file (relative to schema/, e.g. "service.json" or "compiled/service_list.json"); their $refs resolve between the files. */
export function hsdsValidators() {
  // the schemas carry keywords of their own (name, constraints, example, core, datapackage_metadata...): not strict
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('datetime', true);
  const dir = path.join(HSDS_DIR!, 'schema');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json') && x !== 'openapi.json')) ajv.addSchema({ ...schemaFile(f), $id: `${BASE}${f}` });
  const cache = new Map<string, ValidateFunction>();
  const get = (file: string) => {
    let v = cache.get(file);
    if (!v) {
      v = ajv.getSchema(`${BASE}${file}`) ?? ajv.compile({ ...schemaFile(file), $id: `${BASE}${file}` });
      cache.set(file, v);
    }
    return v;
  };
  const page = ajv.compile({ ...schemaFile('openapi.json').components.schemas.Page, required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty'] });
  return {
    /** The problems of `doc` against the schema file, as "instancePath message" lines; empty when valid. */
    problems(file: string, doc: unknown): string[] {
      const v = get(file);
      return v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
    },
    pageProblems(doc: unknown): string[] {
      return page(doc) ? [] : (page.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    },
  };
}

/** The columns of an HSDS table: the properties of its schema that are neither lists nor nested objects, in order. */
export function tableColumns(schemaName: string): string[] {
  const s = schemaFile(`${schemaName}.json`);
  return Object.entries<any>(s.properties).filter(([, p]) => p.type !== 'array' && p.type !== 'object' && !p.$ref).map(([k]) => k);
}
