/**
 * The words of the printable directory and of the service slip, in the languages field staff print them
 * in: the "printable" section of the shared catalogues (src/shared/locales; the same keys in each
 * language, test/unit/catalogues.test.ts). A code with no label falls back to the code itself. The
 * services' own texts come from the directory, in the chosen language where the service has a
 * translation (see printable-page.ts).
 */
import { CATALOGUES, direction, hasMessage, LANGUAGES, RTL_LANGUAGES as RTL, translate, type Catalogue, type Language, type MessageKey, type MessageParams } from '../shared/messages';

export type PrintLang = Language;
export const PRINT_LANGUAGES: readonly PrintLang[] = LANGUAGES;
/** Written right to left. */
export const RTL_LANGUAGES: ReadonlySet<string> = RTL;

/** The language of the page's own words: `requested` when it has a translation, else English. */
export function printLanguage(requested?: string | null): PrintLang {
  const l = requested?.toLowerCase();
  return l && (PRINT_LANGUAGES as readonly string[]).includes(l) ? (l as PrintLang) : 'en';
}

export type PrintTextKey = keyof Catalogue['printable']['text'];

export interface PrintLabels {
  lang: PrintLang;
  dir: 'ltr' | 'rtl';
  /** A sentence of the page, with its {{placeholders}} filled in. */
  text(key: string, values?: MessageParams): string;
  /** The label of a code of `enumName`, else the code. */
  code(enumName: string, value: string): string;
}

export function printLabels(lang: PrintLang): PrintLabels {
  // keys come from the page's code and codes from the data: looked up, not assumed
  const text = (key: string, values: MessageParams = {}) => {
    const k = `printable.text.${key}`;
    return hasMessage(k) ? translate(lang, k as MessageKey, values) : key;
  };
  const code = (enumName: string, value: string) => {
    const k = `printable.codes.${enumName}.${value}`;
    return hasMessage(k) ? translate(lang, k as MessageKey) : value;
  };
  return { lang, dir: direction(lang), text, code };
}

type Words = Record<string, string>;
/** For the completeness test: every sentence and code of every language. */
export const PRINT_CATALOGUE = {
  TEXT: Object.fromEntries(LANGUAGES.map((l) => [l, (CATALOGUES[l] as Catalogue).printable.text])) as unknown as Record<PrintLang, Words>,
  CODES: Object.fromEntries(LANGUAGES.map((l) => [l, (CATALOGUES[l] as Catalogue).printable.codes])) as unknown as Record<PrintLang, Record<string, Words>>,
};
