import "server-only";
import { type AnyColumn, and, asc, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, doors, grants, type AccessWindow } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import { SYNC_WORDS, type SyncState } from "@/lib/model/sync-state";
import { compileSchedule } from "../compiler/compile";
import { specOf } from "../windows/window-row";
import { arr } from "../reconciler/sql-array";
import { type Page, type PageQuery, type WindowFilter, windowConditions } from "./pages";

/**
 * Per window: does the lock really hold it? The same truth the calendar shows (a grant's status,
 * "scheduled" for a later state of a rotating schedule), with the words staff read and, when
 * something went wrong, the reason. An integrator polls this (or one window's) after a write.
 */
export type WindowStatus = {
  windowId: string;
  version: number;
  customerId: string;
  doorId: string;
  state: SyncState;
  label: string;
  explanation: string;
  reason: string | null;
  since: string;
  lockOnline: boolean;
  lockOfflineSince: string | null;
  credential: "keypad" | "app" | null;
};

type Row = { w: AccessWindow; timeZone: string; online: boolean; offlineSince: Date | null; pairWindows: number };

async function statusesOf(db: DbOrTx, rows: Row[], now: number): Promise<WindowStatus[]> {
  if (rows.length === 0) return [];
  const key = (c: string, d: string) => `${c}:${d}`;
  // Only the pairs on this page (not every customer × every door of it): one array of each side, zipped.
  const pairs = [...new Map(rows.map((r) => [key(r.w.customerId, r.w.doorId), r.w])).values()];
  const inPairs = (c: AnyColumn, d: AnyColumn, of: AccessWindow[]) =>
    sql`(${c}, ${d}) in (select * from unnest(${arr(of.map((w) => w.customerId))}::uuid[], ${arr(of.map((w) => w.doorId))}::uuid[]))`;
  const grantRows = await db
    .select()
    .from(grants)
    .where(inPairs(grants.customerId, grants.doorId, pairs));
  const grantByPair = new Map(
    grantRows.filter((g) => g.desired || g.status !== "removed").map((g) => [key(g.customerId, g.doorId), g]),
  );
  // A pair with several windows may rotate: only the windows of the lock's current state are "on it".
  // All of the pair's windows count (not only those on this page), so the answer never depends on
  // paging; one query reads them for the page's pairs that have more than one window.
  const rotating = rows.filter((r) => r.pairWindows > 1).map((r) => r.w);
  const siblings = rotating.length
    ? await db
        .select()
        .from(accessWindows)
        .where(inPairs(accessWindows.customerId, accessWindows.doorId, rotating))
    : [];
  const byPair = new Map<string, AccessWindow[]>();
  for (const w of siblings) {
    const k = key(w.customerId, w.doorId);
    byPair.set(k, [...(byPair.get(k) ?? []), w]);
  }
  const zoneOf = new Map(rows.map((r) => [r.w.doorId, r.timeZone]));
  const current = new Map<string, Set<string>>();
  for (const [k, all] of byPair) {
    if (all.length < 2) continue;
    const compiled = compileSchedule({
      windows: all.map((w) => specOf(w)),
      timeZone: zoneOf.get(all[0]!.doorId)!,
      now,
    });
    current.set(k, new Set(compiled.currentSegment?.windowIds ?? []));
  }
  return rows.map((r) => {
    const k = key(r.w.customerId, r.w.doorId);
    const g = grantByPair.get(k);
    const rotatingLater = current.has(k) && !current.get(k)!.has(r.w.id);
    const state: SyncState = !g ? "pending" : rotatingLater && g.status === "applied" ? "scheduled" : g.status;
    return {
      windowId: r.w.id,
      version: r.w.version,
      customerId: r.w.customerId,
      doorId: r.w.doorId,
      state,
      label: SYNC_WORDS[state].label,
      explanation: SYNC_WORDS[state].explain,
      reason: g?.lastError ?? null,
      since: (g?.statusChangedAt ?? r.w.updatedAt).toISOString(),
      lockOnline: r.online,
      lockOfflineSince: r.online ? null : (r.offlineSince?.toISOString() ?? null),
      credential: g?.credential ?? null,
    };
  });
}

const rowColumns = {
  w: accessWindows,
  timeZone: doors.timeZone,
  online: doors.online,
  offlineSince: doors.offlineSince,
  // How many windows the pair has in all (not only on this page): only pairs with several can rotate.
  pairWindows: sql<number>`(select count(*)::int from ${accessWindows} s where s.customer_id = ${accessWindows.customerId} and s.door_id = ${accessWindows.doorId})`,
};

export async function windowStatus(db: DbOrTx, actor: Actor, windowId: string, now = Date.now()) {
  assertCan(actor, "access.read");
  const rows = await db
    .select(rowColumns)
    .from(accessWindows)
    .innerJoin(doors, eq(doors.id, accessWindows.doorId))
    .where(eq(accessWindows.id, windowId));
  if (rows.length === 0) throw new AppError("NOT_FOUND", "That window does not exist.");
  return (await statusesOf(db, rows, now))[0]!;
}

/** Statuses of the windows touching a range (and a site, door or customer), a page at a time. */
export async function windowStatusPage(
  db: DbOrTx,
  actor: Actor,
  q: PageQuery & WindowFilter,
  now = Date.now(),
): Promise<Page<WindowStatus>> {
  assertCan(actor, "access.read");
  const rows = await db
    .select(rowColumns)
    .from(accessWindows)
    .innerJoin(doors, eq(doors.id, accessWindows.doorId))
    .where(and(q.afterId ? gt(accessWindows.id, q.afterId) : undefined, windowConditions(q)))
    .orderBy(asc(accessWindows.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  return { items: await statusesOf(db, rows.slice(0, q.limit), now), more };
}
