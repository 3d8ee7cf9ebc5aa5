import { Field, InputType, ObjectType } from 'type-graphql';
import { IsNotEmpty, Matches, MaxLength } from 'class-validator';

/** Text in several languages, stored as {"en": "...", "fr": "...", "ar": "..."}. */
export type Localized = Record<string, string>;

export const LANGUAGE_CODE = /^[a-z]{2,3}$/;

@ObjectType({ description: 'A text in one language (ISO 639-1 code).' })
export class LocalizedText {
  @Field() lang!: string;
  @Field() text!: string;
}

@InputType()
export class LocalizedTextInput {
  @Field({ description: 'ISO 639-1 language code, e.g. "en", "fr", "ar"' })
  @Matches(LANGUAGE_CODE, { message: 'must be a two- or three-letter ISO 639 language code in lower case' })
  lang!: string;

  @Field()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(2000)
  text!: string;
}

export function toLocalized(items: LocalizedTextInput[] | undefined | null): Localized {
  const out: Localized = {};
  for (const item of items ?? []) {
    const text = item.text.trim();
    if (text) out[item.lang] = text;
  }
  return out;
}

export function listLocalized(value: Localized | null | undefined): LocalizedText[] {
  return Object.entries(value ?? {}).map(([lang, text]) => ({ lang, text }));
}

/** The text in the wanted language, else English, else any language there is. */
export function pickLocalized(value: Localized | null | undefined, lang: string): string | null {
  if (!value) return null;
  return value[lang] ?? value.en ?? Object.values(value)[0] ?? null;
}

/** First language of an Accept-Language header, e.g. "fr-FR,fr;q=0.9" gives "fr". */
export function languageFromHeader(header: string | undefined): string {
  const first = header?.split(',')[0]?.split(';')[0]?.trim().toLowerCase().split('-')[0];
  return first && LANGUAGE_CODE.test(first) ? first : 'en';
}
