/** Countries the checkout offers (ISO 3166-1 alpha-2, English names), the shop's region first. */
export const COUNTRIES: readonly (readonly [string, string])[] = [
  ['LU', 'Luxembourg'],
  ['BE', 'Belgium'],
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['NL', 'Netherlands'],
  ['AT', 'Austria'],
  ['CH', 'Switzerland'],
  ['IT', 'Italy'],
  ['ES', 'Spain'],
  ['PT', 'Portugal'],
  ['IE', 'Ireland'],
  ['DK', 'Denmark'],
  ['SE', 'Sweden'],
  ['FI', 'Finland'],
  ['NO', 'Norway'],
  ['PL', 'Poland'],
  ['CZ', 'Czechia'],
  ['GB', 'United Kingdom'],
  ['US', 'United States'],
];

export const DEFAULT_COUNTRY = 'LU';
