/**
 * Google Shopping / Letzshop feeds: one row per item, header names in English (optionally `g:`
 * prefixed, any case) or the German and French names Luxembourg shops use.
 */
import { FeedColumns } from './columns';
import { LIMITS, quoted, RowCheck } from './row-check';
import type { Availability, FeedItem } from './types';
import { parseDateRange, parseWeightGrams } from './units';

type Field =
  | 'id'
  | 'title'
  | 'description'
  | 'link'
  | 'image_link'
  | 'additional_image_link'
  | 'availability'
  | 'price'
  | 'sale_price'
  | 'sale_price_effective_date'
  | 'brand'
  | 'gtin'
  | 'mpn'
  | 'sku'
  | 'condition'
  | 'google_product_category'
  | 'product_type'
  | 'item_group_id'
  | 'color'
  | 'size'
  | 'material'
  | 'pattern'
  | 'shipping_weight'
  | 'quantity'
  | 'cost_of_goods_sold';

const ALIASES: Record<Field, string[]> = {
  id: ['id', 'offer_id', 'product_id', 'artikelnummer', 'artikel_id', 'référence', 'reference'],
  title: ['title', 'name', 'titel', 'produktname', 'titre', 'nom'],
  description: ['description', 'beschreibung', 'produktbeschreibung'],
  link: ['link', 'url', 'product_url', 'produkt_url', 'lien'],
  image_link: ['image_link', 'image_url', 'image', 'bild', 'bild_url', 'bildlink', 'lien_image'],
  additional_image_link: ['additional_image_link', 'additional_image_links', 'weitere_bilder', 'images_supplémentaires'],
  availability: ['availability', 'verfügbarkeit', 'verfuegbarkeit', 'lieferbarkeit', 'disponibilité', 'disponibilite'],
  price: ['price', 'preis', 'prix'],
  sale_price: ['sale_price', 'sonderangebotspreis', 'angebotspreis', 'prix_soldé', 'prix_promo'],
  sale_price_effective_date: ['sale_price_effective_date', 'sonderangebotszeitraum'],
  brand: ['brand', 'marke', 'marque', 'hersteller'],
  gtin: ['gtin', 'ean', 'upc', 'ean13', 'isbn', 'barcode'],
  mpn: ['mpn', 'herstellerartikelnummer', 'hersteller_artikelnummer'],
  sku: ['sku'],
  condition: ['condition', 'zustand', 'état', 'etat'],
  google_product_category: ['google_product_category', 'google_produktkategorie'],
  product_type: ['product_type', 'produkttyp', 'produktart', 'category', 'kategorie', 'catégorie', 'categorie'],
  item_group_id: ['item_group_id', 'artikelgruppen_id', 'parent_id', 'parent_sku'],
  color: ['color', 'colour', 'farbe', 'couleur'],
  size: ['size', 'größe', 'groesse', 'grösse', 'taille'],
  material: ['material', 'matériau', 'matiere', 'matière'],
  pattern: ['pattern', 'muster', 'motif'],
  shipping_weight: ['shipping_weight', 'versandgewicht', 'weight', 'gewicht', 'poids'],
  quantity: [
    'quantity',
    'qty',
    'stock',
    'inventory',
    'stock_quantity',
    'quantity_available',
    'menge',
    'bestand',
    'lagerbestand',
    'quantité',
    'quantite',
  ],
  cost_of_goods_sold: ['cost_of_goods_sold', 'einkaufspreis'],
};

const BY_ALIAS = new Map<string, Field>(
  Object.entries(ALIASES).flatMap(([field, names]) => names.map((name) => [name, field as Field] as const)),
);

/** `g:Image Link` → `image_link`. */
export function normaliseGoogleHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^g:/, '')
    .replace(/[\s-]+/g, '_');
}

/** Whether the header looks like a Google/Letzshop feed (an id column and a title or price column). */
export function isGoogleHeader(header: string[]): boolean {
  const fields = new Set(header.map((name) => BY_ALIAS.get(normaliseGoogleHeader(name))));
  return fields.has('id') && (fields.has('title') || fields.has('price'));
}

const GOOGLE_REQUIRED: Field[] = ['id', 'title', 'price'];

/** Names of the required columns the header lacks. */
export function missingGoogleColumns(header: string[]): string[] {
  const fields = new Set(header.map((name) => BY_ALIAS.get(normaliseGoogleHeader(name))));
  return GOOGLE_REQUIRED.filter((field) => !fields.has(field));
}

