CREATE TYPE "public"."bulk_item_state" AS ENUM('pending', 'created', 'skipped', 'failed');--> statement-breakpoint
CREATE TABLE "bulk_job_items" (
	"job_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"customer_id" uuid NOT NULL,
	"door_id" uuid NOT NULL,
	"state" "bulk_item_state" DEFAULT 'pending' NOT NULL,
	"window_id" uuid,
	"reason" text,
	CONSTRAINT "bulk_job_items_job_id_seq_pk" PRIMARY KEY("job_id","seq")
);
--> statement-breakpoint
CREATE TABLE "bulk_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_by" uuid,
	"actor_label" text NOT NULL,
	"actor_role" "role" NOT NULL,
	"spec" jsonb NOT NULL,
	"total" integer NOT NULL,
	"lease_until" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bulk_job_items" ADD CONSTRAINT "bulk_job_items_job_id_bulk_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."bulk_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_job_items" ADD CONSTRAINT "bulk_job_items_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_job_items" ADD CONSTRAINT "bulk_job_items_door_id_doors_id_fk" FOREIGN KEY ("door_id") REFERENCES "public"."doors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_job_items" ADD CONSTRAINT "bulk_job_items_window_id_access_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."access_windows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_jobs" ADD CONSTRAINT "bulk_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_job_items_job_state" ON "bulk_job_items" USING btree ("job_id","state","seq");