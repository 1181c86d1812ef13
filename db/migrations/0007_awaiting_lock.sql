ALTER TYPE "public"."grant_status" ADD VALUE 'awaiting_lock';--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "awaiting_lock_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "nuki_updated_at" timestamp with time zone;--> statement-breakpoint
-- Hand-written: order webhooks by Nuki's own clock from the first delivery after the upgrade.
UPDATE "grants" SET "nuki_updated_at" = ("observed"->>'updateDate')::timestamptz WHERE "observed"->>'updateDate' IS NOT NULL;
