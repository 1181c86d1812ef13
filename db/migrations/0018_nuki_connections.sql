CREATE TABLE "connection_account_users" (
	"connection_id" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"account_user_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connection_account_users_connection_id_customer_id_pk" PRIMARY KEY("connection_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "nuki_connections" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"api_base_url" text DEFAULT 'https://api.nuki.io' NOT NULL,
	"token_enc" text,
	"token_hint" text,
	"requests_per_sec" double precision DEFAULT 1 NOT NULL,
	"burst" integer DEFAULT 10 NOT NULL,
	"webhook_id" bigint,
	"webhook_secret_enc" text,
	"last_ok_at" timestamp with time zone,
	"last_error" text,
	"disabled_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nuki_connections_name_unique" UNIQUE("name")
);
--> statement-breakpoint
-- The env-configured account becomes the "default" connection (its token stays in the environment;
-- the server refreshes its base URL and budget at every start). Every existing door is its.
INSERT INTO "nuki_connections" ("id", "name") VALUES ('default', 'Default account') ON CONFLICT DO NOTHING;--> statement-breakpoint
ALTER TABLE "doors" ADD COLUMN "connection_id" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "connection_account_users" ADD CONSTRAINT "connection_account_users_connection_id_nuki_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."nuki_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_account_users" ADD CONSTRAINT "connection_account_users_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doors" ADD CONSTRAINT "doors_connection_id_nuki_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."nuki_connections"("id") ON DELETE restrict ON UPDATE no action;