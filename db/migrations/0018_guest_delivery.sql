CREATE TABLE "guest_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"anchor_window_id" uuid NOT NULL,
	"arrival_at" timestamp with time zone NOT NULL,
	"fingerprint" text,
	"revision" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"held_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guest_deliveries_customer_anchor" UNIQUE("customer_id","anchor_window_id")
);
--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "delivery_lead_minutes" integer DEFAULT 2880 NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "delivery_deadline_minutes" integer DEFAULT 120 NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "message_subject" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "message_text" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "message_html" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "desk_contact" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "html" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "code_customer_id" uuid;--> statement-breakpoint
ALTER TABLE "guest_deliveries" ADD CONSTRAINT "guest_deliveries_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guest_deliveries" ADD CONSTRAINT "guest_deliveries_anchor_window_id_access_windows_id_fk" FOREIGN KEY ("anchor_window_id") REFERENCES "public"."access_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "guest_deliveries_arrival" ON "guest_deliveries" USING btree ("arrival_at");