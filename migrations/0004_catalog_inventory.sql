CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "categories" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "inventory_levels" (
	"vendor_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"available" integer GENERATED ALWAYS AS (on_hand - reserved) STORED,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_levels_nonnegative" CHECK ("inventory_levels"."on_hand" >= 0 and "inventory_levels"."reserved" >= 0 and "inventory_levels"."reserved" <= "inventory_levels"."on_hand")
);--> statement-breakpoint
ALTER TABLE "inventory_levels" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "inventory_movements" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inventory_movements_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"vendor_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"on_hand_delta" integer DEFAULT 0 NOT NULL,
	"reserved_delta" integer DEFAULT 0 NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"reference" text,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "inventory_movements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description_html" text DEFAULT '' NOT NULL,
	"brand" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"featured" boolean DEFAULT false NOT NULL,
	"category_id" uuid,
	"images" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"option_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"min_price_minor" bigint,
	"max_price_minor" bigint,
	"currency" char(3) DEFAULT 'EUR' NOT NULL,
	"sku_text" text DEFAULT '' NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(brand, '') || ' ' || sku_text), 'B') || setweight(to_tsvector('simple', left(regexp_replace(description_html, '<[^>]*>', ' ', 'g'), 4000)), 'C')) STORED,
	"version" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_status_check" CHECK ("products"."status" in ('draft', 'active', 'archived'))
);--> statement-breakpoint
ALTER TABLE "products" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stock_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "stock_locations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "variants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"gtin" text,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"price_minor" bigint NOT NULL,
	"compare_at_minor" bigint,
	"cost_minor" bigint,
	"currency" char(3) DEFAULT 'EUR' NOT NULL,
	"weight_grams" integer,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "variants_price_check" CHECK ("variants"."price_minor" >= 0 and ("variants"."compare_at_minor" is null or "variants"."compare_at_minor" >= 0))
);--> statement-breakpoint
ALTER TABLE "variants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "categories_vendor_slug_key" ON "categories" USING btree ("vendor_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "categories_vendor_id_key" ON "categories" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_levels_key" ON "inventory_levels" USING btree ("vendor_id","variant_id","location_id");--> statement-breakpoint
CREATE UNIQUE INDEX "products_vendor_slug_key" ON "products" USING btree ("vendor_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "products_vendor_id_key" ON "products" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_locations_vendor_code_key" ON "stock_locations" USING btree ("vendor_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_locations_vendor_id_key" ON "stock_locations" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "variants_vendor_sku_key" ON "variants" USING btree ("vendor_id","sku");--> statement-breakpoint
CREATE UNIQUE INDEX "variants_vendor_id_key" ON "variants" USING btree ("vendor_id","id");--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_fk" FOREIGN KEY ("vendor_id","parent_id") REFERENCES "public"."categories"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_levels" ADD CONSTRAINT "inventory_levels_variant_fk" FOREIGN KEY ("vendor_id","variant_id") REFERENCES "public"."variants"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_levels" ADD CONSTRAINT "inventory_levels_location_fk" FOREIGN KEY ("vendor_id","location_id") REFERENCES "public"."stock_locations"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_variant_fk" FOREIGN KEY ("vendor_id","variant_id") REFERENCES "public"."variants"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_location_fk" FOREIGN KEY ("vendor_id","location_id") REFERENCES "public"."stock_locations"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_category_fk" FOREIGN KEY ("vendor_id","category_id") REFERENCES "public"."categories"("vendor_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_locations" ADD CONSTRAINT "stock_locations_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_product_fk" FOREIGN KEY ("vendor_id","product_id") REFERENCES "public"."products"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "categories_vendor_parent_idx" ON "categories" USING btree ("vendor_id","parent_id","position");--> statement-breakpoint
CREATE INDEX "inventory_levels_location_idx" ON "inventory_levels" USING btree ("vendor_id","location_id");--> statement-breakpoint
CREATE INDEX "inventory_movements_variant_idx" ON "inventory_movements" USING btree ("vendor_id","variant_id","location_id","seq");--> statement-breakpoint
CREATE INDEX "products_vendor_status_created_idx" ON "products" USING btree ("vendor_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "products_vendor_category_idx" ON "products" USING btree ("vendor_id","category_id");--> statement-breakpoint
CREATE INDEX "products_vendor_brand_idx" ON "products" USING btree ("vendor_id","brand");--> statement-breakpoint
CREATE INDEX "products_vendor_price_idx" ON "products" USING btree ("vendor_id","min_price_minor");--> statement-breakpoint
CREATE INDEX "products_vendor_external_idx" ON "products" USING btree ("vendor_id","source","external_id");--> statement-breakpoint
CREATE INDEX "products_search_idx" ON "products" USING gin ("search");--> statement-breakpoint
CREATE INDEX "variants_vendor_product_idx" ON "variants" USING btree ("vendor_id","product_id","position");--> statement-breakpoint
CREATE POLICY "categories_scope" ON "categories" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "inventory_levels_scope" ON "inventory_levels" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "inventory_movements_scope" ON "inventory_movements" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "products_scope" ON "products" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "stock_locations_scope" ON "stock_locations" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "variants_scope" ON "variants" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));
