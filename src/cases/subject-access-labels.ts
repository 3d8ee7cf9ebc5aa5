/**
 * The words of the subject access page, in the languages the person may read or have read out to them:
 * the "subjectAccess" section of the shared catalogues (src/shared/locales). A field or code the catalogues
 * do not name falls back to the data catalogue's description or the code itself, read aloud.
 */
import { direction, hasMessage, LANGUAGES, RTL_LANGUAGES, supportedLanguage, translate, type Catalogue, type Language, type MessageKey, type MessageParams } from '../shared/messages';

export type Lang = Language;
export const PAGE_LANGUAGES: readonly Lang[] = LANGUAGES;
/** Written right to left. */
export const RTL: ReadonlySet<string> = RTL_LANGUAGES;

/** The first of the person's languages (preferred first) with a translation, or `requested` when it has one; else English. */
export function pageLanguage(personLanguages: readonly string[], requested?: string | null): Lang {
  const known = (l: string | null | undefined) => (l && (PAGE_LANGUAGES as readonly string[]).includes(l.toLowerCase()) ? (l.toLowerCase() as Lang) : null);
  return known(requested) ?? personLanguages.map(known).find((l) => l) ?? 'en';
}

/** A code read aloud when no label exists: "BEST_INTEREST" -> "Best interest". */
const spoken = (code: string) => {
  const s = code.replace(/_/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** The words of the page in `lang`. */
export function labels(lang: Lang) {
  const lng = supportedLanguage(lang) ?? 'en';
  // the keys of fields and codes come from the data (a field's name, an enum value): looked up, not assumed
  const known = hasMessage;
  return {
    lang: lng,
    dir: direction(lng),
    text: (key: keyof Catalogue['subjectAccess']['text'], values: MessageParams = {}) => translate(lng, `subjectAccess.text.${key}`, values),
    /** A catalogue field's label; `fallback` (the catalogue's description) for a field with none. */
    field: (name: string, fallback?: string) => {
      const key = `subjectAccess.fields.${name}`;
      return known(key) ? translate(lng, key as MessageKey) : fallback ?? spoken(name);
    },
    code: (enumName: string, code: string) => {
      const key = `subjectAccess.codes.${enumName}.${code}`;
      return known(key) ? translate(lng, key as MessageKey) : spoken(code);
    },
  };
}
export type Labels = ReturnType<typeof labels>;
