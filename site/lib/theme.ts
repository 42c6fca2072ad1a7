/**
 * Vendor theme colours arrive as free text typed by vendors. Only `#rgb` / `#rrggbb` hex is accepted;
 * anything else falls back to the platform default, so nothing a vendor types reaches the markup
 * except a normalised hex colour.
 */

export const DEFAULT_BRAND = '#4338ca';
export const DEFAULT_ACCENT = '#0f766e';

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

type Rgb = [number, number, number];

/** Returns the colour as lowercase `#rrggbb`, or `fallback` when it is not a `#rgb`/`#rrggbb` hex. */
export function sanitizeHex(value: unknown, fallback: string): string {
  if (typeof value !== 'string') return fallback;
  const v = value.trim();
  if (!HEX.test(v)) return fallback;
  const hex = v.length === 4 ? `#${v[1]}${v[1]}${v[2]}${v[2]}${v[3]}${v[3]}` : v;
  return hex.toLowerCase();
}

function toRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [15, 23, 42]; // --color-text

/** White or dark ink, whichever reads better on the given background. */
function readableOn(bg: Rgb): string {
  return contrast(WHITE, bg) >= contrast(INK, bg) ? '#ffffff' : toHex(INK);
}

/** The colour darkened just enough to reach 4.5:1 on white, for brand-coloured text and links. */
function inkOnWhite(rgb: Rgb): string {
  let c = rgb;
  for (let i = 0; i < 20 && contrast(c, WHITE) < 4.5; i++) {
    c = [c[0] * 0.9, c[1] * 0.9, c[2] * 0.9];
  }
  return toHex(c);
}

export type ThemeInput = { primary?: string | null; accent?: string | null } | null | undefined;

/**
 * CSS custom properties for a vendor theme: the brand and accent colours plus derived colours that
 * keep text readable whatever the vendor picked.
 */
export function themeVariables(theme: ThemeInput): Record<string, string> | null {
  if (!theme) return null;
  const brand = sanitizeHex(theme.primary, DEFAULT_BRAND);
  const accent = sanitizeHex(theme.accent, DEFAULT_ACCENT);
  const brandRgb = toRgb(brand);
  const accentRgb = toRgb(accent);
  return {
    '--brand': brand,
    '--brand-contrast': readableOn(brandRgb),
    '--brand-ink': inkOnWhite(brandRgb),
    '--brand-accent': accent,
    '--brand-accent-contrast': readableOn(accentRgb),
    '--brand-accent-ink': inkOnWhite(accentRgb),
  };
}

/** The variables as an inline `style` value (every value is a normalised hex colour). */
export function themeStyle(theme: ThemeInput): string | undefined {
  const vars = themeVariables(theme);
  if (!vars) return undefined;
  return Object.entries(vars)
    .map(([k, v]) => `${k}:${v}`)
    .join(';');
}

/**
 * A vendor's logo URL if it is https, a same-origin path, or http on a *.localhost dev host;
 * else null, and the layout shows the wordmark instead.
 */
export function safeImageUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  // '//host' and '/\host' are protocol-relative in browsers, not same-origin paths.
  if (/^\/(?![/\\])/.test(value)) return value;
  try {
    const url = new URL(value);
    const local = url.protocol === 'http:' && /(^|\.)localhost$/.test(url.hostname);
    return url.protocol === 'https:' || local ? url.href : null;
  } catch {
    return null;
  }
}
