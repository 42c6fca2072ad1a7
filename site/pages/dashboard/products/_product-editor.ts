/**
 * The product editor's Alpine component: holds the form as typed (prices in major units), builds
 * the API body (minor units), saves with POST (new) or PATCH + version (existing), and maps the
 * API's answers back onto the form: field errors by path, CONFLICT on a taken SKU or slug next to
 * that field, and a stale version as "someone else changed this product".
 */

interface VariantForm {
  sku: string;
  gtin: string;
  options: Record<string, string>;
  price: string;
  compareAt: string;
  weight: string;
}

interface OptionTypeForm {
  name: string;
  /** Comma-separated, as typed. */
  values: string;
}

export interface EditorConfig {
  id: string | null;
  version: number;
  readOnly: boolean;
  fields: {
    title: string;
    slug: string;
    descriptionHtml: string;
    brand: string;
    status: 'draft' | 'active' | 'archived';
    featured: boolean;
    categoryId: string;
    currency: string;
  };
  images: { url: string; alt: string }[];
  optionTypes: OptionTypeForm[];
  variants: VariantForm[];
}

interface SavedProduct {
  id: string;
  version: number;
  slug: string;
  descriptionHtml: string;
  variants: { sku: string }[];
}

interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

/** "12.99" or "12,99" → 1299; "" → null; anything else → NaN. */
export function toMinor(text: string): number | null {
  const value = text.trim().replace(',', '.');
  if (value === '') return null;
  if (!/^\d{1,10}(?:\.\d{1,2})?$/.test(value)) return Number.NaN;
  const [whole = '0', cents = ''] = value.split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

const valuesOf = (type: OptionTypeForm) =>
  type.values
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);

/** The Alpine component (`x-data="productEditor(config)"`). */
export function productEditor(config: EditorConfig) {
  return {
    id: config.id,
    version: config.version,
    f: { ...config.fields },
    images: config.images.map((image) => ({ ...image })),
    optionTypes: config.optionTypes.map((type) => ({ ...type })),
    variants: config.variants.map((variant) => ({ ...variant, options: { ...variant.options } })),
    errors: {} as Record<string, string>,
    message: '',
    tone: 'danger' as 'danger' | 'success',
    stale: false,
    saving: false,

    valuesOf,

    err(path: string): string {
      return this.errors[path] ?? '';
    },

    previewable(url: string): boolean {
      return /^https:\/\/\S+$/.test(url) || /^http:\/\/[^/]*localhost(?::\d+)?\//.test(url);
    },

    addVariant() {
      this.variants.push({ sku: '', gtin: '', options: {}, price: '', compareAt: '', weight: '' });
    },

    /** The API body from the form, or undefined after marking fields it can't convert. */
    body(): Record<string, unknown> | undefined {
      const errors: Record<string, string> = {};
      const types = this.optionTypes
        .filter((type) => type.name.trim() || type.values.trim())
        .map((type) => ({ name: type.name.trim(), values: valuesOf(type) }));
      const variants = this.variants.map((v, i) => {
        const priceMinor = toMinor(v.price);
        const compareAtMinor = toMinor(v.compareAt);
        const weight = v.weight.trim();
        if (!v.sku.trim()) errors[`variants.${i}.sku`] = 'Enter a SKU';
        if (priceMinor === null || Number.isNaN(priceMinor)) errors[`variants.${i}.priceMinor`] = 'Enter a price such as 12.99';
        if (Number.isNaN(compareAtMinor))
          errors[`variants.${i}.compareAtMinor`] = 'Enter a price such as 15.00, or leave it empty';
        if (weight && !/^\d{1,8}$/.test(weight)) errors[`variants.${i}.weightGrams`] = 'Whole grams, such as 900';
        const options = Object.fromEntries(
          types.filter((type) => v.options[type.name]).map((type) => [type.name, v.options[type.name] ?? '']),
        );
        return {
          sku: v.sku.trim(),
          gtin: v.gtin.trim() || null,
          options,
          priceMinor: priceMinor ?? 0,
          compareAtMinor,
          weightGrams: weight ? Number(weight) : null,
          currency: this.f.currency.trim().toUpperCase() || 'EUR',
        };
      });
      if (!this.f.title.trim()) errors.title = 'Enter a title';
      this.errors = errors;
      if (Object.keys(errors).length > 0) return undefined;
      return {
        title: this.f.title,
        ...(this.f.slug.trim() || this.id ? { slug: this.f.slug.trim().toLowerCase() } : {}),
        descriptionHtml: this.f.descriptionHtml,
        brand: this.f.brand.trim() || null,
        status: this.f.status,
        featured: this.f.featured,
        categoryId: this.f.categoryId || null,
        images: this.images
          .filter((image) => image.url.trim())
          .map((image) => ({ url: image.url.trim(), alt: image.alt.trim() })),
        optionTypes: types,
        variants,
      };
    },

    async save() {
      if (this.saving || config.readOnly) return;
      this.message = '';
      const body = this.body();
      if (!body) {
        this.tone = 'danger';
        this.message = 'Some fields need your attention.';
        return;
      }
      this.saving = true;
      try {
        const response = await fetch(this.id ? `/api/v1/vendor/products/${this.id}` : '/api/v1/vendor/products', {
          method: this.id ? 'PATCH' : 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(this.id ? { version: this.version, ...body } : body),
        });
        const answer = (await response.json().catch(() => null)) as (SavedProduct & ApiErrorBody) | null;
        if (response.ok && answer) {
          if (!this.id) {
            window.location.assign(`/dashboard/products/${answer.id}?created=1`);
            return;
          }
          this.version = answer.version;
          this.f.slug = answer.slug;
          this.f.descriptionHtml = answer.descriptionHtml;
          this.tone = 'success';
          this.message = 'Your changes are saved.';
        } else {
          this.showError(response.status, answer);
        }
      } catch {
        this.tone = 'danger';
        this.message = 'We could not reach the server. Check your connection and try again.';
      }
      this.saving = false;
    },

    showError(status: number, answer: ApiErrorBody | null) {
      const error = answer?.error;
      const details = error?.details;
      this.tone = 'danger';
      this.message = error?.message ?? `Saving failed (HTTP ${status}). Please try again.`;
      if (Array.isArray(details)) {
        for (const issue of details as { path?: string; message?: string }[]) {
          if (issue.path !== undefined && issue.message) this.errors[issue.path || 'title'] ??= issue.message;
        }
        this.message = 'Some fields need your attention.';
        return;
      }
      const conflict = (details ?? {}) as { currentVersion?: number; field?: string; sku?: string };
      if (error?.code === 'CONFLICT' && conflict.currentVersion !== undefined) this.stale = true;
      else if (conflict.field === 'slug') this.errors.slug = this.message;
      else if (conflict.sku) {
        const index = this.variants.findIndex((v) => v.sku.trim() === conflict.sku);
        this.errors[index === -1 ? 'variants' : `variants.${index}.sku`] = this.message;
      }
    },
  };
}
