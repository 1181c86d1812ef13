import "server-only";
import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, doors } from "@/db/schema";
import { windowOccurrences } from "../compiler/occurrences";
import { specOf } from "../windows/window-row";

/** How far ahead an offline lock counts as threatening an arrival (the at-risk list's horizon). */
export const ARRIVAL_HORIZON_MS = 24 * 3_600_000;

/** Statuses whose grant is not yet what the lock holds: the desk's "still on its way". */
export const UNCONFIRMED_STATUSES = ["pending", "awaiting_lock", "lock_offline", "removing", "failed"] as const;

export type OperationsGauges = {
  grantsByStatus: { status: string; n: number }[];
  oldestUnconfirmed: { doorGroup: string; ageSeconds: number }[];
  outboxBacklog: number;
  offlineLocks: number;
  /** Arrivals (an occurrence starting within ARRIVAL_HORIZON_MS) on a door whose lock is offline. */
  arrivalsOnOfflineLocks: number;
};

/**
 * What the metrics endpoint reads from Postgres at scrape time. Not scoped to an actor: it is
 * served only to the metrics token (or on the worker's metrics port), and it holds counts and ages,
 * never a name. Three small aggregate queries; the grants ones use the status index.
 */
export async function operationsGauges(db: DbOrTx, now = Date.now()): Promise<OperationsGauges> {
  const byStatus = await db.execute<{ status: string; n: number }>(
    sql`select status::text as status, count(*)::int as n from grants group by status`,
  );
  const oldest = await db.execute<{ door_group: string; age: number }>(sql`
    select coalesce(g.name, 'ungrouped') as door_group,
           extract(epoch from (to_timestamp(${now / 1000}) - min(gr.status_changed_at)))::float8 as age
    from grants gr
    join doors d on d.id = gr.door_id
    left join door_groups g on g.id = d.group_id
    where gr.status::text in (${sql.join(
      UNCONFIRMED_STATUSES.map((s) => sql`${s}`),
      sql`, `,
    )})
    group by 1`);
  const [outbox] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from outbox where sent_at is null`))
    .rows;
  const [offline] = (
    await db.execute<{ n: number }>(
      sql`select count(*)::int as n from doors where online = false and archived_at is null`,
    )
  ).rows;
  return {
    arrivalsOnOfflineLocks: await arrivalsOnOfflineLocks(db, now),
    grantsByStatus: byStatus.rows,
    oldestUnconfirmed: oldest.rows.map((r) => ({ doorGroup: r.door_group, ageSeconds: Math.max(0, r.age) })),
    outboxBacklog: outbox?.n ?? 0,
    offlineLocks: offline?.n ?? 0,
  };
}

/** Few doors are offline at once, so their windows in the horizon are read and expanded here. */
async function arrivalsOnOfflineLocks(db: DbOrTx, now: number): Promise<number> {
  const rows = await db
    .select({ w: accessWindows, timeZone: doors.timeZone })
    .from(accessWindows)
    .innerJoin(doors, eq(doors.id, accessWindows.doorId))
    .where(
      and(
        eq(doors.online, false),
        isNull(doors.archivedAt),
        lt(accessWindows.startsAt, new Date(now + ARRIVAL_HORIZON_MS)),
        or(isNull(accessWindows.endsAt), gt(accessWindows.endsAt, new Date(now))),
      ),
    );
  return rows.filter((r) =>
    windowOccurrences(specOf(r.w), r.timeZone, now, now + ARRIVAL_HORIZON_MS).some((o) => o.start >= now),
  ).length;
}
