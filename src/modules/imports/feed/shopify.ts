/**
 * Shopify product CSV, both header dialects: the classic one (`Variant SKU`, `Variant Price`,
 * `Image Src`…, with or without `Product Category`, `Status`, `Variant Weight Unit`) and the 2024
 * one (`URL handle`, `SKU`, `Price`, `Product image URL`…). The rows of one handle form a product:
 * the first carries Title/Body/Vendor/Type/Tags/Status and the option names, the next rows carry
 * variants and/or extra images (an image-only row is not an item).
 */
import { FeedColumns } from './columns';
import { LIMITS, quoted, RowCheck } from './row-check';
import type { Availability, FeedItem } from './types';
import { parseDecimalNumber, parseFlag, parseInteger } from './units';

type Field =
  | 'handle'
  | 'title'
  | 'body'
  | 'vendor'
  | 'productCategory'
  | 'type'
  | 'published'
  | 'status'
  | 'option1Name'
  | 'option1Value'
  | 'option2Name'
  | 'option2Value'
  | 'option3Name'
  | 'option3Value'
  | 'sku'
  | 'grams'
  | 'tracker'
  | 'quantity'
  | 'policy'
  | 'price'
  | 'compareAt'
  | 'barcode'
  | 'imageSrc'
  | 'imagePosition'
  | 'variantImage'
  | 'cost'
  | 'mpn'
  | 'condition';

const ALIASES: Record<Field, string[]> = {
  handle: ['handle', 'url handle'],
  title: ['title'],
  body: ['body (html)', 'body html', 'description'],
  vendor: ['vendor'],
  productCategory: ['product category', 'product_category'],
  type: ['type'],
  published: ['published', 'published on online store'],
  status: ['status'],
  option1Name: ['option1 name'],
  option1Value: ['option1 value'],
  option2Name: ['option2 name'],
  option2Value: ['option2 value'],
  option3Name: ['option3 name'],
  option3Value: ['option3 value'],
  sku: ['variant sku', 'sku'],
  grams: ['variant grams', 'weight value (grams)'],
  tracker: ['variant inventory tracker', 'inventory tracker'],
  quantity: ['variant inventory qty', 'inventory quantity'],
  policy: ['variant inventory policy', 'continue selling when out of stock'],
  price: ['variant price', 'price'],
  compareAt: ['variant compare at price', 'compare-at price'],
  barcode: ['variant barcode', 'barcode'],
  imageSrc: ['image src', 'product image url'],
  imagePosition: ['image position'],
  variantImage: ['variant image', 'variant image url'],
  cost: ['cost per item'],
  mpn: ['google shopping / mpn'],
  condition: ['google shopping / condition'],
};

/** Shopify's own switches: consumed or meaningless outside Shopify, so not kept as attributes. */
const IGNORED = new Set([
  'variant fulfillment service',
  'fulfillment service',
  'variant requires shipping',
  'requires shipping',
  'variant taxable',
  'charge tax',
  'gift card',
  'image alt text',
  'variant weight unit',
  'weight unit for display',
  'option1 linked to',
  'option2 linked to',
  'option3 linked to',
]);

/** Shopify Markets columns (`Included / International`, `Price / United States`…). */
const MARKET_COLUMN = /^(included|price|compare at price) \/ /;

const BY_ALIAS = new Map<string, Field>(
  Object.entries(ALIASES).flatMap(([field, names]) => names.map((name) => [name, field as Field] as const)),
);

/** Shopify's switches and Markets columns: neither item fields nor attributes. */
function isDropped(key: string): boolean {
  return IGNORED.has(key) || MARKET_COLUMN.test(key);
}

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Whether the header is a Shopify product CSV (a Handle column and a Title column). */
export function isShopifyHeader(header: string[]): boolean {
  const fields = new Set(header.map((name) => BY_ALIAS.get(normalise(name))));
  return fields.has('handle') && fields.has('title');
}

export const SHOPIFY_REQUIRED: Field[] = ['handle', 'title', 'price'];

/** Names of the required columns the header lacks. */
export function missingShopifyColumns(header: string[]): string[] {
  const fields = new Set(header.map((name) => BY_ALIAS.get(normalise(name))));
  const names: Record<string, string> = { handle: 'Handle', title: 'Title', price: 'Variant Price' };
  return SHOPIFY_REQUIRED.filter((field) => !fields.has(field)).map((field) => names[field] as string);
}

export interface ShopifyRow {
  fields: string[];
  line: number;
}

export interface MappedGroup {
  items: FeedItem[];
  checks: RowCheck[];
}

/** Maps the rows of one handle to its items. */
export class ShopifyMapper {
  private readonly columns: FeedColumns<Field>;

