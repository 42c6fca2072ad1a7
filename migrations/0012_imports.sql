CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"source" text NOT NULL,
	"format" text,
	"dialect" jsonb,
	"file_name" text DEFAULT '' NOT NULL,
	"file_key" text NOT NULL,
	"file_url" text,
	"bytes_total" bigint,
	"status" text DEFAULT 'queued' NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"checkpoint_offset" bigint DEFAULT 0 NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_valid" integer DEFAULT 0 NOT NULL,
	"rows_failed" integer DEFAULT 0 NOT NULL,
	"new_count" integer DEFAULT 0 NOT NULL,
	"changed_count" integer DEFAULT 0 NOT NULL,
	"unchanged_count" integer DEFAULT 0 NOT NULL,
	"missing_count" integer DEFAULT 0 NOT NULL,
	"published_count" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error_message" text,
	"created_by" uuid,
	"created_by_label" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_jobs_status_check" CHECK ("import_jobs"."status" in ('queued', 'running', 'completed', 'failed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "import_jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "import_row_errors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"vendor_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"external_id" text,
	"column_name" text,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"value" text
);
--> statement-breakpoint
ALTER TABLE "import_row_errors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "staged_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"group_id" text NOT NULL,
	"line" integer NOT NULL,
	"data" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"diff_status" text NOT NULL,
	"changed_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"last_job_id" uuid NOT NULL,
	"product_id" uuid,
	"variant_id" uuid,
	"published_hash" text,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staged_products_diff_status_check" CHECK ("staged_products"."diff_status" in ('new', 'changed', 'unchanged', 'missing'))
);
--> statement-breakpoint
ALTER TABLE "staged_products" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "import_jobs_vendor_id_key" ON "import_jobs" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "staged_products_vendor_id_key" ON "staged_products" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "staged_products_vendor_source_external_key" ON "staged_products" USING btree ("vendor_id","source","external_id");--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_row_errors" ADD CONSTRAINT "import_row_errors_job_fk" FOREIGN KEY ("vendor_id","job_id") REFERENCES "public"."import_jobs"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staged_products" ADD CONSTRAINT "staged_products_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_jobs_vendor_created_idx" ON "import_jobs" USING btree ("vendor_id","created_at","id");--> statement-breakpoint
CREATE INDEX "import_jobs_created_idx" ON "import_jobs" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "import_row_errors_vendor_job_idx" ON "import_row_errors" USING btree ("vendor_id","job_id","line","id");--> statement-breakpoint
CREATE INDEX "staged_products_vendor_status_idx" ON "staged_products" USING btree ("vendor_id","source","diff_status","group_id");--> statement-breakpoint
CREATE INDEX "staged_products_vendor_group_idx" ON "staged_products" USING btree ("vendor_id","source","group_id");--> statement-breakpoint
CREATE INDEX "staged_products_vendor_job_idx" ON "staged_products" USING btree ("vendor_id","last_job_id");--> statement-breakpoint
CREATE POLICY "import_jobs_scope" ON "import_jobs" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "import_row_errors_scope" ON "import_row_errors" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "staged_products_scope" ON "staged_products" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));