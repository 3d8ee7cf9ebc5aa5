import { Field, InputType, ObjectType } from 'type-graphql';
import { IsNotEmpty, Matches, MaxLength } from 'class-validator';
import type { RequestHandler } from 'express';
import { negotiateLanguage } from './messages';
import { requestScope } from './request-context';
import { says } from './validation';

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
  @Matches(LANGUAGE_CODE, says('validation.languageCode639'))
  lang!: string;

  @Field()
  @IsNotEmpty(says('validation.mustNotBeEmpty'))
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

/**
 * The language of a request: its `lang` query parameter or, without one, its Accept-Language header.
 * `res.locals.lang` and the request's scope (currentLanguage) hold the one its messages are written in
 * (en, fr or ar: negotiateLanguage); `res.locals.contentLang` the one asked for, for texts of the directory
 * (names and descriptions may exist in any language).
 */
export const requestLanguage: RequestHandler = (req, res, next) => {
  const asked = typeof req.query.lang === 'string' ? req.query.lang.trim().toLowerCase() : '';
  const lang = negotiateLanguage(asked, req.headers['accept-language']);
  res.locals.lang = lang;
  res.locals.contentLang = LANGUAGE_CODE.test(asked) ? asked : languageFromHeader(req.headers['accept-language']);
  const scope = requestScope.getStore();
  requestScope.run({ requestId: scope?.requestId ?? (res.locals.requestId as string | undefined) ?? '', lang }, () => next());
};
