import { registerDecorator, type ValidationOptions } from 'class-validator';
import { errorMessage, type ErrorKey } from './errors';
import { says } from './validation';

/**
 * Standard codes the directory exchanges with other systems (HSDS 3 and the like), checked against the
 * standards themselves rather than a shape, so "ZZ", "xx" or "ABC" are refused with a message.
 */

/** ISO 3166-1 alpha-2 (officially assigned), plus XK (Kosovo), which travel documents use. */
const COUNTRIES = new Set((
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK ' +
  'CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS ' +
  'GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV ' +
  'LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
  'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR ' +
  'TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK').split(' '));

/** ISO 4217 currencies in circulation (no funds, metals, test or settlement units). */
const CURRENCIES = new Set((
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUC ' +
  'CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY ' +
  'KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR ' +
  'NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND ' +
  'TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL').split(' '));

/** Language subtags that name no language. */
const NOT_LANGUAGES = new Set(['und', 'mis', 'mul', 'zxx']);
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** The shape of a country code the directory takes for agencies and areas: two capitals (ISO 3166-1 alpha-2, or a private-use code such as XA). */
export const COUNTRY_CODE_SHAPE = /^[A-Z]{2}$/;

export const isCountryCode = (code: unknown): code is string => typeof code === 'string' && COUNTRIES.has(code);
export const isCurrencyCode = (code: unknown): code is string => typeof code === 'string' && CURRENCIES.has(code);

/** An ISO 639-1 (two letters) or ISO 639-3 (three letters) code, lower case, of a language CLDR knows (e.g. "ha", "ti", "tmh"). */
export function isLanguageCode(code: unknown): code is string {
  if (typeof code !== 'string' || !/^[a-z]{2,3}$/.test(code) || NOT_LANGUAGES.has(code)) return false;
  try {
    return languageNames.of(code) !== undefined;
  } catch {
    return false;
  }
}

/**
 * An international phone number ("E.164-ish"): "+", the country code and the number, 7 to 15 digits in
 * all; spaces, dots, dashes and brackets between digits are allowed ("+227 20 72 00 00").
 */
export function isPhoneNumber(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 40) return false;
  if (!/^\+[0-9 ().-]+$/.test(value)) return false;
  return /^\+[1-9][0-9]{6,14}$/.test(value.replace(/[ ().-]/g, ''));
}

function decorator(name: string, check: (value: unknown) => boolean, key: ErrorKey) {
  return (options: ValidationOptions = {}) => (object: object, propertyName: string) => {
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { ...(options.each ? says('validation.each', { problem: errorMessage(key) }) : says(key)), ...options },
      validator: { validate: (value: unknown) => check(value) },
    });
  };
}

export const IsCountryCode = decorator('isCountryCode', isCountryCode, 'validation.countryCode');
export const IsCurrencyCode = decorator('isCurrencyCode', isCurrencyCode, 'validation.currencyCode');
export const IsLanguageCode = decorator('isLanguageCode', isLanguageCode, 'validation.languageCodeAny');
export const IsPhoneNumber = decorator('isPhoneNumber', isPhoneNumber, 'validation.internationalPhone');
