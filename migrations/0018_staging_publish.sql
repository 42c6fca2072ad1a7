ALTER TABLE "staged_products" ADD COLUMN "previous_data" jsonb;--> statement-breakpoint
ALTER TABLE "staged_products" ADD COLUMN "published_data" jsonb;