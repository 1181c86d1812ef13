import "server-only";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers, doors, lockEvents } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import { formatZonedIso, zoneAbbreviation } from "@/lib/time/format-zoned";
import { parseLocalDate } from "@/lib/time/zoned-time";
import { csvCell } from "@/lib/csv/csv-cell";

/**
 * `from` and `to` are calendar days (yyyy-mm-dd) as people read them: both inclusive, and each door's own
 * day (a Berlin door's "29 Nov" is 23:00Z on the 28th to 23:00Z on the 29th), so From = To = yesterday
 * shows yesterday on every door.
 */
export type ActivityFilter = { doorId?: string; customerId?: string; from?: string; to?: string; limit?: number };

const ACTIONS: Record<number, string> = {
  1: "unlock",
  2: "lock",
  3: "unlatch",
  4: "lock 'n' go",
  5: "lock 'n' go + unlatch",
};
const TRIGGERS: Record<number, string> = {
  0: "system",
  1: "manual",
  2: "button",
  3: "automatic",
  4: "web",
  5: "app",
  6: "auto lock",
  7: "accessory",
  255: "keypad",
};
export const describeAction = (action: number, trigger: number) =>
  `${ACTIONS[action] ?? `action ${action}`} via ${TRIGGERS[trigger] ?? `trigger ${trigger}`}`;

/** Who entered which door when, tied to customers through their auths (DEVICE_LOGS and log polling). */
export async function lockActivity(db: DbOrTx, actor: Actor, f: ActivityFilter) {
  assertCan(actor, "activity.read");
  const where: SQL[] = [];
  if (f.doorId) where.push(eq(lockEvents.doorId, f.doorId));
  if (f.customerId) where.push(eq(lockEvents.customerId, f.customerId));
  // parseLocalDate throws on anything but a real yyyy-mm-dd day, so only a checked date reaches SQL (as a parameter).
  if (f.from) {
    parseLocalDate(f.from);
    where.push(sql`${lockEvents.at} >= (${f.from}::date::timestamp at time zone ${doors.timeZone})`);
  }
  if (f.to) {
    parseLocalDate(f.to);
    where.push(sql`${lockEvents.at} < ((${f.to}::date + 1)::timestamp at time zone ${doors.timeZone})`);
  }
  const rows = await db
    .select({
      id: lockEvents.id,
      at: lockEvents.at,
      doorName: doors.name,
      timeZone: doors.timeZone,
      customerId: lockEvents.customerId,
      customerName: customers.name,
      authName: lockEvents.authName,
      action: lockEvents.action,
      trigger: lockEvents.trigger,
      state: lockEvents.state,
    })
    .from(lockEvents)
    .innerJoin(doors, eq(doors.id, lockEvents.doorId))
    .leftJoin(customers, eq(customers.id, lockEvents.customerId))
    .where(and(...where))
    .orderBy(desc(lockEvents.at))
    .limit(Math.min(f.limit ?? 200, 10_000));
  return rows.map((r) => ({ ...r, what: describeAction(r.action, r.trigger), ok: r.state === 0 }));
}

export function activityCsv(rows: Awaited<ReturnType<typeof lockActivity>>): string {
  // The door's wall clock with its zone named (what the pages show), plus the instant in UTC for machines.
  const head = ["time (door's zone)", "zone", "time (UTC)", "door", "customer", "auth name", "what", "result"];
  return `${[
    head,
    ...rows.map((r) => [
      formatZonedIso(r.at, r.timeZone),
      `${r.timeZone} (${zoneAbbreviation(r.at, r.timeZone)})`,
      r.at,
      r.doorName,
      r.customerName ?? "",
      r.authName ?? "",
      r.what,
      r.ok ? "opened" : "refused",
    ]),
  ]
    .map((row) => row.map(csvCell).join(","))
    .join("\r\n")}\r\n`;
}
