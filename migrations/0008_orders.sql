-- Generated, then reordered by hand: the unique (vendor_id, id) indexes come before the
-- composite foreign keys that reference them.
CREATE TABLE "customer_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"label" text,
	"name" text NOT NULL,
	"company" text,
	"line1" text NOT NULL,
	"line2" text,
	"postal_code" text NOT NULL,
	"city" text NOT NULL,
	"region" text,
	"country" char(2) NOT NULL,
	"phone" text,
	"is_default_shipping" boolean DEFAULT false NOT NULL,
	"is_default_billing" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_addresses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "order_allocations" (
	"vendor_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "order_allocations_vendor_id_order_id_variant_id_location_id_pk" PRIMARY KEY("vendor_id","order_id","variant_id","location_id"),
	CONSTRAINT "order_allocations_quantity_check" CHECK ("order_allocations"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "order_allocations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "order_counters" (
	"vendor_id" uuid PRIMARY KEY NOT NULL,
	"last_number" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "order_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"product_title" text NOT NULL,
	"variant_options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sku" text NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"tax_rate_bp" integer NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"weight_grams" integer,
	CONSTRAINT "order_items_quantity_check" CHECK ("order_items"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "order_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "order_status_history" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "order_status_history_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"vendor_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_status_history" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"email" text NOT NULL,
	"customer_id" uuid,
	"shipping_address" jsonb NOT NULL,
	"billing_address" jsonb NOT NULL,
	"currency" char(3) NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"shipping_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"tax_breakdown" jsonb NOT NULL,
	"shipping_method_id" uuid,
	"shipping_method_name" text NOT NULL,
	"payment_method" text NOT NULL,
	"payment_status" text DEFAULT 'pending' NOT NULL,
	"note" text,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_status_check" CHECK ("orders"."status" in ('pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded')),
	CONSTRAINT "orders_payment_method_check" CHECK ("orders"."payment_method" in ('bank_transfer', 'cash_on_delivery', 'invoice')),
	CONSTRAINT "orders_amounts_check" CHECK ("orders"."subtotal_minor" >= 0 and "orders"."shipping_minor" >= 0 and "orders"."tax_minor" >= 0 and "orders"."total_minor" = "orders"."subtotal_minor" + "orders"."shipping_minor")
);
--> statement-breakpoint
ALTER TABLE "orders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "shipping_methods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"price_minor" bigint DEFAULT 0 NOT NULL,
	"brackets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"free_over_minor" bigint,
	"currency" char(3) DEFAULT 'EUR' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_methods_kind_check" CHECK ("shipping_methods"."kind" in ('flat', 'weight')),
	CONSTRAINT "shipping_methods_price_check" CHECK ("shipping_methods"."price_minor" >= 0 and ("shipping_methods"."free_over_minor" is null or "shipping_methods"."free_over_minor" >= 0))
);
--> statement-breakpoint
ALTER TABLE "shipping_methods" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tax_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"name" text NOT NULL,
	"rate_bp" integer NOT NULL,
	"category_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_rates_rate_check" CHECK ("tax_rates"."rate_bp" between 0 and 10000)
);
--> statement-breakpoint
ALTER TABLE "tax_rates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_addresses_vendor_id_key" ON "customer_addresses" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE INDEX "customer_addresses_vendor_customer_idx" ON "customer_addresses" USING btree ("vendor_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "order_items_order_idx" ON "order_items" USING btree ("vendor_id","order_id","position");--> statement-breakpoint
CREATE INDEX "order_status_history_order_idx" ON "order_status_history" USING btree ("vendor_id","order_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_vendor_id_key" ON "orders" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_vendor_number_key" ON "orders" USING btree ("vendor_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_vendor_idempotency_key" ON "orders" USING btree ("vendor_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "orders_vendor_placed_idx" ON "orders" USING btree ("vendor_id","placed_at","id");--> statement-breakpoint
CREATE INDEX "orders_vendor_status_placed_idx" ON "orders" USING btree ("vendor_id","status","placed_at","id");--> statement-breakpoint
CREATE INDEX "orders_vendor_customer_placed_idx" ON "orders" USING btree ("vendor_id","customer_id","placed_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipping_methods_vendor_id_key" ON "shipping_methods" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE INDEX "shipping_methods_vendor_position_idx" ON "shipping_methods" USING btree ("vendor_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_rates_vendor_id_key" ON "tax_rates" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_rates_vendor_standard_key" ON "tax_rates" USING btree ("vendor_id") WHERE category_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "tax_rates_vendor_category_key" ON "tax_rates" USING btree ("vendor_id","category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_vendor_id_key" ON "customers" USING btree ("vendor_id","id");--> statement-breakpoint
ALTER TABLE "customer_addresses" ADD CONSTRAINT "customer_addresses_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_addresses" ADD CONSTRAINT "customer_addresses_customer_fk" FOREIGN KEY ("vendor_id","customer_id") REFERENCES "public"."customers"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocations" ADD CONSTRAINT "order_allocations_order_fk" FOREIGN KEY ("vendor_id","order_id") REFERENCES "public"."orders"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_counters" ADD CONSTRAINT "order_counters_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_fk" FOREIGN KEY ("vendor_id","order_id") REFERENCES "public"."orders"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_status_history" ADD CONSTRAINT "order_status_history_order_fk" FOREIGN KEY ("vendor_id","order_id") REFERENCES "public"."orders"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_fk" FOREIGN KEY ("vendor_id","customer_id") REFERENCES "public"."customers"("vendor_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping_methods" ADD CONSTRAINT "shipping_methods_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_category_fk" FOREIGN KEY ("vendor_id","category_id") REFERENCES "public"."categories"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "customer_addresses_scope" ON "customer_addresses" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "order_allocations_scope" ON "order_allocations" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "order_counters_scope" ON "order_counters" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "order_items_scope" ON "order_items" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "order_status_history_scope" ON "order_status_history" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "orders_scope" ON "orders" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "shipping_methods_scope" ON "shipping_methods" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "tax_rates_scope" ON "tax_rates" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));