import { z } from "zod";
import { boundedDate, DATE_RANGE_MESSAGE } from "@/lib/time/date-bounds";
import { parseLocalDate } from "@/lib/time/zoned-time";
import { ALL_DAYS } from "./weekdays";
import { MIDNIGHT_END } from "./daily-time";
// Wording for any check without its own message, wherever a window is validated (browser or server).
import "./messages";

/**
 * An access window as staff give it, shared by the server (validation at every edge) and the
 * browser (the dialog builds exactly this). Client-safe: zod and pure date code only.
 *
 * - once: two instants, at most a year apart.
 * - weekly: weekdays (Nuki bits, see weekdays.ts), a daily span in the door's local minutes
 *   (`untilMinute` 1440 = midnight at the end of the day), local dates `startsOn` … `endsOn` inclusive.
 */
export const MAX_ONCE_MS = 366 * 86_400_000;

const isLocalDate = (s: string) => {
  try {
    parseLocalDate(s);
    return true;
  } catch {
    return false;
  }
};
export const localDateInput = z
  .string({ error: "Enter a date like 2026-01-31." })
  .refine(isLocalDate, "Enter a date like 2026-01-31.")
  // Access schedules live in this century; an extreme year is a typo or a probe (and Postgres refuses some).
  .refine((s) => s >= "2000-01-01" && s < "2100-01-01", DATE_RANGE_MESSAGE);

/** A date and time within the years 2000–2099 (lib/time/date-bounds), with words for what is missing. */
const instant = (what: string) => boundedDate(`Enter the ${what} as a date and time, like 2026-01-31 14:30.`);

export const onceWindowInput = z
  .object({ kind: z.literal("once"), startsAt: instant("start"), endsAt: instant("end") })
  .refine((w) => w.endsAt > w.startsAt, { message: "The window must end after it starts.", path: ["endsAt"] })
  .refine((w) => w.endsAt.getTime() - w.startsAt.getTime() <= MAX_ONCE_MS, {
    message: "A one-off window can last at most a year; use a weekly window for longer access.",
    path: ["endsAt"],
  });

const minute = (what: string, max: number) =>
  z
    .number({ error: `Enter the daily ${what} time, like 08:30.` })
    .int(`Enter the daily ${what} time, like 08:30.`)
    .min(0, `Enter the daily ${what} time, like 08:30.`)
    .max(max, `Enter the daily ${what} time, like 08:30.`);

export const weeklyWindowInput = z
  .object({
    kind: z.literal("weekly"),
    weekdays: z
      .number({ error: "Pick at least one weekday." })
      .int("Pick at least one weekday.")
      .min(1, "Pick at least one weekday.")
      .max(ALL_DAYS, "Pick weekdays from Monday to Sunday."),
    fromMinute: minute("start", MIDNIGHT_END - 1),
    untilMinute: minute("end", MIDNIGHT_END).min(1, "The daily end must be after the daily start."),
    startsOn: localDateInput,
    endsOn: localDateInput.nullable(),
  })
  .refine((w) => w.untilMinute > w.fromMinute, {
    message: "The daily end must be after the daily start (split windows that cross midnight).",
    path: ["untilMinute"],
  })
  .refine((w) => w.endsOn === null || w.endsOn >= w.startsOn, {
    message: "The last day must be on or after the first day.",
    path: ["endsOn"],
  });

export const windowSpecInput = z.discriminatedUnion("kind", [onceWindowInput, weeklyWindowInput], {
  error: "Choose a one-off or a weekly window.",
});
export type WindowSpecInput = z.infer<typeof windowSpecInput>;
export type WindowKind = WindowSpecInput["kind"];
