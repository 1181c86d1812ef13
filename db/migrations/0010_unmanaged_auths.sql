CREATE TYPE "public"."unmanaged_auth_state" AS ENUM('unmanaged', 'left_alone', 'adopted');--> statement-breakpoint
CREATE TABLE "unmanaged_auths" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"door_id" uuid NOT NULL,
	"nuki_auth_id" text NOT NULL,
	"lock_auth_id" bigint,
	"name" text NOT NULL,
	"type" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"allowed_from_date" timestamp with time zone,
	"allowed_until_date" timestamp with time zone,
	"allowed_week_days" integer DEFAULT 127 NOT NULL,
	"allowed_from_time" integer DEFAULT 0 NOT NULL,
	"allowed_until_time" integer DEFAULT 0 NOT NULL,
	"account_user_id" bigint,
	"account_user_email" text,
	"code_hmac" text,
	"last_active_at" timestamp with time zone,
	"state" "unmanaged_auth_state" DEFAULT 'unmanaged' NOT NULL,
	"customer_id" uuid,
	"grant_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "unmanaged_auths" ADD CONSTRAINT "unmanaged_auths_door_id_doors_id_fk" FOREIGN KEY ("door_id") REFERENCES "public"."doors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unmanaged_auths" ADD CONSTRAINT "unmanaged_auths_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unmanaged_auths" ADD CONSTRAINT "unmanaged_auths_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unmanaged_auths" ADD CONSTRAINT "unmanaged_auths_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "unmanaged_auths_door_auth" ON "unmanaged_auths" USING btree ("door_id","nuki_auth_id");--> statement-breakpoint
CREATE INDEX "unmanaged_auths_state" ON "unmanaged_auths" USING btree ("state");