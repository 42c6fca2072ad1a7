CREATE TABLE "pricing_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"direction" text NOT NULL,
	"basis" text DEFAULT 'base' NOT NULL,
	"value" numeric(14, 2) NOT NULL,
	"scope" text DEFAULT 'all' NOT NULL,
	"scope_value" text,
	"rounding" text DEFAULT 'none' NOT NULL,
	"min_margin_percent" numeric(7, 2),
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"priority" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pricing_rules_kind_check" CHECK ("pricing_rules"."kind" in ('percent', 'fixed')),
	CONSTRAINT "pricing_rules_direction_check" CHECK ("pricing_rules"."direction" in ('markup', 'markdown')),
	CONSTRAINT "pricing_rules_basis_check" CHECK ("pricing_rules"."basis" in ('base', 'cost')),
	CONSTRAINT "pricing_rules_scope_check" CHECK ("pricing_rules"."scope" in ('all', 'category', 'brand', 'source')),
	CONSTRAINT "pricing_rules_rounding_check" CHECK ("pricing_rules"."rounding" in ('none', '99', '95', '00')),
	CONSTRAINT "pricing_rules_value_check" CHECK ("pricing_rules"."value" >= 0),
	CONSTRAINT "pricing_rules_window_check" CHECK ("pricing_rules"."starts_at" is null or "pricing_rules"."ends_at" is null or "pricing_rules"."starts_at" < "pricing_rules"."ends_at")
);
--> statement-breakpoint
ALTER TABLE "pricing_rules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "base_price_minor" bigint;--> statement-breakpoint
-- Hand-edited: existing variants keep their price as the base (variants has FORCE RLS, so the owner sees every vendor's rows only in the platform scope).
SELECT set_config('app.platform', 'on', true);--> statement-breakpoint
UPDATE "variants" SET "base_price_minor" = "price_minor";--> statement-breakpoint
SELECT set_config('app.platform', '', true);--> statement-breakpoint
ALTER TABLE "variants" ALTER COLUMN "base_price_minor" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "price_rule_id" uuid;--> statement-breakpoint
ALTER TABLE "pricing_rules" ADD CONSTRAINT "pricing_rules_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pricing_rules_vendor_id_key" ON "pricing_rules" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE INDEX "pricing_rules_vendor_priority_idx" ON "pricing_rules" USING btree ("vendor_id","priority","created_at");--> statement-breakpoint
CREATE INDEX "variants_vendor_price_rule_idx" ON "variants" USING btree ("vendor_id","price_rule_id");--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_base_price_check" CHECK ("variants"."base_price_minor" >= 0);--> statement-breakpoint
CREATE POLICY "pricing_rules_scope_policy" ON "pricing_rules" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));