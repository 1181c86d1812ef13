import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findLongLocks } from "./migration-lint";
import { MIGRATIONS_FOLDER } from "./migrate";

/**
 * Exceptions, keyed by the migration's name without its number (the lead renumbers at merge time)
 * and the start of the statement. Each one says why the lock is acceptable.
 */
const ALLOWED: { migration: string; statement: string; why: string }[] = [
  {
    migration: "access_engine",
    statement: 'ALTER TABLE "customers" ADD COLUMN "tag" text DEFAULT substr(md5(random()::text)',
    why: "Shipped before any installation held data (the demo seed ran after it); each customer needs a distinct random tag, which only a volatile default gives in one statement.",
  },
  {
    migration: "access_engine",
    statement: 'ALTER TABLE "customers" ADD CONSTRAINT "customers_tag_unique" UNIQUE("tag")',
    why: "Same release as the column above: the table was empty or demo-sized when it ran.",
  },
  {
    migration: "window_kind_checks",
    statement: 'ALTER TABLE "access_windows" ADD CONSTRAINT "access_windows_once_shape" CHECK',
    why: "access_windows holds thousands of rows per building, not millions: the one scan under the lock takes milliseconds, and NOT VALID + VALIDATE would need a second migration for no gain at this size.",
  },
  {
    migration: "window_kind_checks",
    statement: 'ALTER TABLE "access_windows" ADD CONSTRAINT "access_windows_weekly_shape" CHECK',
    why: "Same table and reason as the CHECK above, in the same migration.",
  },
  {
    migration: "awaiting_lock",
    statement: 'UPDATE "grants" SET "nuki_updated_at"',
    why: "One row per customer and door (a 500-door building holds tens of thousands, not millions); the backfill only copies a timestamp out of the same row's JSON, so the rewrite takes well under a second, and without it the first webhook after the upgrade would be ordered against Portier's clock.",
  },
  {
    migration: "sites",
    statement: 'ALTER TABLE "doors" ADD CONSTRAINT "doors_site_id_sites_id_fk" FOREIGN KEY',
    why: "doors holds one row per lock (hundreds, not millions) and the column was added empty in this migration, so the validating scan is instant.",
  },
  {
    migration: "sites",
    statement: 'ALTER TABLE "doors" ADD CONSTRAINT "doors_group_id_door_groups_id_fk" FOREIGN KEY',
    why: "Same table and reason as the site foreign key above, in the same migration.",
  },
  {
    migration: "sites",
    statement: 'UPDATE "doors" SET "site_id"',
    why: "Backfill on the doors table (one row per lock): puts every existing door in the site of its own zone so an upgraded building keeps scheduling as before.",
  },
  {
    migration: "sites",
    statement: 'UPDATE "doors" SET "group_id"',
    why: "Same backfill, same small table: the free-text door groups become door_groups rows.",
  },
  {
    migration: "nuki_connections",
    statement: 'ALTER TABLE "doors" ADD CONSTRAINT "doors_connection_id_nuki_connections_id_fk" FOREIGN KEY',
    why: "doors holds one row per lock (hundreds, not millions) and every row got the constant 'default' in this migration, whose row is inserted just before: the validating scan is instant.",
  },
  {
    migration: "window_period_index",
    statement: 'CREATE INDEX IF NOT EXISTS "access_windows_period" ON "access_windows" USING gist',
    why: "access_windows holds about 100,000 rows for a 300-door building's year: the build takes about a second (measured with npm run seed:large), writes wait that long once; a bigger installation builds it CONCURRENTLY by hand first, which IF NOT EXISTS then skips.",
  },
  {
    migration: "webhook_rotation_retention",
    statement: 'ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_webhook_deliveries_days" CHECK',
    why: "retention_settings holds exactly one row (the admin's settings): the validating scan reads that row.",
  },
  {
    migration: "webhook_rotation_retention",
    statement: 'ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_api_usage_days" CHECK',
    why: "Same one-row table as the CHECK above, in the same migration.",
  },
  {
    migration: "webhook_rotation_retention",
    statement: 'ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_bulk_jobs_days" CHECK',
    why: "Same one-row table as the CHECK above, in the same migration.",
  },
];

