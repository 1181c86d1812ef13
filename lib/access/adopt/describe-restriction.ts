import { formatMinutes } from "@/lib/model/daily-time";
import { ALL_DAYS, describeWeekdays } from "@/lib/model/weekdays";
import { formatZoned } from "@/lib/time/format-zoned";
import type { UnmanagedRow } from "./list-unmanaged";

/** An auth's time restriction in the door's clock, in words: "Always", "Mon–Fri 08:00–18:00, until 31 Dec 2026, 00:00 CET". */
export function describeRestriction(r: UnmanagedRow["restriction"], timeZone: string): string {
  const days = r.allowedWeekDays === 0 || r.allowedWeekDays === ALL_DAYS ? null : describeWeekdays(r.allowedWeekDays);
  const allDay = r.allowedFromTime === 0 && r.allowedUntilTime === 0;
  const times = allDay ? null : `${formatMinutes(r.allowedFromTime)}–${formatMinutes(r.allowedUntilTime)}`;
  const from = r.allowedFromDate ? `from ${formatZoned(r.allowedFromDate, timeZone)}` : null;
  const until = r.allowedUntilDate ? `until ${formatZoned(r.allowedUntilDate, timeZone)}` : null;
  const parts = [[days ?? (times ? "Every day" : null), times].filter(Boolean).join(" "), from, until].filter(Boolean);
  return parts.length ? parts.join(", ") : "Always (no time restriction)";
}
