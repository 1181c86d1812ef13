// `npm run seed:large [-- --force] [--focus YYYY-MM-DD]`
// Seeds the large building (db/large-building.ts: 3 sites, 340 doors, 5,000 customers, 100,000 windows
// over a year, grants in mixed states) into the configured database — embedded in DATA_DIR, or
// DATABASE_URL — for trying the timeline, Today and the resync at scale. Refuses a database that
// already holds doors, customers or windows unless --force, which replaces an earlier large building
// and leaves everything else alone. The dense fortnight starts on --focus (default: this week's
// Monday in Tower's zone), so /timeline opens on a crowded week.
import { parseArgs } from "node:util";
import { connect } from "@/db/client";
import { LARGE_SITE_NAMES, removeLargeBuilding, seedLargeBuilding } from "@/db/large-building";
import { runMigrations } from "@/db/migrate";
import { openToolDatabase } from "@/db/tool-database";
import { addDays, localDateOf, parseLocalDate, weekdayOf, zonedInstant } from "@/lib/time/zoned-time";

const TOWER_ZONE = "Europe/Berlin";

const { values } = parseArgs({
  options: { force: { type: "boolean", default: false }, focus: { type: "string" } },
});

function focusDay() {
  if (values.focus) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.focus)) throw new Error("--focus must be a date: YYYY-MM-DD.");
    return parseLocalDate(values.focus);
  }
  const today = localDateOf(Date.now(), TOWER_ZONE);
  return addDays(today, -weekdayOf(today)); // weekdayOf: Monday = 0
}

async function main() {
  const focus = new Date(zonedInstant(focusDay(), 0, TOWER_ZONE));
  const tool = await openToolDatabase();
  const handle = connect(tool.url, 2);
  try {
    await runMigrations(handle.db);
    const { rows } = await handle.pool.query<{ doors: number; customers: number; windows: number }>(
      `select (select count(*)::int from doors) doors, (select count(*)::int from customers) customers,
              (select count(*)::int from access_windows) windows`,
    );
    const before = rows[0]!;
    if (before.doors + before.customers + before.windows > 0 && !values.force) {
      console.error(
        `[seed:large] the ${tool.mode} database is not empty (${before.doors} doors, ${before.customers} customers, ${before.windows} windows).\n` +
          "             Nothing was written. `npm run seed:large -- --force` adds the large building anyway\n" +
          `             (replacing an earlier one: sites ${LARGE_SITE_NAMES.join(", ")} and customers @bench.test).`,
      );
      process.exitCode = 2;
      return;
    }
    const t0 = performance.now();
    const client = await handle.pool.connect();
    try {
      // All or nothing: a failed run leaves the database as it was.
      await client.query("begin");
      if (values.force) await removeLargeBuilding(client);
      await seedLargeBuilding(client, { focus });
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
    const made = (
      await handle.pool.query(
        `select (select count(*)::int from sites where name = any($1::text[])) sites,
                (select count(*)::int from doors d join sites s on s.id = d.site_id where s.name = any($1::text[])) doors,
                (select count(*)::int from door_groups g join sites s on s.id = g.site_id where s.name = any($1::text[])) groups,
                (select count(*)::int from customers where email like '%@bench.test') customers,
                (select count(*)::int from access_windows w join customers c on c.id = w.customer_id where c.email like '%@bench.test') windows,
                (select count(*)::int from access_windows w join customers c on c.id = w.customer_id where c.email like '%@bench.test' and w.kind = 'weekly') weekly,
                (select json_object_agg(status, n) from (select g.status, count(*)::int n from grants g join customers c on c.id = g.customer_id
                   where c.email like '%@bench.test' group by g.status) x) grants`,
        [[...LARGE_SITE_NAMES]],
      )
    ).rows[0];
    console.log(
      `[seed:large] ${tool.mode} database: ${made.sites} sites, ${made.doors} doors in ${made.groups} groups, ${made.customers} customers, ` +
        `${made.windows} windows (${made.weekly} weekly), grants ${JSON.stringify(made.grants)}`,
    );
    console.log(
      `[seed:large] dense fortnight on Tower from ${focus.toISOString()} — done in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } finally {
    await handle.pool.end();
    await tool.stop();
  }
}

main().catch((error) => {
  console.error("[seed:large] failed:", (error as Error).message);
  process.exit(1);
});
