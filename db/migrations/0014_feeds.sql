CREATE TYPE "public"."feed_profile" AS ENUM('airbnb', 'booking', 'pms');--> statement-breakpoint
CREATE TYPE "public"."feed_state" AS ENUM('preview', 'active', 'paused', 'held');--> statement-breakpoint
CREATE TABLE "feed_reservations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"feed_id" uuid NOT NULL,
	"uid" text NOT NULL,
	"customer_id" uuid,
	"door_id" uuid,
	"window_id" uuid,
	"window_created" boolean DEFAULT false NOT NULL,
	"guest_name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"needs_handover" boolean DEFAULT false NOT NULL,
	"handed_over_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone NOT NULL,
	"vanished_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"problem" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feed_reservations_feed_uid" UNIQUE("feed_id","uid")
);
--> statement-breakpoint
CREATE TABLE "feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url_enc" text NOT NULL,
	"url_hint" text NOT NULL,
	"door_id" uuid,
	"group_id" uuid,
	"profile" "feed_profile" NOT NULL,
	"stay_pattern" text,
	"block_pattern" text,
	"check_in_minutes" integer,
	"check_out_minutes" integer,
	"grace_before_minutes" integer DEFAULT 0 NOT NULL,
	"grace_after_minutes" integer DEFAULT 0 NOT NULL,
	"interval_minutes" integer DEFAULT 15 NOT NULL,
	"vanish_grace_minutes" integer DEFAULT 180 NOT NULL,
	"disappearance_threshold" integer DEFAULT 30 NOT NULL,
	"state" "feed_state" DEFAULT 'preview' NOT NULL,
	"held" jsonb,
	"etag" text,
	"last_modified" text,
	"last_polled_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"last_report" jsonb,
	"failures" integer DEFAULT 0 NOT NULL,
	"next_poll_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"lease_by" text,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feeds_name_unique" UNIQUE("name"),
	CONSTRAINT "feeds_one_target" CHECK (("feeds"."door_id" is null) <> ("feeds"."group_id" is null))
);
--> statement-breakpoint
ALTER TABLE "feed_reservations" ADD CONSTRAINT "feed_reservations_feed_id_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "public"."feeds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_reservations" ADD CONSTRAINT "feed_reservations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_reservations" ADD CONSTRAINT "feed_reservations_door_id_doors_id_fk" FOREIGN KEY ("door_id") REFERENCES "public"."doors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_reservations" ADD CONSTRAINT "feed_reservations_window_id_access_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."access_windows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feeds" ADD CONSTRAINT "feeds_door_id_doors_id_fk" FOREIGN KEY ("door_id") REFERENCES "public"."doors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feeds" ADD CONSTRAINT "feeds_group_id_door_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."door_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feeds" ADD CONSTRAINT "feeds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feed_reservations_window" ON "feed_reservations" USING btree ("window_id");--> statement-breakpoint
CREATE INDEX "feeds_due" ON "feeds" USING btree ("state","next_poll_at");