const migrations = readdirSync(MIGRATIONS_FOLDER)
  .filter((f) => f.endsWith(".sql"))
  .sort();
const nameOf = (file: string) => file.replace(/^\d+_/, "").replace(/\.sql$/, "");

describe("migrations take no long locks on tables that hold data", () => {
  const used = new Set<(typeof ALLOWED)[number]>();
  for (const file of migrations) {
    it(file, () => {
      const findings = findLongLocks(readFileSync(path.join(MIGRATIONS_FOLDER, file), "utf8")).filter((f) => {
        const allowed = ALLOWED.find((a) => a.migration === nameOf(file) && f.statement.startsWith(a.statement));
        if (allowed) used.add(allowed);
        return !allowed;
      });
      expect(
        findings.map((f) => `${f.table}: ${f.rule}\n    ${f.statement.slice(0, 160)}`),
        "Do the slow part out of band (CREATE INDEX CONCURRENTLY, NOT VALID + VALIDATE, backfill in batches) or add an ALLOWED entry saying why this table is small enough",
      ).toEqual([]);
    });
  }
  it("keeps no stale or unexplained exception", () => {
    expect([...used].length).toBe(ALLOWED.length);
    for (const a of ALLOWED) expect(a.why.length).toBeGreaterThan(20);
  });
});

describe("the check itself", () => {
  const existing = (s: string) => findLongLocks(s).map((f) => f.rule.split(" ").slice(0, 3).join(" "));
  it("flags each long-lock statement on an existing table", () => {
    expect(existing('ALTER TABLE "grants" ADD COLUMN "x" uuid DEFAULT gen_random_uuid() NOT NULL;')).toEqual([
      "ADD COLUMN with",
    ]);
    expect(existing('ALTER TABLE "grants" ADD COLUMN "x" integer NOT NULL;')).toEqual(["ADD COLUMN …"]);
    expect(existing('ALTER TABLE "grants" ALTER COLUMN "x" SET NOT NULL;')).toEqual(["SET NOT NULL"]);
    expect(existing('ALTER TABLE "grants" ALTER COLUMN "x" SET DATA TYPE bigint;')).toEqual(["changing a column's"]);
    expect(existing('CREATE INDEX "i" ON "lock_events" USING btree ("at");')).toEqual(["CREATE INDEX without"]);
    expect(existing('CREATE UNIQUE INDEX "i" ON "grants" ("x");')).toEqual(["CREATE INDEX without"]);
    expect(
      existing('ALTER TABLE "grants" ADD CONSTRAINT "f" FOREIGN KEY ("door_id") REFERENCES "public"."doors"("id");'),
    ).toEqual(["adding a FOREIGN"]);
    expect(existing('ALTER TABLE "grants" ADD CONSTRAINT "c" CHECK (x > 0);')).toEqual(["adding a FOREIGN"]);
    expect(existing('ALTER TABLE "grants" ADD CONSTRAINT "u" UNIQUE("x");')).toEqual(["adding a UNIQUE"]);
    expect(existing("UPDATE grants SET x = 1;")).toEqual(["a whole-table UPDATE/DELETE"]);
  });
  it("lets the safe forms through", () => {
    expect(existing('ALTER TABLE "grants" ADD COLUMN "x" boolean DEFAULT false NOT NULL;')).toEqual([]);
    expect(existing('ALTER TABLE "grants" ADD COLUMN "x" timestamptz DEFAULT now();')).toEqual([]);
    expect(existing('ALTER TABLE "grants" ADD COLUMN "x" text;')).toEqual([]);
    expect(existing('CREATE INDEX CONCURRENTLY "i" ON "grants" ("x");')).toEqual([]);
    expect(existing('ALTER TABLE "grants" ADD CONSTRAINT "c" CHECK (x > 0) NOT VALID;')).toEqual([]);
    // A table created by the same migration is empty.
    expect(
      existing(
        'CREATE TABLE "t" ("x" int);\n--> statement-breakpoint\nCREATE INDEX "i" ON "t" ("x");--> statement-breakpoint\nALTER TABLE "t" ADD CONSTRAINT "c" CHECK (x > 0);',
      ),
    ).toEqual([]);
  });
});