const AVAILABILITY: Record<string, Availability> = {
  in_stock: 'in_stock',
  instock: 'in_stock',
  available: 'in_stock',
  auf_lager: 'in_stock',
  lieferbar: 'in_stock',
  verfügbar: 'in_stock',
  en_stock: 'in_stock',
  disponible: 'in_stock',
  out_of_stock: 'out_of_stock',
  outofstock: 'out_of_stock',
  sold_out: 'out_of_stock',
  nicht_auf_lager: 'out_of_stock',
  ausverkauft: 'out_of_stock',
  nicht_lieferbar: 'out_of_stock',
  rupture_de_stock: 'out_of_stock',
  épuisé: 'out_of_stock',
  preorder: 'preorder',
  pre_order: 'preorder',
  vorbestellung: 'preorder',
  vorbestellbar: 'preorder',
  précommande: 'preorder',
  backorder: 'backorder',
  back_order: 'backorder',
  available_for_order: 'backorder',
  nachbestellt: 'backorder',
};

const CONDITION: Record<string, FeedItem['condition']> = {
  new: 'new',
  neu: 'new',
  neuf: 'new',
  refurbished: 'refurbished',
  generalüberholt: 'refurbished',
  reconditionné: 'refurbished',
  used: 'used',
  gebraucht: 'used',
  occasion: 'used',
};

const OPTION_FIELDS = ['color', 'size', 'material', 'pattern'] as const;
const OPTION_NAMES: Record<(typeof OPTION_FIELDS)[number], string> = {
  color: 'Color',
  size: 'Size',
  material: 'Material',
  pattern: 'Pattern',
};

export interface MappedRow {
  item: FeedItem | null;
  check: RowCheck;
}

/** Maps one record of a Google/Letzshop feed (fields already checked against the header's length). */
export class GoogleMapper {
  private readonly columns: FeedColumns<Field>;

  constructor(
    header: string[],
    private readonly defaultCurrency: string,
  ) {
    this.columns = new FeedColumns(header, (name) => BY_ALIAS.get(normaliseGoogleHeader(name)));
    // google_product_category is only the category when there is no product_type: else an attribute.
    const googleCategory = this.columns.indexOf('google_product_category');
    if (googleCategory !== undefined && this.columns.has('product_type')) this.columns.extra.push(googleCategory);
  }

  /** The item's external id as written (for errors of rows that fail early). */
  externalIdOf(fields: string[]): string | null {
    return this.columns.value(fields, 'id') || null;
  }

  private get(fields: string[], field: Field): string {
    return this.columns.value(fields, field);
  }

  private name(field: Field): string {
    return this.columns.name(field);
  }

