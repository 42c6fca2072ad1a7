CREATE TABLE "publish_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"select_all" boolean NOT NULL,
	"source" text,
	"group_ids" jsonb,
	"archive_missing" boolean DEFAULT false NOT NULL,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"cursor_source" text,
	"cursor_group_id" text,
	"groups_total" integer DEFAULT 0 NOT NULL,
	"groups_done" integer DEFAULT 0 NOT NULL,
	"products_created" integer DEFAULT 0 NOT NULL,
	"products_updated" integer DEFAULT 0 NOT NULL,
	"products_unchanged" integer DEFAULT 0 NOT NULL,
	"products_archived" integer DEFAULT 0 NOT NULL,
	"variants" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"failures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error_code" text,
	"error_message" text,
	"created_by" uuid,
	"created_by_label" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tuning" jsonb,
	CONSTRAINT "publish_jobs_status_check" CHECK ("publish_jobs"."status" in ('queued', 'running', 'completed', 'failed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "publish_jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "publish_jobs" ADD CONSTRAINT "publish_jobs_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "publish_jobs_vendor_id_key" ON "publish_jobs" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE INDEX "publish_jobs_vendor_created_idx" ON "publish_jobs" USING btree ("vendor_id","created_at","id");--> statement-breakpoint
CREATE POLICY "publish_jobs_scope" ON "publish_jobs" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
-- Hand-written: publish jobs get FORCE row-level security like every tenant table, and the app role's grants.
GRANT SELECT, INSERT, UPDATE, DELETE ON publish_jobs TO vitrine_app;--> statement-breakpoint
ALTER TABLE publish_jobs FORCE ROW LEVEL SECURITY;
