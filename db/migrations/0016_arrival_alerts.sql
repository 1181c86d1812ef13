CREATE TABLE "arrival_alerts" (
	"window_id" uuid NOT NULL,
	"occurrence_start" timestamp with time zone NOT NULL,
	"reasons" text NOT NULL,
	"alerted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "arrival_alerts_window_id_occurrence_start_pk" PRIMARY KEY("window_id","occurrence_start")
);
--> statement-breakpoint
ALTER TABLE "doors" ADD COLUMN "keypad_battery_critical" boolean;--> statement-breakpoint
ALTER TABLE "arrival_alerts" ADD CONSTRAINT "arrival_alerts_window_id_access_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."access_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "arrival_alerts_start" ON "arrival_alerts" USING btree ("occurrence_start");