  map(fields: string[], line: number): MappedRow {
    const id = this.get(fields, 'id');
    const check = new RowCheck(line, id || null);

    if (!id) check.missing(this.name('id'));
    else check.length(this.name('id'), id, LIMITS.externalId);
    const title = this.get(fields, 'title');
    if (!title) check.missing(this.name('title'));
    else check.length(this.name('title'), title, LIMITS.title);
    const description = this.get(fields, 'description');
    if (description) check.length(this.name('description'), description, LIMITS.description);
    const brand = this.get(fields, 'brand');
    if (brand) check.length(this.name('brand'), brand, LIMITS.brand);

    const linkText = this.get(fields, 'link');
    const link = linkText ? check.link(this.name('link'), linkText) : null;
    const imageUrls: string[] = [];
    const mainImage = this.get(fields, 'image_link');
    if (mainImage) {
      const url = check.image(this.name('image_link'), mainImage);
      if (url) imageUrls.push(url);
    }
    for (const extra of splitUrls(this.get(fields, 'additional_image_link'))) {
      const url = check.image(this.name('additional_image_link'), extra);
      if (url && !imageUrls.includes(url)) imageUrls.push(url);
    }

    let priceMinor = 0;
    let currency = this.defaultCurrency;
    const priceText = this.get(fields, 'price');
    if (!priceText) check.missing(this.name('price'));
    else {
      const price = check.money(this.name('price'), priceText, this.defaultCurrency);
      if (price) ({ minor: priceMinor, currency } = price);
    }
    let salePriceMinor: number | null = null;
    const saleText = this.get(fields, 'sale_price');
    if (saleText) {
      const sale = check.money(this.name('sale_price'), saleText, currency);
      if (sale && sale.currency !== currency)
        check.fail(
          'INVALID_CURRENCY',
          this.name('sale_price'),
          saleText,
          `${this.name('sale_price')} ${quoted(saleText)} is in ${sale.currency} but the price is in ${currency}.`,
        );
      else if (sale && priceText && sale.minor > priceMinor)
        check.fail(
          'INVALID_PRICE',
          this.name('sale_price'),
          saleText,
          `${this.name('sale_price')} ${quoted(saleText)} is higher than the price ${quoted(priceText)}.`,
        );
      else if (sale) salePriceMinor = sale.minor;
    }
    let saleStartsAt: string | null = null;
    let saleEndsAt: string | null = null;
    const saleDates = this.get(fields, 'sale_price_effective_date');
    if (saleDates) {
      const range = parseDateRange(saleDates);
      if (range) ({ start: saleStartsAt, end: saleEndsAt } = range);
      else
        check.fail(
          'INVALID_DATE',
          this.name('sale_price_effective_date'),
          saleDates,
          `${this.name('sale_price_effective_date')} ${quoted(saleDates)} is not two ISO 8601 dates start/end, such as 2026-11-01T00:00+01:00/2026-11-30T23:59+01:00.`,
        );
    }
    const costText = this.get(fields, 'cost_of_goods_sold');
    const costMinor = costText ? (check.money(this.name('cost_of_goods_sold'), costText, currency)?.minor ?? null) : null;

    const quantityText = this.get(fields, 'quantity');
    const quantity = quantityText ? check.quantity(this.name('quantity'), quantityText) : null;
    const availabilityText = this.get(fields, 'availability');
    let availability: Availability = quantity !== null && quantity <= 0 ? 'out_of_stock' : 'in_stock';
    if (availabilityText) {
      const normalised = AVAILABILITY[availabilityText.toLowerCase().replace(/[\s-]+/g, '_')];
      if (normalised) availability = normalised;
      else
        check.fail(
          'INVALID_AVAILABILITY',
          this.name('availability'),
          availabilityText,
          `${this.name('availability')} ${quoted(availabilityText)} is not one of in_stock, out_of_stock, preorder, backorder.`,
        );
    }

    const gtinText = this.get(fields, 'gtin');
    const gtin = gtinText ? check.gtin(this.name('gtin'), gtinText) : null;
    const mpn = optional(check, this.name('mpn'), this.get(fields, 'mpn'), LIMITS.mpn);
    const sku = optional(check, this.name('sku'), this.get(fields, 'sku'), LIMITS.sku) ?? (id || null);
    const conditionText = this.get(fields, 'condition');
    let condition: FeedItem['condition'] = null;
    if (conditionText) {
      condition = CONDITION[conditionText.toLowerCase()] ?? null;
      if (!condition)
        check.fail(
          'INVALID_VALUE',
          this.name('condition'),
          conditionText,
          `${this.name('condition')} ${quoted(conditionText)} is not one of new, refurbished, used.`,
        );
    }
    const category = optional(
      check,
      this.name('product_type'),
      this.get(fields, 'product_type') || this.get(fields, 'google_product_category'),
      LIMITS.category,
    );
    const weightText = this.get(fields, 'shipping_weight');
    let weightGrams: number | null = null;
    if (weightText) {
      weightGrams = parseWeightGrams(weightText);
      if (weightGrams === null)
        check.fail(
          'INVALID_NUMBER',
          this.name('shipping_weight'),
          weightText,
          `${this.name('shipping_weight')} ${quoted(weightText)} is not a weight with a unit, such as 1.2 kg or 300 g.`,
        );
    }
    const options: FeedItem['options'] = [];
    for (const field of OPTION_FIELDS) {
      const value = this.get(fields, field);
      if (value && check.length(this.name(field), value, LIMITS.optionValue) !== null) {
        options.push({ name: OPTION_NAMES[field], value });
      }
    }
    const attributes = this.columns.attributes(check, fields);
    const groupText = this.get(fields, 'item_group_id');
    if (groupText) check.length(this.name('item_group_id'), groupText, LIMITS.externalId);
    const groupId = groupText || id;

    if (!check.ok) return { item: null, check };
    return {
      check,
      item: {
        line,
        externalId: id,
        groupId,
        title,
        descriptionHtml: description || null,
        brand: brand || null,
        link,
        imageUrls,
        priceMinor,
        currency,
        salePriceMinor,
        saleStartsAt,
        saleEndsAt,
        availability,
        quantity,
        gtin,
        mpn,
        sku,
        condition,
        category,
        options,
        weightGrams,
        costMinor,
        status: null,
        attributes,
      },
    };
  }
}

function optional(check: RowCheck, column: string, value: string, max: number): string | null {
  return value ? check.length(column, value, max) : null;
}

/** Google allows several additional images in one cell, separated by commas. */
function splitUrls(text: string): string[] {
  if (!text) return [];
  return text
    .split(/\s*,\s*(?=https?:\/\/)|\s+(?=https?:\/\/)/i)
    .map((url) => url.trim())
    .filter(Boolean);
}