  constructor(
    header: string[],
    private readonly defaultCurrency: string,
  ) {
    this.columns = new FeedColumns(
      header,
      (name) => BY_ALIAS.get(normalise(name)),
      (name) => isDropped(normalise(name)),
    );
  }

  handleOf(fields: string[]): string {
    return this.value(fields, 'handle');
  }

  mapGroup(rows: ShopifyRow[]): MappedGroup {
    const first = rows[0] as ShopifyRow;
    const handle = this.handleOf(first.fields);
    const product = this.productOf(first);
    const images: { url: string; position: number; order: number }[] = [];
    const checks: RowCheck[] = [product.check];
    const variants: { row: ShopifyRow; check: RowCheck }[] = [];
    rows.forEach((row, order) => {
      const check = order === 0 ? product.check : new RowCheck(row.line, null);
      if (order > 0) checks.push(check);
      const src = this.value(row.fields, 'imageSrc');
      if (src) {
        const url = check.image(this.name('imageSrc'), src);
        const position = parseInteger(this.value(row.fields, 'imagePosition')) ?? Number.MAX_SAFE_INTEGER;
        if (url) images.push({ url, position, order });
      }
      if (order === 0 || this.isVariantRow(row.fields)) variants.push({ row, check });
    });
    images.sort((a, b) => a.position - b.position || a.order - b.order);
    const productImages = [...new Set(images.map((image) => image.url))];

    const items: FeedItem[] = [];
    for (const { row, check } of variants) {
      const item = this.variantOf(row, check, handle, product, productImages);
      if (item && check.ok && product.check.ok) items.push(item);
    }
    if (!product.check.ok) {
      // The product row failed: its variants cannot be imported either; say so on each.
      for (const { check } of variants.slice(1)) {
        check.fail(
          'PRODUCT_ROW_INVALID',
          null,
          null,
          `the product row of handle ${quoted(handle)} (line ${first.line}) has errors, so this variant was not imported.`,
        );
      }
    }
    return { items, checks };
  }

  private value(fields: string[], field: Field): string {
    return this.columns.value(fields, field);
  }

  private name(field: Field): string {
    return this.columns.name(field);
  }

  private isVariantRow(fields: string[]): boolean {
    return ['sku', 'price', 'option1Value', 'option2Value', 'option3Value', 'barcode'].some(
      (field) => this.value(fields, field as Field) !== '',
    );
  }

  private productOf(row: ShopifyRow) {
    const { fields } = row;
    const handle = this.handleOf(fields);
    const check = new RowCheck(row.line, null);
    const title = this.value(fields, 'title');
    if (!title) check.missing(this.name('title'));
    else check.length(this.name('title'), title, LIMITS.title);
    const body = this.value(fields, 'body');
    if (body) check.length(this.name('body'), body, LIMITS.description);
    const vendor = this.value(fields, 'vendor');
    if (vendor) check.length(this.name('vendor'), vendor, LIMITS.brand);
    const category = this.value(fields, 'type') || this.value(fields, 'productCategory');
    if (category) check.length(this.name('type'), category, LIMITS.category);
    const optionNames = [1, 2, 3].map((n) => this.value(fields, `option${n}Name` as Field));
    const statusText = this.value(fields, 'status').toLowerCase();
    let status: FeedItem['status'] = null;
    if (statusText) {
      if (statusText === 'active' || statusText === 'draft' || statusText === 'archived') status = statusText;
      else
        check.fail(
          'INVALID_VALUE',
          this.name('status'),
          statusText,
          `${this.name('status')} ${quoted(statusText)} is not one of active, draft, archived.`,
        );
    } else {
      const published = parseFlag(this.value(fields, 'published'));
      if (published !== null) status = published ? 'active' : 'draft';
    }
    const conditionText = this.value(fields, 'condition').toLowerCase();
    const condition: FeedItem['condition'] =
      conditionText === 'new' || conditionText === 'refurbished' || conditionText === 'used' ? conditionText : null;
    const attributes = this.columns.attributes(check, fields);
    if (handle.length > LIMITS.externalId) check.length(this.name('handle'), handle, LIMITS.externalId);
    return { check, title, body, vendor, category, optionNames, status, condition, attributes };
  }

