CREATE TABLE "retention_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"lock_events_days" integer DEFAULT 365 NOT NULL,
	"webhook_inbox_days" integer DEFAULT 30 NOT NULL,
	"login_attempts_days" integer DEFAULT 90 NOT NULL,
	"outbox_days" integer DEFAULT 90 NOT NULL,
	"login_links_days" integer DEFAULT 30 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "retention_settings_single_row" CHECK ("retention_settings"."id" = 1),
	CONSTRAINT "retention_lock_events_days" CHECK ("retention_settings"."lock_events_days" between 7 and 3650),
	CONSTRAINT "retention_webhook_inbox_days" CHECK ("retention_settings"."webhook_inbox_days" between 7 and 3650),
	CONSTRAINT "retention_login_attempts_days" CHECK ("retention_settings"."login_attempts_days" between 2 and 3650),
	CONSTRAINT "retention_outbox_days" CHECK ("retention_settings"."outbox_days" between 7 and 3650),
	CONSTRAINT "retention_login_links_days" CHECK ("retention_settings"."login_links_days" between 2 and 3650)
);
--> statement-breakpoint
ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Hand-written: the one settings row with its defaults, so the job and the page never meet an empty table.
INSERT INTO "retention_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;
