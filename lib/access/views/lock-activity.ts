import "server-only";
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers, doors, lockEvents } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import { csvCell } from "@/lib/csv/csv-cell";

export type ActivityFilter = { doorId?: string; customerId?: string; from?: Date; to?: Date; limit?: number };

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
  if (f.from) where.push(gte(lockEvents.at, f.from));
  if (f.to) where.push(lt(lockEvents.at, f.to));
  const rows = await db
    .select({
      at: lockEvents.at,
      doorName: doors.name,
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
  const head = ["time (UTC)", "door", "customer", "auth name", "what", "result"];
  return `${[
    head,
    ...rows.map((r) => [r.at, r.doorName, r.customerName ?? "", r.authName ?? "", r.what, r.ok ? "opened" : "refused"]),
  ]
    .map((row) => row.map(csvCell).join(","))
    .join("\r\n")}\r\n`;
}
