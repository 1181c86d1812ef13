import { z } from "zod";
import { createWindowInput, updateWindowInput } from "@/lib/access/windows/schemas";
import { FILTERABLE_SYNC_STATES, GRANT_STATUSES } from "@/lib/model/sync-state";
import { boundedDate } from "@/lib/time/date-bounds";
import { PROBLEM_BASE, PROBLEM_TYPES } from "./problem";

/**
 * The public API's schemas: request schemas validate what arrives (the write bodies are the very
 * schemas the server actions use), response schemas describe what leaves. The OpenAPI document is
 * generated from these (lib/api/openapi.ts) and the contract test checks answers against it.
 */

// ── Pagination and filters ───────────────────────────────────────────────────────────────────────

/** Opaque to clients; inside, the id of the last row of the page (keyset pagination). */
export function encodeCursor(afterId: string) {
  return Buffer.from(JSON.stringify({ a: afterId })).toString("base64url");
}
export function decodeCursor(cursor: string): string | null {
  try {
    const { a } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return z.uuid().safeParse(a).success ? a : null;
  } catch {
    return null;
  }
}

const cursor = z
  .string()
  .max(200)
  .refine((c) => decodeCursor(c) !== null, "This cursor is not valid; start again without one.")
  .optional()
  .meta({ description: "Opaque cursor from the previous page's `nextCursor`." });
const limit = z.coerce
  .number()
  .int("The limit must be a whole number.")
  .min(1, "The limit must be at least 1.")
  .max(200, "The limit is at most 200.")
  .default(50)
  .meta({ description: "Items per page (1–200, default 50)." });
const updatedSince = boundedDate("Give updatedSince as an ISO 8601 date and time.")
  .optional()
  .meta({ description: "Only items changed at or after this instant (ISO 8601).", format: "date-time" });
const uuidParam = (what: string) => z.uuid(`Give the ${what} id (a UUID).`);

export const pageQuery = z.object({ cursor, limit });
export const customersQuery = pageQuery.extend({
  email: z.email("Give a valid email address.").optional().meta({ description: "Exact email (case-insensitive)." }),
  group: z.string().max(120).optional().meta({ description: "Customer group name." }),
  updatedSince,
});
export const doorsQuery = pageQuery.extend({
  site: uuidParam("site").optional().meta({ description: "Only doors of this site." }),
  group: uuidParam("door group").optional().meta({ description: "Only doors of this door group." }),
  includeArchived: z
    .enum(["true", "false"], { error: "includeArchived is true or false." })
    .optional()
    .meta({ description: "Also list doors whose lock left the Nuki account (default false)." }),
});
export const sitesQuery = pageQuery.extend({ updatedSince });

const MAX_RANGE_MS = 62 * 86_400_000;
const fromInstant = boundedDate("Give from as an ISO 8601 date and time.").meta({
  description: "Windows that end after this instant.",
  format: "date-time",
});
const toInstant = boundedDate("Give to as an ISO 8601 date and time.").meta({
  description: "Windows that start before this instant.",
  format: "date-time",
});
const windowFilters = {
  customer: uuidParam("customer").optional().meta({ description: "Only this customer's windows." }),
  door: uuidParam("door").optional().meta({ description: "Only windows on this door." }),
  site: uuidParam("site").optional().meta({ description: "Only windows on this site's doors." }),
  from: fromInstant.optional(),
  to: toInstant.optional(),
};
export const windowsQuery = pageQuery
  .extend({ ...windowFilters, updatedSince })
  .refine((q) => !q.from || !q.to || q.to > q.from, { message: "to must be after from.", path: ["to"] });
export const statusQuery = pageQuery
  .extend({ ...windowFilters, from: fromInstant, to: toInstant })
  .refine((q) => q.to > q.from && q.to.getTime() - q.from.getTime() <= MAX_RANGE_MS, {
    message: "The range must be positive and at most 62 days.",
    path: ["to"],
  });
export const windowIdParams = z.object({ id: uuidParam("window") });

// ── Write bodies: the server actions' own schemas ────────────────────────────────────────────────

