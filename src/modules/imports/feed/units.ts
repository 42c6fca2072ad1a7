/** Weights, quantities, dates and flags as feeds write them. */

const GRAMS_PER: Record<string, number> = {
  g: 1,
  gr: 1,
  gram: 1,
  grams: 1,
  gramm: 1,
  kg: 1000,
  kilo: 1000,
  kilos: 1000,
  kilogram: 1000,
  kilograms: 1000,
  kilogramm: 1000,
  mg: 0.001,
  lb: 453.59237,
  lbs: 453.59237,
  pound: 453.59237,
  pounds: 453.59237,
  oz: 28.349523125,
  ounce: 28.349523125,
  ounces: 28.349523125,
};

/** `1.2 kg`, `1,2 kg`, `300 g`, `2 lb` → grams (rounded); null when the text is not a weight. */
export function parseWeightGrams(text: string): number | null {
  const match = /^(\d+(?:[.,]\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  if (!match) return null;
  const factor = GRAMS_PER[(match[2] as string).toLowerCase()];
  if (factor === undefined) return null;
  const grams = Math.round(Number((match[1] as string).replace(',', '.')) * factor);
  return grams <= 10_000_000 ? grams : null;
}

/** A plain non-negative decimal number (`145`, `226.796185`, `1,5`), or null. */
export function parseDecimalNumber(text: string): number | null {
  const value = text.trim().replace(',', '.');
  return /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : null;
}

/** A whole number, possibly negative (stock counts can be), or null. `12.0` counts as 12. */
export function parseInteger(text: string): number | null {
  const value = text.trim();
  if (!/^-?\d+(?:\.0+)?$/.test(value)) return null;
  const number = Number.parseInt(value, 10);
  return Number.isSafeInteger(number) && Math.abs(number) <= 1_000_000_000 ? number : null;
}

/** `TRUE`/`FALSE` as Excel writes them, also yes/no/1/0; null otherwise. */
export function parseFlag(text: string): boolean | null {
  const value = text.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'ja', 'oui'].includes(value)) return true;
  if (['false', 'no', 'n', '0', 'nein', 'non'].includes(value)) return false;
  return null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** One ISO 8601 date or date-time → ISO timestamp (UTC); null when invalid. */
export function parseTimestamp(text: string): string | null {
  const value = text.trim();
  if (!ISO_DATE.test(value)) return null;
  const normalised = value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(normalised.length === 10 ? `${normalised}T00:00:00Z` : normalised);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** `start/end` (Google's sale_price_effective_date) → both timestamps; null when invalid or reversed. */
export function parseDateRange(text: string): { start: string; end: string } | null {
  const parts = text.split('/');
  if (parts.length !== 2) return null;
  const start = parseTimestamp(parts[0] as string);
  const end = parseTimestamp(parts[1] as string);
  if (!start || !end || end < start) return null;
  return { start, end };
}
