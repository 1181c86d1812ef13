import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, customers, doors } from "@/db/schema";
import { windowOccurrences } from "../compiler/occurrences";
import { specOf } from "../windows/window-row";
import { icalTokenHash } from "./portal-actions";

const stamp = (t: number) =>
  new Date(t)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
const escapeText = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, "\\n");

/** RFC 5545 feed of one customer's access windows (next 90 days), found by the feed token only. */
export async function icalFeed(db: DbOrTx, token: string, now = Date.now()): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const [customer] = await db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(eq(customers.icalTokenHash, icalTokenHash(token)));
  if (!customer) return null;
  const rows = await db
    .select({ w: accessWindows, doorName: doors.name, timeZone: doors.timeZone })
    .from(accessWindows)
    .innerJoin(doors, eq(doors.id, accessWindows.doorId))
    .where(eq(accessWindows.customerId, customer.id));
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Portier//Door access//EN",
    `X-WR-CALNAME:${escapeText(`Door access – ${customer.name}`)}`,
    "METHOD:PUBLISH",
  ];
  for (const r of rows) {
    for (const o of windowOccurrences(specOf(r.w), r.timeZone, now - 86_400_000, now + 90 * 86_400_000).slice(0, 500)) {
      lines.push(
        "BEGIN:VEVENT",
        `UID:${r.w.id}-${o.start}@portier`,
        `DTSTAMP:${stamp(now)}`,
        `DTSTART:${stamp(o.start)}`,
        `DTEND:${stamp(o.end)}`,
        `SUMMARY:${escapeText(`Access: ${r.doorName}`)}`,
        "END:VEVENT",
      );
    }
  }
  lines.push("END:VCALENDAR");
  return `${lines.join("\r\n")}\r\n`;
}
