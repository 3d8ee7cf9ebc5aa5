import i18next from 'i18next';
import en from './locales/en.json';
import fr from './locales/fr.json';
import ar from './locales/ar.json';

/**
 * The words of the API in the languages it speaks: one i18next instance over the catalogues in
 * src/shared/locales/ (one JSON file a language, the same keys in each: test/unit/catalogues.test.ts).
 * A key is a path in the catalogue ("errors.notFound"); keys are checked at compile time against English.
 */

export const LANGUAGES = ['en', 'fr', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];
export const CATALOGUES: Record<Language, object> = { en, fr, ar };
/** Written right to left. */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set<Language>(['ar']);
export const direction = (lang: string): 'rtl' | 'ltr' => (RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr');

/** Every key of a nested catalogue as a dotted path, e.g. "errors.notFound". */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type Catalogue = typeof en;
export type MessageKey = Leaves<Catalogue>;

/** A message to be put into words in the reader's language: its key and the values it names. */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
}
/**
 * A value of a message: text and numbers as they are (codes, ids, names), a Message put into words in the
 * same language, or a list of either (joined by the formatter the message names: `{{x, list}}`, `{{x, codes}}`...).
 */
export type MessageParam = string | number | boolean | null | undefined | Message | readonly (string | number | Message)[];
export type MessageParams = Record<string, MessageParam>;

export const message = (key: MessageKey, params?: MessageParams): Message => ({ key, params });
export const isMessage = (v: unknown): v is Message =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Message).key === 'string';

const i18n = i18next.createInstance();
void i18n.init({
  // resources are in memory: ready when init returns
  initAsync: false,
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: CATALOGUES[l] }])),
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  // one namespace: a ":" in a key is just a character
  nsSeparator: false,
  // the text goes into JSON, plain text and CSV; HTML pages escape what they write themselves
  interpolation: { escapeValue: false },
  returnNull: false,
});
const joiner = (separators: Record<Language, string>) => (value: unknown, lng: string | undefined) =>
  Array.isArray(value) ? value.join(separators[lng as Language] ?? separators.en) : String(value ?? '');
// lists of codes or names, and of whole sentences (the problems of an input), joined as each language writes them
i18n.services.formatter!.add('codes', joiner({ en: ', ', fr: ', ', ar: '، ' }));
i18n.services.formatter!.add('sentences', joiner({ en: '; ', fr: ' ; ', ar: '؛ ' }));

/** One of the LANGUAGES, from any code ("fr-FR" gives "fr"); null for another language. */
export function supportedLanguage(lang: string | null | undefined): Language | null {
  const primary = lang?.trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : null;
}

/** The message in `lang` (English when it is not one of the LANGUAGES). */
export function translate(lang: string | null | undefined, key: MessageKey, params: MessageParams = {}): string {
  const lng = supportedLanguage(lang) ?? 'en';
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (isMessage(value)) values[name] = translate(lng, value.key, value.params);
    else if (Array.isArray(value)) values[name] = value.map((v) => (isMessage(v) ? translate(lng, v.key, v.params) : v));
    else values[name] = value ?? '';
  }
  return i18n.t(key, { ...values, lng }) as string;
}

/** Is `key` (from data: a field's name, a code) a message of the catalogues? */
export function hasMessage(key: string): boolean {
  let node: unknown = en;
  for (const part of key.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string';
}

export const render = (lang: string | null | undefined, m: Message): string => translate(lang, m.key, m.params);

/** A function that puts keys into words in one language (for a page). */
export const translator = (lang: string) => (key: MessageKey, params?: MessageParams) => translate(lang, key, params);

/**
 * The language to answer in: the `lang` parameter when it is one of the LANGUAGES, else the first of the
 * Accept-Language header's (by preference) that is, else English. "ha, fr;q=0.8" gives French.
 */
export function negotiateLanguage(requested: unknown, acceptLanguage: string | undefined): Language {
  const asked = typeof requested === 'string' ? supportedLanguage(requested) : null;
  if (asked) return asked;
  const ranked = (acceptLanguage ?? '').split(',').map((part, i) => {
    const [tag, ...rest] = part.split(';');
    const q = Number(/^\s*q=([\d.]+)\s*$/.exec(rest.find((r) => /^\s*q=/.test(r)) ?? '')?.[1] ?? 1);
    return { lang: supportedLanguage(tag), q: Number.isFinite(q) ? q : 0, i };
  }).filter((r) => r.lang && r.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.lang ?? 'en';
}
