CREATE TABLE "stock_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "stock_alerts_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"vendor_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"threshold" integer NOT NULL,
	"available" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_available" integer,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "stock_alerts_status_check" CHECK ("stock_alerts"."status" in ('open', 'resolved')),
	CONSTRAINT "stock_alerts_resolution_check" CHECK (("stock_alerts"."status" = 'open') = ("stock_alerts"."resolved_at" is null) and ("stock_alerts"."status" = 'open') = ("stock_alerts"."resolved_available" is null))
);
--> statement-breakpoint
ALTER TABLE "stock_alerts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stock_settings" (
	"vendor_id" uuid PRIMARY KEY NOT NULL,
	"low_stock_threshold" integer DEFAULT 5 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_settings_threshold_check" CHECK ("stock_settings"."low_stock_threshold" >= 0 and "stock_settings"."low_stock_threshold" <= 1000000)
);
--> statement-breakpoint
ALTER TABLE "stock_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "stock_alerts" ADD CONSTRAINT "stock_alerts_variant_fk" FOREIGN KEY ("vendor_id","variant_id") REFERENCES "public"."variants"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_settings" ADD CONSTRAINT "stock_settings_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stock_alerts_vendor_id_key" ON "stock_alerts" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_alerts_open_key" ON "stock_alerts" USING btree ("vendor_id","variant_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "stock_alerts_vendor_seq_idx" ON "stock_alerts" USING btree ("vendor_id","seq");--> statement-breakpoint
CREATE INDEX "stock_alerts_vendor_status_seq_idx" ON "stock_alerts" USING btree ("vendor_id","status","seq");--> statement-breakpoint
CREATE POLICY "stock_alerts_scope" ON "stock_alerts" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "stock_settings_scope" ON "stock_settings" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));