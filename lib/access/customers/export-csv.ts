import "server-only";
import type { DbOrTx } from "@/db/client";
import type { CustomerFilter } from "@/db/queries/customers";
import { selectWindowsForExport } from "@/db/queries/window-export";
import type { Actor } from "@/lib/auth/permissions";
import { writeCsv } from "@/lib/csv/write-csv";
import { assertCan } from "@/lib/errors";
import { formatMinutes } from "@/lib/model/daily-time";
import { describeWeekdays } from "@/lib/model/weekdays";
import { formatZonedIso, zoneAbbreviation } from "@/lib/time/format-zoned";
import { listCustomers } from "../directory/customers";

/**
 * The customers the Customers page lists (same search and group), as a CSV the import reads back
 * unchanged: its headers are import headers, so export → edit → import round-trips.
 */
export async function customersCsv(db: DbOrTx, actor: Actor, filter: CustomerFilter): Promise<string> {
  const rows = await listCustomers(db, { actor, ...filter });
  return writeCsv(
    ["name", "email", "phone", "group", "credential"],
    rows.map((c) => [c.name, c.email, c.phone, c.groupName, c.preferredCredential]),
  );
}

/** "2026-11-29 09:00:00 CET": the door's wall clock with the zone's name at that instant. */
const local = (at: Date | null, timeZone: string) =>
  at ? `${formatZonedIso(at, timeZone)} ${zoneAbbreviation(at, timeZone)}` : "";

/**
 * Every window of the customers the page's filter selects: door, site and zone, start and end on the
 * door's wall clock and in UTC, the weekly rule, and where its grant stands with the lock. Weekly
 * windows give their series' first and last instant (end empty = open-ended) and the rule apart.
 */
export async function windowsCsv(
  db: DbOrTx,
  actor: Actor,
  filter: CustomerFilter & { customerId?: string },
): Promise<string> {
  assertCan(actor, "customers.read");
  assertCan(actor, "access.read");
  const rows = await selectWindowsForExport(db, filter);
  return writeCsv(
    [
      "customer",
      "email",
      "door",
      "site",
      "zone",
      "kind",
      "start (door's time)",
      "end (door's time)",
      "start (UTC)",
      "end (UTC)",
      "days",
      "daily from",
      "daily until",
      "status",
      "window id",
    ],
    rows.map((w) => [
      w.customerName,
      w.customerEmail,
      w.doorName,
      w.siteName,
      w.timeZone,
      w.kind,
      local(w.startsAt, w.timeZone),
      local(w.endsAt, w.timeZone),
      w.startsAt,
      w.endsAt,
      w.kind === "weekly" ? describeWeekdays(w.weekdays!) : "",
      w.kind === "weekly" ? formatMinutes(w.fromMinute!) : "",
      w.kind === "weekly" ? formatMinutes(w.untilMinute!) : "",
      // No grant yet: the window was just saved and the reconciler has not picked it up.
      w.grantStatus ?? "pending",
      w.windowId,
    ]),
  );
}
