import "server-only";
import { and, asc, eq, gt, gte, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, customers, doors, sites, type AccessWindow } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import { inputOf } from "../windows/window-row";

/**
 * Pages of the directory for the public API: keyset pagination on the primary key (stable while
 * rows are added; a row created behind the cursor is found by the next `updatedSince` poll), at
 * most `limit` rows per page, `more` when another page follows. Each starts with its permission,
 * the same as the pages staff use.
 */
export type PageQuery = { afterId?: string; limit: number };
export type Page<T> = { items: T[]; more: boolean };

const page = <T>(rows: T[], limit: number): Page<T> => ({ items: rows.slice(0, limit), more: rows.length > limit });

export async function customersPage(
  db: DbOrTx,
  actor: Actor,
  q: PageQuery & { email?: string; group?: string; updatedSince?: Date },
) {
  assertCan(actor, "customers.read");
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      phone: customers.phone,
      group: customers.groupName,
      preferredCredential: customers.preferredCredential,
      version: customers.version,
      createdAt: customers.createdAt,
      updatedAt: customers.updatedAt,
    })
    .from(customers)
    .where(
      and(
        q.afterId ? gt(customers.id, q.afterId) : undefined,
        q.email ? eq(customers.email, q.email.toLowerCase()) : undefined,
        q.group ? eq(customers.groupName, q.group) : undefined,
        q.updatedSince ? gte(customers.updatedAt, q.updatedSince) : undefined,
      ),
    )
    .orderBy(asc(customers.id))
    .limit(q.limit + 1);
  return page(rows, q.limit);
}

export async function doorsPage(
  db: DbOrTx,
  actor: Actor,
  q: PageQuery & { siteId?: string; groupId?: string; includeArchived?: boolean },
) {
  assertCan(actor, "doors.read");
  const rows = await db
    .select({
      id: doors.id,
      name: doors.name,
      siteId: doors.siteId,
      groupId: doors.groupId,
      timeZone: doors.timeZone,
      deviceType: doors.deviceType,
      keypadPaired: doors.keypadPaired,
      online: doors.online,
      offlineSince: doors.offlineSince,
      batteryCharge: doors.batteryCharge,
      batteryCritical: doors.batteryCritical,
      archivedAt: doors.archivedAt,
      createdAt: doors.createdAt,
    })
    .from(doors)
    .where(
      and(
        q.afterId ? gt(doors.id, q.afterId) : undefined,
        q.siteId ? eq(doors.siteId, q.siteId) : undefined,
        q.groupId ? eq(doors.groupId, q.groupId) : undefined,
        q.includeArchived ? undefined : isNull(doors.archivedAt),
      ),
    )
    .orderBy(asc(doors.id))
    .limit(q.limit + 1);
  return page(rows, q.limit);
}

/**
 * Sites are read directly here (a small query in this area) until the sites domain lands its own
 * list; a site belongs to the doors' directory, so it needs doors.read.
 */
export async function sitesPage(db: DbOrTx, actor: Actor, q: PageQuery & { updatedSince?: Date }) {
  assertCan(actor, "doors.read");
  const rows = await db
    .select({
      id: sites.id,
      name: sites.name,
      timeZone: sites.timeZone,
      checkInMinutes: sites.checkInMinutes,
      checkOutMinutes: sites.checkOutMinutes,
      version: sites.version,
      createdAt: sites.createdAt,
      updatedAt: sites.updatedAt,
    })
    .from(sites)
    .where(
      and(
        q.afterId ? gt(sites.id, q.afterId) : undefined,
        q.updatedSince ? gte(sites.updatedAt, q.updatedSince) : undefined,
      ),
    )
    .orderBy(asc(sites.id))
    .limit(q.limit + 1);
  return page(rows, q.limit);
}

/** A window as the API shows it: the same spec the API accepts, plus its version for edits. */
export function windowView(w: AccessWindow) {
  const spec = inputOf(w);
  return {
    id: w.id,
    customerId: w.customerId,
    doorId: w.doorId,
    version: w.version,
    window:
      spec.kind === "once"
        ? { kind: "once" as const, startsAt: spec.startsAt.toISOString(), endsAt: spec.endsAt.toISOString() }
        : spec,
    note: w.note,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
export type WindowView = ReturnType<typeof windowView>;

export type WindowFilter = {
  customerId?: string;
  doorId?: string;
  siteId?: string;
  /** Windows touching [from, to). */
  from?: Date;
  to?: Date;
  updatedSince?: Date;
};

export function windowConditions(q: WindowFilter): SQL | undefined {
  return and(
    q.customerId ? eq(accessWindows.customerId, q.customerId) : undefined,
    q.doorId ? eq(accessWindows.doorId, q.doorId) : undefined,
    q.siteId
      ? sql`${accessWindows.doorId} in (select ${doors.id} from ${doors} where ${doors.siteId} = ${q.siteId})`
      : undefined,
    q.to ? lt(accessWindows.startsAt, q.to) : undefined,
    q.from ? or(isNull(accessWindows.endsAt), gt(accessWindows.endsAt, q.from)) : undefined,
    q.updatedSince ? gte(accessWindows.updatedAt, q.updatedSince) : undefined,
  );
}

export async function windowsPage(db: DbOrTx, actor: Actor, q: PageQuery & WindowFilter) {
  assertCan(actor, "access.read");
  const rows = await db
    .select()
    .from(accessWindows)
    .where(and(q.afterId ? gt(accessWindows.id, q.afterId) : undefined, windowConditions(q)))
    .orderBy(asc(accessWindows.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit);
  return { items: p.items.map(windowView), more: p.more };
}

export async function getWindow(db: DbOrTx, actor: Actor, id: string) {
  assertCan(actor, "access.read");
  const [row] = await db.select().from(accessWindows).where(eq(accessWindows.id, id));
  if (!row) throw new AppError("NOT_FOUND", "That window does not exist.");
  return windowView(row);
}
