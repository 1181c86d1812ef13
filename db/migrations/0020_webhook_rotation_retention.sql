ALTER TABLE "retention_settings" ADD COLUMN "webhook_deliveries_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "retention_settings" ADD COLUMN "api_usage_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "retention_settings" ADD COLUMN "bulk_jobs_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "previous_secret_enc" text;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "previous_secret_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "secret_rotated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_webhook_deliveries_days" CHECK ("retention_settings"."webhook_deliveries_days" between 2 and 3650);--> statement-breakpoint
ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_api_usage_days" CHECK ("retention_settings"."api_usage_days" between 2 and 3650);--> statement-breakpoint
ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_bulk_jobs_days" CHECK ("retention_settings"."bulk_jobs_days" between 7 and 3650);