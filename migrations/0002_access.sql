CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "memberships" (
	"vendor_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_vendor_id_user_id_pk" PRIMARY KEY("vendor_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"audience" text NOT NULL,
	"vendor_id" uuid,
	"subject_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"rotated_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"is_platform_admin" boolean DEFAULT false NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "vendors" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_vendor_idx" ON "api_keys" USING btree ("vendor_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_vendor_email_key" ON "customers" USING btree ("vendor_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_vendor_idx" ON "invitations" USING btree ("vendor_id","created_at");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_family_idx" ON "sessions" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "sessions_vendor_subject_idx" ON "sessions" USING btree ("vendor_id","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE POLICY "api_keys_scope" ON "api_keys" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "customers_scope" ON "customers" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "invitations_scope" ON "invitations" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "memberships_scope" ON "memberships" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "sessions_scope" ON "sessions" AS PERMISSIVE FOR ALL TO public USING ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on'))) WITH CHECK ((vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid) or (select coalesce(current_setting('app.platform', true), '') = 'on')));--> statement-breakpoint
CREATE POLICY "users_read" ON "users" AS PERMISSIVE FOR SELECT TO public USING (((select coalesce(current_setting('app.platform', true), '') = 'on') or exists (select 1 from memberships m where m.user_id = users.id and m.vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid))));--> statement-breakpoint
CREATE POLICY "users_insert" ON "users" AS PERMISSIVE FOR INSERT TO public WITH CHECK ((select coalesce(current_setting('app.platform', true), '') = 'on'));--> statement-breakpoint
CREATE POLICY "users_update" ON "users" AS PERMISSIVE FOR UPDATE TO public USING ((select coalesce(current_setting('app.platform', true), '') = 'on')) WITH CHECK ((select coalesce(current_setting('app.platform', true), '') = 'on'));--> statement-breakpoint
CREATE POLICY "users_delete" ON "users" AS PERMISSIVE FOR DELETE TO public USING ((select coalesce(current_setting('app.platform', true), '') = 'on'));