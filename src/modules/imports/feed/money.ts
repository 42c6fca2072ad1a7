/**
 * Prices as feeds write them: `12.99 EUR`, `12,99 EUR`, `EUR 12.99`, `1.299,00 €`, `25` (Shopify,
 * in the caller's currency) → integer minor units and an ISO 4217 code.
 */

// Active ISO 4217 codes; the exponent is 2 unless listed below.
const CURRENCIES = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD ' +
    'CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ ' +
    'GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR ' +
    'LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN ' +
    'PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB ' +
    'TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG'
  ).split(' '),
);
const EXPONENT: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};
const SYMBOLS: Record<string, string> = { '€': 'EUR', '£': 'GBP', $: 'USD', CHF: 'CHF' };

/** Above this a price is a typo (the catalog's own bound). */
export const MAX_MINOR = 1_000_000_000_000;

export function isCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

export function currencyExponent(code: string): number {
  return EXPONENT[code] ?? 2;
}

export type MoneyResult =
  | { ok: true; minor: number; currency: string }
  | { ok: false; code: 'INVALID_PRICE' | 'INVALID_CURRENCY'; reason: string };

const MONEY = /^(?:([A-Za-z]{3}|[€£$])\s*)?([-+]?[0-9][0-9.,' ]*)(?:\s*([A-Za-z]{3}|[€£$]))?$/;

/** Parses an amount with an optional currency code or symbol before or after it. */
export function parseMoney(text: string, defaultCurrency: string): MoneyResult {
  const value = text.replace(/[\u00a0\u202f]/g, ' ').trim();
  const match = MONEY.exec(value);
  if (!match) return { ok: false, code: 'INVALID_PRICE', reason: 'is not an amount such as 12.99 EUR' };
  const [, before, amount = '', after] = match;
  const codes = [before, after].filter((c): c is string => c !== undefined).map((c) => SYMBOLS[c] ?? c.toUpperCase());
  if (codes.length === 2 && codes[0] !== codes[1]) {
    return { ok: false, code: 'INVALID_CURRENCY', reason: 'names two different currencies' };
  }
  const currency = codes[0] ?? defaultCurrency;
  if (!CURRENCIES.has(currency)) {
    return { ok: false, code: 'INVALID_CURRENCY', reason: `has ${currency}, which is not an ISO 4217 currency code` };
  }
  const exponent = currencyExponent(currency);
  const number = parseDecimal(amount, exponent);
  if (typeof number === 'string') return { ok: false, code: 'INVALID_PRICE', reason: number };
  const fraction = number.fraction.replace(/0+$/, '');
  if (fraction.length > exponent) {
    return { ok: false, code: 'INVALID_PRICE', reason: `has more decimals than ${currency} allows (${exponent})` };
  }
  if (number.negative) return { ok: false, code: 'INVALID_PRICE', reason: 'is negative' };
  const minor = Number(number.integer + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR) return { ok: false, code: 'INVALID_PRICE', reason: 'is too large' };
  return { ok: true, minor, currency };
}

/**
 * `1.299,50` / `1,299.50` / `1 299,50` / `12,5` / `12`. Both separators: the last one is the
 * decimal one. One separator used once with exactly three digits after it (`1,299`, `1.000`) is
 * ambiguous (thousands or decimals) and rejected rather than guessed, unless the currency has three
 * decimals (`1.250 KWD`).
 */
function parseDecimal(text: string, exponent: number): { negative: boolean; integer: string; fraction: string } | string {
  let value = text.replace(/[ ']/g, '');
  const negative = value.startsWith('-');
  value = value.replace(/^[-+]/, '');
  const lastDot = value.lastIndexOf('.');
  const lastComma = value.lastIndexOf(',');
  let decimal: '.' | ',' | null = null;
  if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0 || lastComma >= 0) {
    const separator = lastDot >= 0 ? '.' : ',';
    const count = value.split(separator).length - 1;
    const digitsAfter = value.length - value.lastIndexOf(separator) - 1;
    if (count === 1 && digitsAfter === 3 && exponent !== 3) return 'is ambiguous: write 1299.00 or 1.299,00';
    decimal = count === 1 ? separator : null;
  }
  let integer = value;
  let fraction = '';
  if (decimal) {
    const at = value.lastIndexOf(decimal);
    integer = value.slice(0, at);
    fraction = value.slice(at + 1);
  }
  const thousands = decimal === ',' ? '.' : ',';
  if (decimal === null) integer = integer.replace(/[.,]/g, '');
  else integer = integer.split(thousands).join('');
  if (!/^\d+$/.test(integer) || !/^\d*$/.test(fraction)) return 'is not an amount such as 12.99 EUR';
  return { negative, integer: integer.replace(/^0+(?=\d)/, ''), fraction };
}
