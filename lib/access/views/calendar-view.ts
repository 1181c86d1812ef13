import "server-only";
import { and, asc, eq, gt, inArray, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, customers, doors, grants, type GrantStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import { compileSchedule } from "../compiler/compile";
import { windowOccurrences } from "../compiler/occurrences";
import { inputOf, specOf } from "../windows/window-row";
import { formatLocalDate, localDateOf } from "@/lib/time/zoned-time";
import type { GrantStatus as ModelGrantStatus, SyncState } from "@/lib/model/sync-state";
import type { WindowSpecInput } from "@/lib/model/window-spec";

export type { SyncState } from "@/lib/model/sync-state";

// The client-safe model lists the grant statuses by hand; this stops the build if the database enum drifts from it.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const statusesMatchSchema: Same<GrantStatus, ModelGrantStatus> = true;
void statusesMatchSchema;

export type CalendarEvent = {
  id: string; // occurrence id: windowId, or windowId@start for weekly occurrences
  windowId: string;
  version: number;
  customerId: string;
  customerName: string;
  doorId: string;
  start: string;
  end: string;
  /** The occurrence's local date at the door (for editing one occurrence of a series). */
  occurrenceDate: string;
  spec: WindowSpecInput;
  note: string | null;
  sync: {
    state: SyncState;
    since: string;
    error: string | null;
    grantId: string | null;
    offlineSince: string | null;
    credential: "keypad" | "app" | null;
  };
};

export type CalendarQuery = {
  from: Date;
  to: Date;
  doorIds?: string[];
  /** One site's doors (the calendar shows one site at a time, on its clock). */
  siteId?: string;
  customerId?: string;
  states?: SyncState[];
};
export const MAX_EVENTS = 2000;
/** Windows read per request, in SQL: a crowded range costs the same bounded work as a busy one. */
export const MAX_WINDOWS = 1000;

/**
 * Everything the calendar shows for a visible range: only windows touching [from, to) on the chosen
 * doors, expanded to occurrences, each with the truth about its lock. Bounded work per request
 * (issue 14 #8): at most MAX_WINDOWS rows from the database (earliest first) and no occurrence
 * expanded past MAX_EVENTS; `truncated` says the view is partial, `total` then counts what was
 * expanded (a lower bound), never the whole range.
 */
export async function calendarView(db: DbOrTx, actor: Actor, q: CalendarQuery) {
  assertCan(actor, "access.read");
  const rows = await db
    .select({
      w: accessWindows,
      customerName: customers.name,
      timeZone: doors.timeZone,
      online: doors.online,
      offlineSince: doors.offlineSince,
    })
    .from(accessWindows)
    .innerJoin(customers, eq(customers.id, accessWindows.customerId))
    .innerJoin(doors, eq(doors.id, accessWindows.doorId))
    .where(
      and(
        lt(accessWindows.startsAt, q.to),
        or(isNull(accessWindows.endsAt), gt(accessWindows.endsAt, q.from)),
        q.doorIds?.length ? inArray(accessWindows.doorId, q.doorIds) : undefined,
        q.siteId ? eq(doors.siteId, q.siteId) : undefined,
        q.customerId ? eq(accessWindows.customerId, q.customerId) : undefined,
      ),
    )
    .orderBy(asc(accessWindows.startsAt), asc(accessWindows.id))
    .limit(MAX_WINDOWS + 1);
  const tooManyWindows = rows.length > MAX_WINDOWS;
  if (tooManyWindows) rows.pop();
  const pairKey = (c: string, d: string) => `${c}:${d}`;
  const pairs = [...new Set(rows.map((r) => pairKey(r.w.customerId, r.w.doorId)))];
  const grantRows = rows.length
    ? await db
        .select()
        .from(grants)
        .where(
          and(
            inArray(grants.customerId, [...new Set(rows.map((r) => r.w.customerId))]),
            inArray(grants.doorId, [...new Set(rows.map((r) => r.w.doorId))]),
          ),
        )
    : // Stryker disable next-line ArrayDeclaration: with no rows no pair is ever looked up, so what this holds is never read
      [];
  const grantByPair = new Map(
    grantRows.filter((g) => g.desired || g.status !== "removed").map((g) => [pairKey(g.customerId, g.doorId), g]),
  );

  // Which windows are in the state the lock should hold now (the rest of a rotating schedule waits its turn).
  const now = Date.now();
  const current = new Map<string, Set<string>>();
  for (const key of pairs) {
    const pairRows = rows.filter((r) => pairKey(r.w.customerId, r.w.doorId) === key);
    if (pairRows.length < 2) continue;
    const compiled = compileSchedule({
      windows: pairRows.map((r) => specOf(r.w)),
      timeZone: pairRows[0]!.timeZone,
      now,
    });
    // Stryker disable next-line ArrayDeclaration: only window ids are looked up in it, and a filler string is never one
    current.set(key, new Set(compiled.currentSegment?.windowIds ?? []));
  }

  const events: CalendarEvent[] = [];
  for (const r of rows) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the inner loop stops at the same cap before adding anything; leaving here early only saves work
    if (events.length >= MAX_EVENTS) break;
    const key = pairKey(r.w.customerId, r.w.doorId);
    const g = grantByPair.get(key);
    const rotatingLater = current.has(key) && !current.get(key)!.has(r.w.id);
    const state: SyncState = !g ? "pending" : rotatingLater && g.status === "applied" ? "scheduled" : g.status;
    if (q.states?.length && !q.states.includes(state)) continue;
    const sync = {
      state,
      since: (g?.statusChangedAt ?? r.w.updatedAt).toISOString(),
      error: g?.lastError ?? null,
      grantId: g?.id ?? null,
      offlineSince: r.online ? null : (r.offlineSince?.toISOString() ?? null),
      credential: g?.credential ?? null,
    };
    const base = {
      windowId: r.w.id,
      version: r.w.version,
      customerId: r.w.customerId,
      customerName: r.customerName,
      doorId: r.w.doorId,
      spec: inputOf(r.w),
      note: r.w.note,
      sync,
    };
    const occ = windowOccurrences(specOf(r.w), r.timeZone, q.from.getTime(), q.to.getTime());
    for (const o of occ) {
      if (events.length >= MAX_EVENTS) break;
      events.push({
        ...base,
        id: r.w.kind === "once" ? r.w.id : `${r.w.id}@${o.start}`,
        start: new Date(o.start).toISOString(),
        end: new Date(o.end).toISOString(),
        occurrenceDate: formatLocalDate(localDateOf(o.start, r.timeZone)),
      });
    }
  }
  // Every expanded occurrence is returned, so `total` is the event count (a lower bound when truncated).
  return { events, total: events.length, truncated: tooManyWindows || events.length >= MAX_EVENTS };
}
