CREATE TABLE "nuki_token_health" (
	"connection" text PRIMARY KEY DEFAULT 'default' NOT NULL,
	"refused_since" timestamp with time zone,
	"last_status" integer,
	"probe_failures" integer DEFAULT 0 NOT NULL,
	"next_probe_at" timestamp with time zone,
	"last_checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recovered_at" timestamp with time zone
);
