import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers, doors, lockEvents, type UnmanagedAuthState, unmanagedAuths } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import { AUTH_TYPE } from "@/lib/nuki/schemas";

export type UnmanagedKind = "app" | "keypad" | "other";

export type UnmanagedRow = {
  id: string;
  version: number;
  doorId: string;
  doorName: string;
  timeZone: string;
  name: string;
  kind: UnmanagedKind;
  enabled: boolean;
  restriction: {
    allowedFromDate: Date | null;
    allowedUntilDate: Date | null;
    allowedWeekDays: number;
    allowedFromTime: number;
    allowedUntilTime: number;
  };
  accountUserEmail: string | null;
  /** The newest entry through this auth: Portier's lock log, else Nuki's lastActiveDate. */
  lastEntryAt: Date | null;
  state: UnmanagedAuthState;
  customer: { id: string; name: string } | null;
  /** App users only: the customer whose email is this Nuki account's email (what bulk adopt would pick). */
  emailMatch: { id: string; name: string } | null;
  lastSeenAt: Date;
};

const kindOf = (type: number): UnmanagedKind =>
  type === AUTH_TYPE.app ? "app" : type === AUTH_TYPE.keypadCode ? "keypad" : "other";

/**
 * Auths on the locks that Portier does not manage (and, with `states`, those adopted or left
 * alone), per door or building-wide. Keypad codes never leave the database: only the fact that
 * one is there.
 */
export async function listUnmanaged(
  db: DbOrTx,
  params: { actor: Actor; doorId?: string; states?: UnmanagedAuthState[] },
): Promise<UnmanagedRow[]> {
  assertCan(params.actor, "doors.read");
  const owner = sql`owner`;
  const rows = await db
    .select({
      u: unmanagedAuths,
      doorName: doors.name,
      timeZone: doors.timeZone,
      customerName: customers.name,
      lastLog:
        sql<Date | null>`(select max(${lockEvents.at}) from ${lockEvents} where ${lockEvents.doorId} = ${unmanagedAuths.doorId} and ${lockEvents.nukiAuthId} = ${unmanagedAuths.nukiAuthId} and ${lockEvents.state} = 0)`.mapWith(
          (v: string | Date | null) => (v ? new Date(v) : null),
        ),
      matchId: sql<
        string | null
      >`(select ${owner}.id from customers ${owner} where lower(${owner}.email) = lower(${unmanagedAuths.accountUserEmail}) limit 1)`,
      matchName: sql<
        string | null
      >`(select ${owner}.name from customers ${owner} where lower(${owner}.email) = lower(${unmanagedAuths.accountUserEmail}) limit 1)`,
    })
    .from(unmanagedAuths)
    .innerJoin(doors, eq(doors.id, unmanagedAuths.doorId))
    .leftJoin(customers, eq(customers.id, unmanagedAuths.customerId))
    .where(
      and(
        params.doorId ? eq(unmanagedAuths.doorId, params.doorId) : undefined,
        inArray(unmanagedAuths.state, params.states ?? ["unmanaged", "left_alone"]),
      ),
    )
    .orderBy(asc(doors.name), asc(unmanagedAuths.state), asc(unmanagedAuths.name))
    .limit(2000);
  return rows.map(({ u, ...r }) => {
    const seen = [r.lastLog, u.lastActiveAt].flatMap((d) => (d ? [d.getTime()] : []));
    const lastEntryAt = seen.length ? new Date(Math.max(...seen)) : null;
    return {
      id: u.id,
      version: u.version,
      doorId: u.doorId,
      doorName: r.doorName,
      timeZone: r.timeZone,
      name: u.name,
      kind: kindOf(u.type),
      enabled: u.enabled,
      restriction: {
        allowedFromDate: u.allowedFromDate,
        allowedUntilDate: u.allowedUntilDate,
        allowedWeekDays: u.allowedWeekDays,
        allowedFromTime: u.allowedFromTime,
        allowedUntilTime: u.allowedUntilTime,
      },
      accountUserEmail: u.accountUserEmail,
      lastEntryAt,
      state: u.state,
      customer: u.customerId && r.customerName ? { id: u.customerId, name: r.customerName } : null,
      emailMatch: u.type === AUTH_TYPE.app && r.matchId && r.matchName ? { id: r.matchId, name: r.matchName } : null,
      lastSeenAt: u.lastSeenAt,
    };
  });
}
