ALTER TABLE "stock_settings" ADD COLUMN "cancel_unpaid_after_hours" integer;--> statement-breakpoint
ALTER TABLE "stock_settings" ADD CONSTRAINT "stock_settings_cancel_unpaid_check" CHECK ("stock_settings"."cancel_unpaid_after_hours" is null or "stock_settings"."cancel_unpaid_after_hours" between 1 and 720);
