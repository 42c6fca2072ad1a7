/** Money and text formatting for the shop pages (server side; the variant picker gets the results). */

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, format);
  }
  return format;
}

/** Decimal places of the currency's minor unit (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return formatter(currency, 'en').resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount in minor units as the shopper reads it: 1250 EUR → "€12.50". */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  try {
    return formatter(currency, locale).format(minor / 10 ** currencyDigits(currency));
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** The amount as schema.org and Open Graph want it: "12.50". */
export function decimalAmount(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** A price the shopper typed ("12.5", "12,50") in minor units, or undefined when it isn't one. */
export function parseAmount(value: string | null, currency = 'EUR'): number | undefined {
  if (!value) return undefined;
  const normalized = value.trim().replace(',', '.');
  if (!/^\d{1,10}(\.\d{0,4})?$/.test(normalized)) return undefined;
  return Math.round(Number(normalized) * 10 ** currencyDigits(currency));
}

/** Text cut at a word boundary to at most `max` characters, with an ellipsis when cut (meta descriptions). */
export function snippet(text: string, max = 155): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}

/** How much is left, in the shop's words. */
export function stockText(available: number): string {
  if (available <= 0) return 'Out of stock';
  if (available <= 5) return `Only ${available} left`;
  return 'In stock';
}

/** JSON for a `<script type="application/ld+json">`: no `</script>` or `<!--` can end the element early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
