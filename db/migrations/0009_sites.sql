CREATE TABLE "door_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "door_groups_site_name" UNIQUE("site_id","name")
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"check_in_minutes" integer DEFAULT 900 NOT NULL,
	"check_out_minutes" integer DEFAULT 660 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sites_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "doors" ADD COLUMN "site_id" uuid;--> statement-breakpoint
ALTER TABLE "doors" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "doors" ADD COLUMN "device_type" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "doors" ADD COLUMN "nuki_name" text;--> statement-breakpoint
ALTER TABLE "doors" ADD COLUMN "lock_time_zone" text;--> statement-breakpoint
ALTER TABLE "doors" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "doors" ADD COLUMN "archived_reason" text;--> statement-breakpoint
ALTER TABLE "door_groups" ADD CONSTRAINT "door_groups_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doors" ADD CONSTRAINT "doors_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doors" ADD CONSTRAINT "doors_group_id_door_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."door_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Hand-written backfill: an upgraded building keeps scheduling exactly as before. Its doors become
-- one site per zone they already used, and the free-text door groups become door_groups rows.
INSERT INTO "sites" ("name", "time_zone")
  SELECT CASE WHEN count(*) OVER () = 1 THEN 'Main building' ELSE 'Building (' || z."time_zone" || ')' END, z."time_zone"
  FROM (SELECT DISTINCT "time_zone" FROM "doors") z;--> statement-breakpoint
UPDATE "doors" SET "site_id" = s."id" FROM "sites" s WHERE s."time_zone" = "doors"."time_zone";--> statement-breakpoint
INSERT INTO "door_groups" ("site_id", "name")
  SELECT DISTINCT "site_id", "group_name" FROM "doors" WHERE "group_name" IS NOT NULL AND "site_id" IS NOT NULL;--> statement-breakpoint
UPDATE "doors" SET "group_id" = g."id" FROM "door_groups" g WHERE g."site_id" = "doors"."site_id" AND g."name" = "doors"."group_name";
