import 'reflect-metadata';
import { ArrayMaxSize, IsUUID, MaxLength, validate } from 'class-validator';
import { badInputs, errorMessage, localizeError, notFound, problem } from '../../src/shared/errors';
import { CATALOGUES, LANGUAGES, negotiateLanguage, render, translate } from '../../src/shared/messages';
import { flattenValidationErrors, says } from '../../src/shared/validation';

/** Every message of a catalogue by its dotted key. */
function leaves(node: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}
/** The names a message fills in: "{{status}}", "{{from, list(type: disjunction)}}" give status and from. */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]))].sort();

describe('the message catalogues (src/shared/locales)', () => {
  const all = Object.fromEntries(LANGUAGES.map((l) => [l, leaves(CATALOGUES[l])]));

  it.each(LANGUAGES.filter((l) => l !== 'en'))('the %s catalogue has exactly the keys of the English one', (lang) => {
    const en = [...all.en.keys()];
    const other = [...all[lang].keys()];
    expect(en.filter((k) => !all[lang].has(k))).toEqual([]);
    expect(other.filter((k) => !all.en.has(k))).toEqual([]);
  });

  it.each(LANGUAGES)('every message of %s is text, not empty, and fills in the same values as the others', (lang) => {
    const wrong: string[] = [];
    for (const [key, text] of all[lang]) {
      if (typeof text !== 'string' || !text.trim()) { wrong.push(`${key}: empty`); continue; }
      for (const other of LANGUAGES) {
        const theirs = all[other].get(key);
        if (typeof theirs === 'string' && placeholders(text).join() !== placeholders(theirs).join()) wrong.push(`${key}: ${lang} {${placeholders(text)}} / ${other} {${placeholders(theirs)}}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has the same placeholder check a mismatch would fail', () => {
    expect(placeholders('The referral is {{status}}: only when {{from, list(type: disjunction)}}')).toEqual(['from', 'status']);
    expect(placeholders('{{ n }} messages')).toEqual(['n']);
  });
});

describe('messages in the reader\'s language', () => {
  it('chooses the language from ?lang=, else Accept-Language by preference, else English', () => {
    expect(negotiateLanguage('fr', 'ar')).toBe('fr');
    expect(negotiateLanguage('AR', undefined)).toBe('ar');
    expect(negotiateLanguage('de', 'fr-FR,fr;q=0.9')).toBe('fr');
    expect(negotiateLanguage(undefined, 'ha, fr;q=0.8, ar;q=0.9')).toBe('ar');
    expect(negotiateLanguage(undefined, 'ha, *;q=0.5')).toBe('en');
    expect(negotiateLanguage(undefined, 'fr;q=0, ar;q=0.1')).toBe('ar');
    expect(negotiateLanguage(['fr'], undefined)).toBe('en');
    expect(negotiateLanguage(undefined, undefined)).toBe('en');
  });

  it('puts nested messages and lists into the same language, and falls back to English', () => {
    const m = errorMessage('referrals.wrongState', { status: 'SENT', verb: errorMessage('referrals.verb.cancelled'), from: ['ACCEPTED', 'IN_PROGRESS'] });
    expect(render('en', m)).toBe('The referral is SENT: it can be cancelled only when ACCEPTED or IN_PROGRESS');
    expect(render('fr', m)).toBe('L\'orientation est SENT : elle ne peut être annulée que si elle est ACCEPTED ou IN_PROGRESS');
    expect(render('ar', m)).toContain('إلغاؤها');
    expect(render('de', m)).toBe(render('en', m));
    expect(translate('fr', 'errors.notFound', { kind: { key: 'kinds.Referral' }, id: 'x' })).toBe('Orientation x introuvable');
  });

  it('keeps an error\'s text English and translates what the client gets, problems included', () => {
    const error = badInputs([problem('input.a', 'cases.tooFarInPast'), problem('input.b', 'directory.unknownArea', { id: 'z' })]);
    expect(error.message).toBe('input.a: is too far in the past; input.b: unknown area z');
    const formatted = { message: error.message, extensions: { ...error.extensions } };
    const fr = localizeError(formatted, error, 'fr');
    expect(fr.message).toBe('input.a : est trop loin dans le passé ; input.b : zone inconnue z');
    expect(fr.extensions!.problems).toEqual([{ field: 'input.a', problem: 'est trop loin dans le passé' }, { field: 'input.b', problem: 'zone inconnue z' }]);
    expect(localizeError(formatted, error, 'en')).toBe(formatted);
    const missing = notFound('Case', 'c1');
    expect(localizeError({ message: missing.message, extensions: missing.extensions }, missing, 'ar').message).toBe('لم يُعثر على الملف c1');
  });

  it('puts class-validator\'s problems into words, its own messages and those of says()', async () => {
    class Input {
      @MaxLength(5) name!: string;
      @ArrayMaxSize(1) @IsUUID('all', { each: true, ...says('validation.eachAreaId') }) areaIds!: string[];
    }
    const input = Object.assign(new Input(), { name: 'too long', areaIds: ['x', 'y'] });
    const problems = flattenValidationErrors(await validate(input), 'input');
    const words = (lang: string) => problems.map((p) => `${p.field}: ${render(lang, errorMessage(p.key, p.params))}`).sort();
    expect(words('en')).toEqual(['input.areaIds: each must be an area id', 'input.areaIds: must contain no more than 1 elements', 'input.name: must be shorter than or equal to 5 characters']);
    expect(words('fr')).toEqual(['input.areaIds: chacun doit être un identifiant de zone', 'input.areaIds: doit contenir au plus 1 éléments', 'input.name: doit comporter au plus 5 caractères']);
    expect(problems.every((p) => p.key !== 'validation.other')).toBe(true);
  });
});
