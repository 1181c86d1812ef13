import { MON_TO_FRI } from "@/lib/model/weekdays";
import { formatMinutes } from "@/lib/model/daily-time";
import type { WindowSpecInput } from "@/lib/model/window-spec";
import {
  formatDateText,
  formatDateTimeText,
  parseDateText,
  parseDateTimeText,
  parseEndOfDay,
  parseTimeOfDay,
} from "./date-time-text";

/** The dialog's window fields as typed (text), so a half-typed value is kept, shown and explained. */
export type WindowFields = {
  kind: "once" | "weekly";
  start: string;
  end: string;
  weekdays: number;
  from: string;
  until: string;
  startsOn: string;
  endsOn: string;
};
export type FieldName = "start" | "end" | "weekdays" | "from" | "until" | "startsOn" | "endsOn";

export function fieldsOf(w: WindowSpecInput, timeZone: string): WindowFields {
  if (w.kind === "once")
    return {
      kind: "once",
      start: formatDateTimeText(w.startsAt, timeZone),
      end: formatDateTimeText(w.endsAt, timeZone),
      weekdays: MON_TO_FRI,
      from: formatDateTimeText(w.startsAt, timeZone).slice(11),
      until: formatDateTimeText(w.endsAt, timeZone).slice(11),
      startsOn: formatDateText(w.startsAt, timeZone),
      endsOn: "",
    };
  const today = formatDateText(Date.now(), timeZone);
  return {
    kind: "weekly",
    start: `${w.startsOn} ${formatMinutes(w.fromMinute)}`,
    end: `${w.startsOn} ${formatMinutes(w.untilMinute)}`,
    weekdays: w.weekdays,
    from: formatMinutes(w.fromMinute),
    until: formatMinutes(w.untilMinute),
    startsOn: w.startsOn || today,
    endsOn: w.endsOn ?? "",
  };
}

/**
 * Typed text → the window to save, or what is wrong with which field (words for people). Only
 * the fields of the chosen kind count. Never throws, whatever was typed.
 */
export function specOf(
  f: WindowFields,
  timeZone: string,
): { spec: WindowSpecInput | null; errors: Partial<Record<FieldName, string>> } {
  const errors: Partial<Record<FieldName, string>> = {};
  if (f.kind === "once") {
    const startsAt = parseDateTimeText(f.start, timeZone);
    const endsAt = parseDateTimeText(f.end, timeZone, { end: true });
    if (!startsAt) errors.start = "Enter the start as a date and 24-hour time, like 2026-03-14 09:30.";
    if (!endsAt) errors.end = "Enter the end as a date and 24-hour time, like 2026-03-14 17:00.";
    if (startsAt && endsAt && endsAt <= startsAt) errors.end = "The window must end after it starts.";
    if (Object.keys(errors).length || !startsAt || !endsAt) return { spec: null, errors };
    return { spec: { kind: "once", startsAt, endsAt }, errors };
  }
  const fromMinute = parseTimeOfDay(f.from);
  const untilMinute = parseEndOfDay(f.until);
  const startsOn = parseDateText(f.startsOn);
  const endsOn = f.endsOn.trim() ? parseDateText(f.endsOn) : null;
  if (!f.weekdays) errors.weekdays = "Pick at least one weekday.";
  if (fromMinute === null) errors.from = "Enter the daily start as 24-hour time, like 08:00.";
  if (untilMinute === null) errors.until = "Enter the daily end as 24-hour time, like 18:00 (00:00 = midnight).";
  if (fromMinute !== null && untilMinute !== null && untilMinute <= fromMinute)
    errors.until = "The daily end must be after the daily start (split windows that cross midnight).";
  if (!startsOn) errors.startsOn = "Enter the first day as a date, like 2026-03-14.";
  if (f.endsOn.trim() && !endsOn) errors.endsOn = "Enter the last day as a date, like 2026-03-31, or leave it empty.";
  if (startsOn && endsOn && endsOn < startsOn) errors.endsOn = "The last day must be on or after the first day.";
  if (Object.keys(errors).length || fromMinute === null || untilMinute === null || !startsOn)
    return { spec: null, errors };
  return { spec: { kind: "weekly", weekdays: f.weekdays, fromMinute, untilMinute, startsOn, endsOn }, errors };
}

/** The server's field paths (zod) → the dialog's fields, so its message shows once, at its field. */
export const SERVER_FIELD: Record<string, FieldName | "customer" | "doors" | "note"> = {
  customerId: "customer",
  doorId: "doors",
  doorIds: "doors",
  note: "note",
  "window.startsAt": "start",
  "window.endsAt": "end",
  "window.weekdays": "weekdays",
  "window.fromMinute": "from",
  "window.untilMinute": "until",
  "window.startsOn": "startsOn",
  "window.endsOn": "endsOn",
};
