/**
 * The shape of a trade's vocabulary: the word lists a demo catalog is combined from. Each trade
 * (acme.ts, nordlicht.ts, velo.ts) is data only; generate.ts turns it into products.
 */

/** An option type products of a family vary by, with how each value scales price and weight. */
export interface OptionSpec {
  name: string;
  values: string[];
  /** Price multiplier per value (default 1 for every value). */
  price?: number[];
  /** Weight multiplier per value (default 1). */
  weight?: number[];
}

/** Products of one kind in one category: every name × line × brand is one possible product. */
export interface Family {
  /** The (child) category slug its products go into. */
  category: string;
  /** Cheapest first: prices and weights rise along the list, from `price[0]` to `price[1]`. */
  names: string[];
  /** Series or qualifiers: appended to the name, or where `{}` stands (`Women's {}`). Default one empty line. */
  lines?: string[];
  /** Indexes into the trade's brands; default all of them. */
  brands?: number[];
  /** Price in cents of the first name's and the last name's cheapest variant. */
  price: [number, number];
  /** Weight in grams of the first name's and the last name's lightest variant. */
  weight: [number, number];
  /** Up to two option types; the first one scales price and weight. */
  options?: OptionSpec[];
  /** Bullet points for descriptions; a product shows three or four of them. */
  features: string[];
  /** Attribute name → possible values; a product gets one value of each. */
  attributes?: Record<string, string[]>;
}

export interface CategorySpec {
  slug: string;
  name: string;
  children: { slug: string; name: string }[];
}

export interface Trade {
  /** SKU prefix. */
  code: string;
  /** GS1 country prefix of the GTINs (400–440 is Germany). */
  gs1Prefix: string;
  brands: string[];
  categories: CategorySpec[];
  families: Family[];
  /** First sentences of descriptions; `{brand}` and `{name}` are filled in. */
  intros: string[];
  /** Closing sentences of descriptions. */
  closings: string[];
  /** Attributes every product of the trade gets one value of. */
  attributes: Record<string, string[]>;
  /** Background and text colour (hex, no `#`) of the placeholder images. */
  imageColours: [string, string];
}

/** A word list written as one `|`-separated text (lines may wrap anywhere): compact data files. */
export function list(text: string): string[] {
  return text
    .split('|')
    .map((item) => item.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}
