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

type KindColumns = Pick<
  AccessWindow,
  "kind" | "startsAt" | "endsAt" | "weekdays" | "fromMinute" | "untilMinute" | "seriesStart" | "seriesEnd"
>;

/** A window row's kind-specific columns, typed per kind (the database's CHECK constraints guarantee the shape). */
export type WindowShape =
  | { kind: "once"; startsAt: Date; endsAt: Date }
  | {
      kind: "weekly";
      startsAt: Date;
      endsAt: Date | null;
      weekdays: number;
      fromMinute: number;
      untilMinute: number;
      seriesStart: string;
      seriesEnd: string | null;
    };

/**
 * Narrows a row to its kind. The CHECK constraints access_windows_once_shape / _weekly_shape make
 * the failure branch unreachable for stored rows; it stays so a hand-built row fails loudly.
 */
export function windowShape(row: KindColumns): WindowShape {
  if (row.kind === "once") {
    if (row.endsAt === null) throw new Error("access window: a one-off window without an end");
    return { kind: "once", startsAt: row.startsAt, endsAt: row.endsAt };
  }
  const { weekdays, fromMinute, untilMinute, seriesStart } = row;
  if (weekdays === null || fromMinute === null || untilMinute === null || seriesStart === null)
    throw new Error("access window: a weekly window without its weekdays, times or first date");
  return {
    kind: "weekly",
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    weekdays,
    fromMinute,
    untilMinute,
    seriesStart,
    seriesEnd: row.seriesEnd,
  };
}

export function specOf(row: Pick<AccessWindow, "id"> & KindColumns): WindowSpec {
  const w = windowShape(row);
  if (w.kind === "once")
    return { id: row.id, kind: "once", startsAt: w.startsAt.getTime(), endsAt: w.endsAt.getTime() };
  return {
    id: row.id,
    kind: "weekly",
    weekdays: w.weekdays,
    fromMinute: w.fromMinute,
    untilMinute: w.untilMinute,
    startsOn: parseLocalDate(w.seriesStart),
    endsOn: w.seriesEnd ? parseLocalDate(w.seriesEnd) : null,
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
export function describeWindow(row: KindColumns, timeZone: string): string {
  const w = windowShape(row);
  if (w.kind === "once") {
    const f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
    return `${f.format(w.startsAt)} – ${f.format(w.endsAt)}`;
  }
  return `${describeWeekdays(w.weekdays)} ${formatMinutes(w.fromMinute)}–${formatMinutes(w.untilMinute)}, from ${w.seriesStart}${w.seriesEnd ? ` to ${w.seriesEnd}` : ", ongoing"}`;
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
