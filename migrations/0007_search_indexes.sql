-- btree_gin lets one GIN index hold (vendor_id, search), so a search walks only this vendor's
-- entries. It is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
DROP INDEX "products_search_idx";--> statement-breakpoint
CREATE INDEX "products_vendor_search_idx" ON "products" USING gin ("vendor_id","search");--> statement-breakpoint
CREATE INDEX "products_vendor_status_price_idx" ON "products" USING btree ("vendor_id","status","min_price_minor","id");--> statement-breakpoint
CREATE INDEX "products_vendor_status_title_idx" ON "products" USING btree ("vendor_id","status","title","id");--> statement-breakpoint
CREATE INDEX "products_vendor_updated_idx" ON "products" USING btree ("vendor_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "products_vendor_lower_title_idx" ON "products" USING btree ("vendor_id",lower("title"),"id");--> statement-breakpoint
CREATE INDEX "variants_vendor_sku_prefix_idx" ON "variants" USING btree ("vendor_id",(lower("sku") collate "C"));--> statement-breakpoint
-- Search under row-level security. Postgres will not use an index for a condition whose operator
-- is not leakproof (`@@`, range comparisons on text under a policy), so behind the products policy
-- a search reads every product of the vendor. This function runs as its owner and filters by the
-- caller's scope itself (the same `app.vendor_id` setting the policies read), so the GIN index
-- and the SKU range index serve the match. Outside a vendor scope it returns nothing. Its owner
-- should have BYPASSRLS (scripts/local-platform/postgres.ts, README's deploy notes); without it the
-- policies still apply inside, the answer is the same and only the speed is lost.
-- Returns the ids of the scope vendor's products (any status) whose text matches `q`, or one of
-- whose SKUs starts with `sku_prefix` (lower case; null for none).
CREATE OR REPLACE FUNCTION catalog_search_ids(q tsquery, sku_prefix text)
RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
  SELECT p.id FROM public.products p
   WHERE p.vendor_id = nullif(current_setting('app.vendor_id', true), '')::uuid
     AND p.search @@ q
  UNION
  SELECT v.product_id FROM public.variants v
   WHERE sku_prefix IS NOT NULL AND sku_prefix <> ''
     AND v.vendor_id = nullif(current_setting('app.vendor_id', true), '')::uuid
     AND (lower(v.sku) COLLATE "C") >= sku_prefix COLLATE "C"
     AND (lower(v.sku) COLLATE "C") < (sku_prefix || chr(1114111)) COLLATE "C"
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION catalog_search_ids(tsquery, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION catalog_search_ids(tsquery, text) TO vitrine_app;
