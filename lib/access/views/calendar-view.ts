import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, doors, type GrantStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import { selectWindowRows, windowEvents } from "./window-events";
import { windowTouches } from "./window-range";
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
  // The range by the GiST index on the window's envelope (windowTouches), the grant by a lateral
  // join on its pair (selectWindowRows): one query, whatever the year holds.
  const rows = await selectWindowRows(
    db,
    and(
      windowTouches(q.from, q.to),
      q.doorIds?.length ? inArray(accessWindows.doorId, q.doorIds) : undefined,
      q.siteId ? eq(doors.siteId, q.siteId) : undefined,
      q.customerId ? eq(accessWindows.customerId, q.customerId) : undefined,
    ),
    MAX_WINDOWS + 1,
  );
  const tooManyWindows = rows.length > MAX_WINDOWS;
  if (tooManyWindows) rows.pop();
  const { events } = windowEvents(rows, { ...q, maxEvents: MAX_EVENTS });
  // Every expanded occurrence is returned, so `total` is the event count (a lower bound when truncated).
  return { events, total: events.length, truncated: tooManyWindows || events.length >= MAX_EVENTS };
}
