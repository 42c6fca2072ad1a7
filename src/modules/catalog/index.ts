/** What other modules (the shop pages, the seed, the marketplace import) may use of the catalog. */
export type { CategoryNode } from './category-schemas';
export { type CategorySeed, ensureCategories, listCategoryTree } from './category-service';
export {
  actorLabel,
  type CatalogActor,
  categoryMovedV1,
  productArchivedV1,
  productCreatedV1,
  productPublishedV1,
  productUpdatedV1,
} from './events';
export { findSellableVariants, type SellableVariant, sellableVariants } from './order-lines';
export { countProductsFrom, findCatalogKeys, insertPreparedProducts } from './product-bulk';
export {
  archiveProductsStatement,
  findProductsByIds,
  plannedUpdateStatements,
  preparedProductStatements,
} from './product-import';
export { derivedColumns, prefixQuery } from './product-mapping';
export {
  catalogWriteError,
  createProduct,
  findProductBySlug,
  getProduct,
  type PreparedProduct,
  type ProductOrigin,
  prepareProduct,
} from './product-service';
export { type ProductUpdatePlan, planProductUpdate, updateProduct } from './product-update';
export { isAllowedImageUrl, isValidGtin, slugify } from './rules';
export { sanitizeHtml } from './sanitize';
export {
  type CreateProductInput,
  createProductSchema,
  type Product,
  type ProductSummary,
  productImageSchema,
  productSchema,
  productStatusSchema,
  type UpdateProductInput,
  updateProductSchema,
  type Variant,
  variantInputSchema,
  variantSchema,
} from './schemas';
export {
  applySellingPrices,
  countPriceableVariantsQuery,
  type PriceableVariant,
  priceableVariantsQuery,
  type SellingPriceChange,
  toPriceableVariants,
  type VariantSelection,
} from './selling-prices';
export { getShopVariants, type ShopVariantFacts } from './shop-service';
