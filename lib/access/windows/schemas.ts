import { z } from "zod";
import { boundedDate, DATE_RANGE_MESSAGE } from "@/lib/time/date-bounds";
import { isValidTimeZone, parseLocalDate } from "@/lib/time/zoned-time";

const MAX_ONCE_MS = 366 * 86_400_000;
const localDate = z
  .string()
  .refine((s) => {
    try {
      parseLocalDate(s);
      return true;
    } catch {
      return false;
    }
  }, "Use a date like 2026-01-31.")
  .refine((s) => s >= "2000-01-01" && s < "2100-01-01", DATE_RANGE_MESSAGE);

export const onceWindowInput = z
  .object({
    kind: z.literal("once"),
    startsAt: boundedDate("Give a start time."),
    endsAt: boundedDate("Give an end time."),
  })
  .refine((w) => w.endsAt > w.startsAt, { message: "The window must end after it starts.", path: ["endsAt"] })
  .refine((w) => w.endsAt.getTime() - w.startsAt.getTime() <= MAX_ONCE_MS, {
    message: "A one-off window can last at most a year; use a weekly window for longer access.",
    path: ["endsAt"],
  });

export const weeklyWindowInput = z
  .object({
    kind: z.literal("weekly"),
    weekdays: z.number().int().min(1, "Pick at least one weekday.").max(127),
    fromMinute: z.number().int().min(0).max(1439),
    untilMinute: z.number().int().min(1).max(1440),
    startsOn: localDate,
    endsOn: localDate.nullable(),
  })
  .refine((w) => w.untilMinute > w.fromMinute, {
    message: "The daily end must be after the daily start (split windows that cross midnight).",
    path: ["untilMinute"],
  })
  .refine((w) => w.endsOn === null || w.endsOn >= w.startsOn, {
    message: "The series must end on or after its first day.",
    path: ["endsOn"],
  });

export const windowSpecInput = z.discriminatedUnion("kind", [onceWindowInput, weeklyWindowInput]);
export type WindowSpecInput = z.infer<typeof windowSpecInput>;

const note = z.string().trim().max(200, "Keep the note under 200 characters.").optional();

export const createWindowInput = z.object({
  customerId: z.uuid("Pick a customer."),
  doorId: z.uuid("Pick a door."),
  window: windowSpecInput,
  note,
});
export const updateWindowInput = z.object({
  windowId: z.uuid(),
  expectedVersion: z.number().int().min(1),
  doorId: z.uuid().optional(),
  window: windowSpecInput,
  note,
});
export const deleteWindowInput = z.object({ windowId: z.uuid(), expectedVersion: z.number().int().min(1) });
export const bulkAssignInput = z.object({
  customerIds: z.array(z.uuid()).min(1, "Pick at least one customer.").max(200, "At most 200 customers at once."),
  doorIds: z.array(z.uuid()).min(1, "Pick at least one door.").max(50, "At most 50 doors at once."),
  window: windowSpecInput,
  note,
});
export const retryGrantInput = z.object({ grantId: z.uuid() });
export const editOccurrenceInput = z.object({
  windowId: z.uuid(),
  expectedVersion: z.number().int().min(1),
  occurrenceDate: localDate,
  change: z.union([
    z.literal("delete"),
    z
      .object({ startsAt: boundedDate(), endsAt: boundedDate(), doorId: z.uuid().optional() })
      .refine((c) => c.endsAt > c.startsAt, { message: "The window must end after it starts.", path: ["endsAt"] }),
  ]),
});
export type EditOccurrenceInput = z.infer<typeof editOccurrenceInput>;
export const timeZoneInput = z.string().refine(isValidTimeZone, "Unknown time zone.");

export type CreateWindowInput = z.infer<typeof createWindowInput>;
export type UpdateWindowInput = z.infer<typeof updateWindowInput>;
export type DeleteWindowInput = z.infer<typeof deleteWindowInput>;
export type BulkAssignInput = z.infer<typeof bulkAssignInput>;
