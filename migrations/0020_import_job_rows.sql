CREATE TABLE "import_job_rows" (
	"vendor_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"group_id" text NOT NULL,
	"line" integer NOT NULL,
	"data" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"diff_status" text,
	"changed_fields" text[],
	CONSTRAINT "import_job_rows_pkey" PRIMARY KEY("vendor_id","job_id","external_id")
);
--> statement-breakpoint
ALTER TABLE "import_job_rows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "parsed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "tuning" jsonb;--> statement-breakpoint
ALTER TABLE "import_job_rows" ADD CONSTRAINT "import_job_rows_job_fk" FOREIGN KEY ("vendor_id","job_id") REFERENCES "public"."import_jobs"("vendor_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "import_job_rows_scope" ON "import_job_rows" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));