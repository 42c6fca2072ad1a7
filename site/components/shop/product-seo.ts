/** What search engines read about a product page: the meta description and schema.org Product JSON-LD. */
import type { ShopProduct } from '../../../src/modules/catalog/shop-schemas';
import { decimalAmount, snippet } from './format';

type Variant = ShopProduct['variants'][number];

const availability = (inStock: boolean) => `https://schema.org/${inStock ? 'InStock' : 'OutOfStock'}`;

/** The meta description: the description as plain text, 155 characters at most. */
export function productDescription(product: ShopProduct, shopName: string): string {
  return snippet(product.description || `${product.title} from ${shopName}.`);
}

/**
 * A schema.org `Product` with an `Offer` (one variant) or an `AggregateOffer` over every variant,
 * each with price, currency and availability.
 */
export function productJsonLd(product: ShopProduct, page: { url: string; shopName: string; images: string[] }) {
  const offer = (variant: Variant) => ({
    '@type': 'Offer',
    sku: variant.sku,
    ...(variant.gtin ? { gtin: variant.gtin } : {}),
    price: decimalAmount(variant.priceMinor, variant.currency),
    priceCurrency: variant.currency,
    availability: availability(variant.inStock),
    url: page.url,
    seller: { '@type': 'Organization', name: page.shopName },
  });
  const [only] = product.variants.length === 1 ? product.variants : [];
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: productDescription(product, page.shopName),
    ...(page.images.length ? { image: page.images } : {}),
    ...(product.brand ? { brand: { '@type': 'Brand', name: product.brand } } : {}),
    ...(only ? { sku: only.sku } : {}),
    ...(product.breadcrumb.length ? { category: product.breadcrumb.map((crumb) => crumb.name).join(' > ') } : {}),
    url: page.url,
    offers: only
      ? offer(only)
      : {
          '@type': 'AggregateOffer',
          lowPrice: decimalAmount(product.minPriceMinor, product.currency),
          highPrice: decimalAmount(product.maxPriceMinor, product.currency),
          priceCurrency: product.currency,
          offerCount: product.variants.length,
          availability: availability(product.inStock),
          offers: product.variants.map(offer),
        },
  };
}
