CREATE TABLE "dead_letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consumer" text NOT NULL,
	"message_id" text NOT NULL,
	"vendor_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"error" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dead_letters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "outbox" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"topic" text NOT NULL,
	"vendor_id" uuid NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	CONSTRAINT "outbox_id_unique" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "outbox" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "processed_messages" (
	"consumer" text NOT NULL,
	"message_id" text NOT NULL,
	"vendor_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_messages_consumer_message_id_pk" PRIMARY KEY("consumer","message_id")
);
--> statement-breakpoint
ALTER TABLE "processed_messages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "vendor_domains" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vendor_domains" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "vendors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"theme" jsonb DEFAULT '{"primary":"#1f4fd1","accent":"#f59e0b","logoUrl":null}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "vendors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "vendor_domains" ADD CONSTRAINT "vendor_domains_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dead_letters_vendor_idx" ON "dead_letters" USING btree ("vendor_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_vendor_idx" ON "outbox" USING btree ("vendor_id","seq");--> statement-breakpoint
CREATE INDEX "processed_messages_vendor_idx" ON "processed_messages" USING btree ("vendor_id","processed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_domains_domain_key" ON "vendor_domains" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "vendor_domains_vendor_idx" ON "vendor_domains" USING btree ("vendor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vendors_slug_key" ON "vendors" USING btree ("slug");--> statement-breakpoint
CREATE POLICY "dead_letters_scope" ON "dead_letters" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "outbox_scope" ON "outbox" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "processed_messages_scope" ON "processed_messages" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "vendor_domains_scope" ON "vendor_domains" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "vendors_scope" ON "vendors" AS PERMISSIVE FOR ALL TO public USING ((id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));