  private variantOf(
    row: ShopifyRow,
    check: RowCheck,
    handle: string,
    product: ReturnType<ShopifyMapper['productOf']>,
    productImages: string[],
  ): FeedItem | null {
    const { fields } = row;
    const options: FeedItem['options'] = [];
    const values: string[] = [];
    product.optionNames.forEach((optionName, index) => {
      const value = this.value(fields, `option${index + 1}Value` as Field);
      if (!value) return;
      values.push(value);
      if (optionName === 'Title' && value === 'Default Title') return;
      const column = this.name(`option${index + 1}Value` as Field);
      if (!optionName) {
        check.fail(
          'MISSING_FIELD',
          this.name(`option${index + 1}Name` as Field),
          null,
          `${column} ${quoted(value)} has no option name on the product's first row.`,
        );
        return;
      }
      if (
        check.length(column, value, LIMITS.optionValue) !== null &&
        check.length(column, optionName, LIMITS.optionName) !== null
      ) {
        options.push({ name: optionName, value });
      }
    });
    const skuText = this.value(fields, 'sku');
    const sku = skuText ? check.length(this.name('sku'), skuText, LIMITS.sku) : null;
    const optionPart = values.filter((value) => value !== 'Default Title').join('/');
    const externalId = skuText || (optionPart ? `${handle}:${optionPart}` : handle);
    check.externalId = externalId;
    if (!skuText) check.length(this.name('handle'), externalId, LIMITS.externalId);

    let priceMinor = 0;
    let salePriceMinor: number | null = null;
    const priceText = this.value(fields, 'price');
    if (!priceText) check.missing(this.name('price'));
    else priceMinor = check.money(this.name('price'), priceText, this.defaultCurrency)?.minor ?? 0;
    // Shopify's price is what the shopper pays; a higher compare-at price is the regular price,
    // which makes the Shopify price a sale price in the feed's terms.
    const compareText = this.value(fields, 'compareAt');
    if (compareText && priceText) {
      const compare = check.money(this.name('compareAt'), compareText, this.defaultCurrency);
      if (compare && compare.minor > priceMinor) {
        salePriceMinor = priceMinor;
        priceMinor = compare.minor;
      }
    }
    const costText = this.value(fields, 'cost');
    const costMinor = costText ? (check.money(this.name('cost'), costText, this.defaultCurrency)?.minor ?? null) : null;

    const tracked = this.value(fields, 'tracker') !== '' || !this.columns.has('tracker');
    const quantityText = this.value(fields, 'quantity');
    // Untracked inventory has no count, whatever the column says (a bad one still fails the row).
    const counted = quantityText ? check.quantity(this.name('quantity'), quantityText) : null;
    const quantity = tracked ? counted : null;
    const policy = this.value(fields, 'policy').toLowerCase();
    const continueSelling = policy === 'continue' || parseFlag(policy) === true;
    let availability: Availability = 'in_stock';
    if (quantity !== null && quantity <= 0) availability = continueSelling ? 'backorder' : 'out_of_stock';

    const gramsText = this.value(fields, 'grams');
    let weightGrams: number | null = null;
    if (gramsText) {
      const grams = parseDecimalNumber(gramsText);
      if (grams === null || grams > 10_000_000)
        check.fail(
          'INVALID_NUMBER',
          this.name('grams'),
          gramsText,
          `${this.name('grams')} ${quoted(gramsText)} is not a weight in grams.`,
        );
      else weightGrams = Math.round(grams);
    }
    const barcode = this.value(fields, 'barcode');
    const gtin = barcode ? check.gtin(this.name('barcode'), barcode) : null;
    const mpnText = this.value(fields, 'mpn');
    let mpn: string | null = null;
    if (mpnText && /^\d+(?:[.,]\d+)?E\+?\d+$/i.test(mpnText)) {
      check.warn(
        'GTIN_MANGLED',
        this.name('mpn'),
        mpnText,
        `${this.name('mpn')} ${quoted(mpnText)} was turned into a number by a spreadsheet; the MPN was not imported.`,
      );
    } else if (mpnText) mpn = check.length(this.name('mpn'), mpnText, LIMITS.mpn);

    const imageUrls = [...productImages];
    const variantImage = this.value(fields, 'variantImage');
    if (variantImage) {
      const url = check.image(this.name('variantImage'), variantImage);
      if (url && !imageUrls.includes(url)) imageUrls.push(url);
    }
    if (!check.ok) return null;
    return {
      line: row.line,
      externalId,
      groupId: handle,
      title: product.title,
      descriptionHtml: product.body || null,
      brand: product.vendor || null,
      link: null,
      imageUrls,
      priceMinor,
      currency: this.defaultCurrency,
      salePriceMinor,
      saleStartsAt: null,
      saleEndsAt: null,
      availability,
      quantity,
      gtin,
      mpn,
      sku,
      condition: product.condition,
      category: product.category || null,
      options,
      weightGrams,
      costMinor,
      status: product.status,
      attributes:
        check === product.check ? product.attributes : { ...product.attributes, ...this.columns.attributes(check, fields) },
    };
  }
}
