import "server-only";
import { createHash } from "node:crypto";
import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, customers, doors, type Grant, grants, sites } from "@/db/schema";
import { windowOccurrences } from "../compiler/occurrences";
import { authCovers } from "../readiness/covers-arrival";
import { pairKey } from "../views/grant-windows";
import { specOf } from "../windows/window-row";
import { type MessageTemplates, templatesOf } from "@/lib/model/message-templates";

export const DEFAULT_LEAD_MINUTES = 48 * 60;
export const DEFAULT_DEADLINE_MINUTES = 2 * 60;
const DAY = 86_400_000;

export type SiteDelivery = {
  siteName: string | null;
  timeZone: string;
  leadMs: number;
  deadlineMs: number;
  templates: MessageTemplates;
  deskContact: string | null;
};

export type DoorArrival = {
  windowId: string;
  doorId: string;
  doorName: string;
  start: Date;
  end: Date;
  timeZone: string;
  grantId: string | null;
  credential: "app" | "keypad" | null;
  /** The lock confirmed (applied) an auth that covers this door's arrival. */
  confirmed: boolean;
  codeHmac: string | null;
};

/** A customer's next arrival: the first occurrence of their earliest upcoming window, with every door it opens. */
export type PlannedArrival = {
  customerId: string;
  customerName: string;
  email: string;
  /** Guests from booking feeds without an email (a reserved .invalid address): handed over at the desk, never mailed. */
  handOver: boolean;
  anchorWindowId: string;
  arrivalAt: Date;
  doors: DoorArrival[];
  confirmed: boolean;
  leadAt: Date;
  deadlineAt: Date;
  /** What a message about this arrival says, hashed (no code: the code's keyed fingerprint only). */
  fingerprint: string;
  site: SiteDelivery;
};

/**
 * Every customer's next arrival starting in (now, now + horizon]. An arrival is the first occurrence
 * of a window (a weekly series is announced once, at its first occurrence, not every week); the doors
 * of that arrival are the customer's windows whose first occurrence starts before the earliest one
 * ends (room and front door of one stay). Confirmed = every such door's grant is applied and its
 * auth covers that door's arrival (readiness' authCovers, evaluated on the lock's clock).
 */
export async function planArrivals(
  db: DbOrTx,
  o: { now: number; horizonMs: number; customerId?: string },
): Promise<PlannedArrival[]> {
  const { now } = o;
  const until = now + o.horizonMs;
  // A weekly window's envelope may start up to a week before its first occurrence.
  const rows = await db
    .select({
      w: accessWindows,
      doorName: doors.name,
      timeZone: doors.timeZone,
      archivedAt: doors.archivedAt,
      siteId: doors.siteId,
      customerName: customers.name,
      email: customers.email,
      g: grants,
    })
    .from(accessWindows)
    .innerJoin(doors, eq(doors.id, accessWindows.doorId))
    .innerJoin(customers, eq(customers.id, accessWindows.customerId))
    .leftJoin(grants, and(eq(grants.customerId, accessWindows.customerId), eq(grants.doorId, accessWindows.doorId)))
    .where(
      and(
        gte(accessWindows.startsAt, new Date(now - 8 * DAY)),
        lt(accessWindows.startsAt, new Date(until)),
        o.customerId ? eq(accessWindows.customerId, o.customerId) : undefined,
      ),
    )
    .orderBy(asc(accessWindows.startsAt));
  if (rows.length === 0) return [];
  const siteIds = [...new Set(rows.map((r) => r.siteId).filter((s): s is string => !!s))];
  const siteRows = siteIds.length ? await db.select().from(sites).where(inArray(sites.id, siteIds)) : [];
  const siteOf = new Map(siteRows.map((s) => [s.id, s]));

  // A credential switch leaves the old grant removing beside the new one: the live one holds the window.
  const grantOf = new Map<string, Grant>();
  for (const { g } of rows) {
    if (!g) continue;
    const key = pairKey(g.customerId, g.doorId);
    const seen = grantOf.get(key);
    if (!seen || (!seen.desired && g.desired)) grantOf.set(key, g);
  }

  type First = (typeof rows)[number] & { start: number; end: number };
  const byCustomer = new Map<string, First[]>();
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.w.id)) continue;
    seen.add(r.w.id);
    const from = r.w.startsAt.getTime();
    const [first] = windowOccurrences(specOf(r.w), r.timeZone, from, from + 8 * DAY);
    if (!first || first.start <= now || first.start >= until) continue;
    const list = byCustomer.get(r.w.customerId) ?? [];
    list.push({ ...r, start: first.start, end: first.end });
    byCustomer.set(r.w.customerId, list);
  }

  const out: PlannedArrival[] = [];
  for (const list of byCustomer.values()) {
    list.sort((a, b) => a.start - b.start || a.doorName.localeCompare(b.doorName) || a.w.id.localeCompare(b.w.id));
    const anchor = list[0]!;
    const doorsOf = list.filter((x) => x.start < anchor.end);
    const doorArrivals: DoorArrival[] = doorsOf.map((x) => {
      const g = grantOf.get(pairKey(x.w.customerId, x.w.doorId)) ?? null;
      const confirmed =
        !x.archivedAt && !!g?.desired && g.status === "applied" && authCovers(g.desired, x.start, x.timeZone);
      return {
        windowId: x.w.id,
        doorId: x.w.doorId,
        doorName: x.doorName,
        start: new Date(x.start),
        end: new Date(x.end),
        timeZone: x.timeZone,
        grantId: g?.id ?? null,
        credential: g?.credential ?? null,
        confirmed,
        codeHmac: g?.credential === "keypad" ? (g.codeHmac ?? null) : null,
      };
    });
    const s = anchor.siteId ? siteOf.get(anchor.siteId) : undefined;
    const site: SiteDelivery = {
      siteName: s?.name ?? null,
      timeZone: s?.timeZone ?? anchor.timeZone,
      leadMs: (s?.deliveryLeadMinutes ?? DEFAULT_LEAD_MINUTES) * 60_000,
      deadlineMs: (s?.deliveryDeadlineMinutes ?? DEFAULT_DEADLINE_MINUTES) * 60_000,
      templates: templatesOf(s ?? { messageSubject: null, messageText: null, messageHtml: null }),
      deskContact: s?.deskContact ?? null,
    };
    out.push({
      customerId: anchor.w.customerId,
      customerName: anchor.customerName,
      email: anchor.email,
      handOver: anchor.email.toLowerCase().endsWith(".invalid"),
      anchorWindowId: anchor.w.id,
      arrivalAt: new Date(anchor.start),
      doors: doorArrivals,
      confirmed: doorArrivals.every((d) => d.confirmed),
      leadAt: new Date(anchor.start - site.leadMs),
      deadlineAt: new Date(anchor.start - site.deadlineMs),
      fingerprint: fingerprintOf(doorArrivals),
      site,
    });
  }
  return out;
}

/** Doors, times, credentials and which code (its keyed per-door fingerprint): what the message says. */
export function fingerprintOf(ds: DoorArrival[]): string {
  const facts = [...ds]
    .sort((a, b) => a.doorId.localeCompare(b.doorId))
    .map((d) => [d.doorId, d.start.getTime(), d.end.getTime(), d.credential, d.codeHmac]);
  return createHash("sha256").update(JSON.stringify(facts)).digest("hex").slice(0, 32);
}
