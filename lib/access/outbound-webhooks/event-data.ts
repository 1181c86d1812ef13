import type { AccessWindow } from "@/db/schema";

/** A window as receivers see it: ids, times (UTC) and the weekly pattern in door-local minutes. Never a code. */
export const windowEventData = (row: AccessWindow) => ({
  windowId: row.id,
  customerId: row.customerId,
  doorId: row.doorId,
  kind: row.kind,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt?.toISOString() ?? null,
  weekdays: row.weekdays,
  fromMinute: row.fromMinute,
  untilMinute: row.untilMinute,
  seriesStart: row.seriesStart,
  seriesEnd: row.seriesEnd,
  version: row.version,
});
