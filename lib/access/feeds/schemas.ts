import { z } from "zod";
import { FEED_PROFILES, patternError } from "./profiles";

const minutesOfDay = (what: string) =>
  z
    .number({ error: `Enter the ${what} time, like 15:00.` })
    .int(`Enter the ${what} time, like 15:00.`)
    .min(0, `Enter the ${what} time, like 15:00.`)
    .max(1439, `Enter the ${what} time, like 15:00.`)
    .nullable();
const pattern = z
  .string()
  .trim()
  .max(200, "Keep the pattern under 200 characters.")
  .refine(
    (s) => s === "" || patternError(s) === null,
    "That is not a valid pattern (a regular expression such as reserved|booked).",
  )
  .transform((s) => s || null)
  .nullable();

export const feedUrlInput = z
  .string()
  .trim()
  .max(2000, "That URL is too long.")
  .pipe(
    z.url({
      protocol: /^https?$/,
      error: "Enter the feed's http:// or https:// address (the channel's iCal export link).",
    }),
  );

/** Everything staff set on a feed besides its URL and where it places stays. */
export const feedSettingsInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the feed (e.g. “Airbnb – Studio 3”).")
    .max(80, "Keep the name under 80 characters."),
  profile: z.enum(FEED_PROFILES, { error: "Choose the channel the feed comes from." }),
  stayPattern: pattern.default(null),
  blockPattern: pattern.default(null),
  checkInMinutes: minutesOfDay("check-in").default(null),
  checkOutMinutes: minutesOfDay("check-out").default(null),
  graceBeforeMinutes: z
    .number()
    .int()
    .min(0, "Grace cannot be negative.")
    .max(720, "At most 12 hours of grace.")
    .default(0),
  graceAfterMinutes: z
    .number()
    .int()
    .min(0, "Grace cannot be negative.")
    .max(720, "At most 12 hours of grace.")
    .default(0),
  intervalMinutes: z
    .number()
    .int()
    .min(5, "Poll at most every 5 minutes (channels throttle).")
    .max(1440, "Poll at least once a day.")
    .default(15),
  vanishGraceMinutes: z.number().int().min(0).max(10_080, "At most a week.").default(180),
  disappearanceThreshold: z.number().int().min(1, "Between 1 and 100 %.").max(100, "Between 1 and 100 %.").default(30),
});

const target = {
  doorId: z.uuid("Pick a door or a door group.").nullable().default(null),
  groupId: z.uuid("Pick a door or a door group.").nullable().default(null),
};
const oneTarget = (v: { doorId: string | null; groupId: string | null }) =>
  (v.doorId === null) !== (v.groupId === null);
const TARGET_MESSAGE = { message: "Pick either one door or one door group.", path: ["doorId"] };

export const createFeedInput = feedSettingsInput
  .extend({ url: feedUrlInput, ...target, enable: z.boolean().default(false) })
  .refine(oneTarget, TARGET_MESSAGE);
export const previewFeedInput = feedSettingsInput
  .extend({ url: feedUrlInput, ...target })
  .refine(oneTarget, TARGET_MESSAGE);
export const updateFeedInput = feedSettingsInput
  .extend({
    feedId: z.uuid(),
    expectedVersion: z.number().int().min(1),
    // Empty = keep the stored URL (the page never shows it back).
    url: z.union([z.literal(""), feedUrlInput]).default(""),
  })
  .strict();
export const feedRefInput = z.object({ feedId: z.uuid(), expectedVersion: z.number().int().min(1) });
export const setFeedStateInput = feedRefInput.extend({
  state: z.enum(["active", "paused"], { error: "Choose enable or pause." }),
});
export const handOverInput = z.object({ reservationId: z.uuid() });

export type CreateFeedInput = z.input<typeof createFeedInput>;
export type PreviewFeedInput = z.input<typeof previewFeedInput>;
export type UpdateFeedInput = z.input<typeof updateFeedInput>;
