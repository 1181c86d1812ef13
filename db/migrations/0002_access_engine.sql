CREATE TYPE "public"."grant_status" AS ENUM('pending', 'applied', 'failed', 'lock_offline', 'removing', 'removed');--> statement-breakpoint
CREATE TYPE "public"."window_kind" AS ENUM('once', 'weekly');--> statement-breakpoint
CREATE TABLE "access_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"door_id" uuid NOT NULL,
	"kind" "window_kind" NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"weekdays" integer,
	"from_minute" integer,
	"until_minute" integer,
	"series_start" date,
	"series_end" date,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_jobs" (
	"name" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL,
	"last_run_by" text NOT NULL,
	"last_report" jsonb
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"door_id" uuid NOT NULL,
	"credential" "credential_kind" NOT NULL,
	"desired" jsonb,
	"desired_version" integer DEFAULT 1 NOT NULL,
	"desired_until" timestamp with time zone,
	"nuki_auth_id" text,
	"observed" jsonb,
	"observed_at" timestamp with time zone,
	"status" "grant_status" DEFAULT 'pending' NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	"last_error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_run_at" timestamp with time zone,
	"sent_version" integer,
	"sent_at" timestamp with time zone,
	"sent_op" text,
	"needs_readback" boolean DEFAULT false NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"code_enc" text,
	"code_hmac" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lock_events" (
	"id" text PRIMARY KEY NOT NULL,
	"door_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" integer NOT NULL,
	"trigger" integer NOT NULL,
	"state" integer NOT NULL,
	"auth_name" text,
	"nuki_auth_id" text,
	"customer_id" uuid,
	"grant_id" uuid
);
--> statement-breakpoint
CREATE TABLE "nuki_webhooks" (
	"id" integer PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"secret_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"feature" text NOT NULL,
	"body" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"error" text,
	CONSTRAINT "webhook_inbox_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "tag" text DEFAULT substr(md5(random()::text), 1, 6) NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "keypad_code_enc" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "nuki_account_user_id" integer;--> statement-breakpoint
ALTER TABLE "doors" ADD COLUMN "foreign_code_hmacs" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "doors" ADD COLUMN "foreign_app_auths" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "access_windows" ADD CONSTRAINT "access_windows_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_windows" ADD CONSTRAINT "access_windows_door_id_doors_id_fk" FOREIGN KEY ("door_id") REFERENCES "public"."doors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_windows" ADD CONSTRAINT "access_windows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_door_id_doors_id_fk" FOREIGN KEY ("door_id") REFERENCES "public"."doors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lock_events" ADD CONSTRAINT "lock_events_door_id_doors_id_fk" FOREIGN KEY ("door_id") REFERENCES "public"."doors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lock_events" ADD CONSTRAINT "lock_events_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lock_events" ADD CONSTRAINT "lock_events_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_windows_door_range" ON "access_windows" USING btree ("door_id","starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "access_windows_customer_door" ON "access_windows" USING btree ("customer_id","door_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grants_customer_door_credential" ON "grants" USING btree ("customer_id","door_id","credential");--> statement-breakpoint
CREATE UNIQUE INDEX "grants_door_code" ON "grants" USING btree ("door_id","code_hmac") WHERE "grants"."code_hmac" is not null;--> statement-breakpoint
CREATE INDEX "grants_due" ON "grants" USING btree ("next_run_at") WHERE "grants"."next_run_at" is not null;--> statement-breakpoint
CREATE INDEX "grants_nuki_auth" ON "grants" USING btree ("nuki_auth_id");--> statement-breakpoint
CREATE INDEX "grants_door" ON "grants" USING btree ("door_id");--> statement-breakpoint
CREATE INDEX "lock_events_door_at" ON "lock_events" USING btree ("door_id","at");--> statement-breakpoint
CREATE INDEX "lock_events_customer_at" ON "lock_events" USING btree ("customer_id","at");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_tag_unique" UNIQUE("tag");