export const createWindowBody = createWindowInput.meta({
  id: "CreateWindow",
  description:
    "A customer's window on a door. `once`: two instants. `weekly`: weekdays as Nuki bits (Mon=64 … Sun=1), a daily span in the door's local minutes, local first/last dates.",
});
export const updateWindowBody = updateWindowInput.omit({ windowId: true }).meta({
  id: "UpdateWindow",
  description:
    "Move or resize a window (optionally to another door). `expectedVersion` is the version you read; if the window changed since, nothing is written and the answer is 409 with the current window.",
});
export const deleteWindowQuery = z.object({
  expectedVersion: z.coerce
    .number()
    .int("expectedVersion must be a whole number.")
    .min(1, "expectedVersion must be at least 1.")
    .meta({ description: "The version you read; 409 if the window changed since." }),
});
export const idempotencyHeaders = z.object({
  "idempotency-key": z.string().min(1).max(255).meta({
    description:
      "Unique per intended write (e.g. a UUID). Retries with the same key and body replay the first answer for 24 h.",
  }),
});

// ── Responses ────────────────────────────────────────────────────────────────────────────────────

const instant = z.iso.datetime({ offset: true });
const nullableInstant = instant.nullable();

export const customerOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    group: z.string().nullable(),
    preferredCredential: z.enum(["keypad", "app"]),
    version: z.int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "Customer" });
export const doorOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    siteId: z.uuid().nullable(),
    groupId: z.uuid().nullable(),
    timeZone: z.string().meta({ description: "IANA zone the door's windows are scheduled in (its site's)." }),
    deviceType: z
      .int()
      .meta({ description: "Nuki device type (0 Smart Lock 1/2, 2 Opener, 3 Smart Door, 4 Smart Lock 3+)." }),
    keypadPaired: z.boolean(),
    online: z.boolean(),
    offlineSince: nullableInstant,
    batteryCharge: z.int().nullable(),
    batteryCritical: z.boolean(),
    archivedAt: nullableInstant,
    createdAt: instant,
  })
  .meta({ id: "Door" });
export const siteOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    timeZone: z.string(),
    checkInMinutes: z.int().meta({ description: "Default check-in, minutes after local midnight." }),
    checkOutMinutes: z.int(),
    version: z.int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "Site" });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const windowOut = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    doorId: z.uuid(),
    version: z.int().min(1),
    window: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("once"), startsAt: instant, endsAt: instant }),
      z.object({
        kind: z.literal("weekly"),
        weekdays: z.int(),
        fromMinute: z.int(),
        untilMinute: z.int(),
        startsOn: localDate,
        endsOn: localDate.nullable(),
      }),
    ]),
    note: z.string().nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "Window" });
const syncStates = [...new Set([...GRANT_STATUSES, ...FILTERABLE_SYNC_STATES])] as [string, ...string[]];
export const windowStatusOut = z
  .object({
    windowId: z.uuid(),
    version: z.int(),
    customerId: z.uuid(),
    doorId: z.uuid(),
    state: z.enum(syncStates).meta({
      description:
        "pending = sending to lock; applied = on lock; awaiting_lock = Nuki accepted, the lock has not picked it up; failed (see reason); lock_offline; scheduled = a later state of a rotating schedule; removing/removed.",
    }),
    label: z.string().meta({ description: "The words staff see, e.g. “On lock”." }),
    explanation: z.string(),
    reason: z.string().nullable().meta({ description: "Why it failed, when it did." }),
    since: instant,
    lockOnline: z.boolean(),
    lockOfflineSince: nullableInstant,
    credential: z.enum(["keypad", "app"]).nullable(),
  })
  .meta({ id: "WindowStatus" });

const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." }),
    })
    .meta({ id });
export const customerPage = pageOf(customerOut, "CustomerPage");
export const doorPage = pageOf(doorOut, "DoorPage");
export const sitePage = pageOf(siteOut, "SitePage");
export const windowPage = pageOf(windowOut, "WindowPage");
export const windowStatusPage = pageOf(windowStatusOut, "WindowStatusPage");
export const deletedOut = z.object({ deleted: windowOut }).meta({ id: "DeletedWindow" });

export const problemOut = z
  .object({
    type: z.string().meta({ description: `A URI reference: ${PROBLEM_BASE}<kind>.` }),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    instance: z.string(),
    errors: z
      .array(z.object({ in: z.enum(["path", "query", "body", "header"]), field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "Validation errors, one per field." }),
    current: windowOut.optional().meta({ description: "On a version conflict: the window as it is now." }),
  })
  .meta({
    id: "Problem",
    description: `RFC 9457 problem details. Kinds: ${Object.keys(PROBLEM_TYPES).join(", ")}.`,
  });
