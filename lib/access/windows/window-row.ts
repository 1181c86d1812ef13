import type { AccessWindow } from "@/db/schema";
import type { WindowSpec } from "../compiler/window-spec";
import { formatMinutes } from "@/lib/model/daily-time";
import { describeWeekdays } from "@/lib/model/weekdays";
import { addDays, formatLocalDate, parseLocalDate, zonedInstant } from "@/lib/time/zoned-time";
import type { WindowSpecInput } from "./schemas";

/** Columns of an access_windows row for a validated spec (envelope instants computed in the door's zone). */
export function windowColumns(spec: WindowSpecInput, timeZone: string) {
  if (spec.kind === "once") {
    return {
      kind: "once" as const,
      startsAt: spec.startsAt,
      endsAt: spec.endsAt,
      weekdays: null,
      fromMinute: null,
      untilMinute: null,
      seriesStart: null,
      seriesEnd: null,
    };
  }
  const startsOn = parseLocalDate(spec.startsOn);
  const endsOn = spec.endsOn ? parseLocalDate(spec.endsOn) : null;
  return {
    kind: "weekly" as const,
    startsAt: new Date(zonedInstant(startsOn, 0, timeZone)),
    endsAt: endsOn ? new Date(zonedInstant(addDays(endsOn, 1), 0, timeZone)) : null,
    weekdays: spec.weekdays,
    fromMinute: spec.fromMinute,
    untilMinute: spec.untilMinute,
    seriesStart: spec.startsOn,
    seriesEnd: spec.endsOn,
  };
}

export function specOf(
  row: Pick<
    AccessWindow,
    "id" | "kind" | "startsAt" | "endsAt" | "weekdays" | "fromMinute" | "untilMinute" | "seriesStart" | "seriesEnd"
  >,
): WindowSpec {
  if (row.kind === "once")
    return { id: row.id, kind: "once", startsAt: row.startsAt.getTime(), endsAt: row.endsAt!.getTime() };
  return {
    id: row.id,
    kind: "weekly",
    weekdays: row.weekdays!,
    fromMinute: row.fromMinute!,
    untilMinute: row.untilMinute!,
    startsOn: parseLocalDate(row.seriesStart!),
    endsOn: row.seriesEnd ? parseLocalDate(row.seriesEnd) : null,
  };
}

/** The spec back in input form (for undo and edit dialogs). */
export function inputOf(row: AccessWindow): WindowSpecInput {
  const s = specOf(row);
  return s.kind === "once"
    ? { kind: "once", startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }
    : {
        kind: "weekly",
        weekdays: s.weekdays,
        fromMinute: s.fromMinute,
        untilMinute: s.untilMinute,
        startsOn: formatLocalDate(s.startsOn),
        endsOn: s.endsOn ? formatLocalDate(s.endsOn) : null,
      };
}

/** Plain words for messages and the audit trail, in the door's local time. */
export function describeWindow(
  row: Pick<
    AccessWindow,
    "kind" | "startsAt" | "endsAt" | "weekdays" | "fromMinute" | "untilMinute" | "seriesStart" | "seriesEnd"
  >,
  timeZone: string,
): string {
  if (row.kind === "once") {
    const f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
    return `${f.format(row.startsAt)} – ${f.format(row.endsAt!)}`;
  }
  return `${describeWeekdays(row.weekdays!)} ${formatMinutes(row.fromMinute!)}–${formatMinutes(row.untilMinute!)}, from ${row.seriesStart}${row.seriesEnd ? ` to ${row.seriesEnd}` : ", ongoing"}`;
}

/** What the audit trail records about a window (no codes, no personal data beyond ids). */
export const auditView = (row: AccessWindow) => ({
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
  note: row.note,
  version: row.version,
});
