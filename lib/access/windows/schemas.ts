import { z } from "zod";
import { boundedDate } from "@/lib/time/date-bounds";
import { isValidTimeZone } from "@/lib/time/zoned-time";
import { localDateInput, windowSpecInput } from "@/lib/model/window-spec";

// The window itself (once / weekly) is the shared client-safe model; these are the actions' envelopes.
export { onceWindowInput, weeklyWindowInput, windowSpecInput, type WindowSpecInput } from "@/lib/model/window-spec";

const note = z.string().trim().max(200, "Keep the note under 200 characters.").optional();

export const createWindowInput = z.object({
  customerId: z.uuid("Pick a customer."),
  doorId: z.uuid("Pick a door."),
  window: windowSpecInput,
  note,
});
/** The dialog's "several doors at once": one customer, one window, each chosen door. */
export const createWindowsInput = z.object({
  customerId: z.uuid("Pick a customer."),
  doorIds: z
    .array(z.uuid("Pick a door."))
    .min(1, "Pick at least one door.")
    .max(20, "Pick at most 20 doors here; use Bulk assign for more."),
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
  occurrenceDate: localDateInput,
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
export type CreateWindowsInput = z.infer<typeof createWindowsInput>;
export type UpdateWindowInput = z.infer<typeof updateWindowInput>;
export type DeleteWindowInput = z.infer<typeof deleteWindowInput>;
export type BulkAssignInput = z.infer<typeof bulkAssignInput>;
