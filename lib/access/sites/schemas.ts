import { z } from "zod";
import { formatMinutes, parseTimeOfDay } from "@/lib/model/daily-time";
import { isValidTimeZone } from "@/lib/time/zoned-time";
import { templateProblems } from "@/lib/model/message-templates";

/**
 * Inputs of the site and door-group services. Client-safe (no server code) so forms can show the
 * same messages; the services parse again whoever calls them.
 */
const name = (what: string) =>
  z
    .string({ error: `Enter the ${what}'s name.` })
    .trim()
    .min(1, `Enter the ${what}'s name.`)
    .max(80, `Keep the ${what}'s name under 80 characters.`);

// Intl knows every IANA zone the runtime (and so the compiler) can schedule in; a zone Intl refuses
// could not be formatted or compiled, so it is refused here with the reason.
export const timeZoneInput = z
  .string({ error: "Choose the site's time zone." })
  .trim()
  .min(1, "Choose the site's time zone.")
  .refine(isValidTimeZone, {
    error: (issue) =>
      `"${String(issue.input)}" is not an IANA time zone; use a name like Europe/Berlin or America/New_York.`,
  });

// "HH:MM" from a form, or minutes after midnight (what the services get back after parsing once;
// turned back into HH:MM first so one message covers both, where a union would answer "Invalid input").
const timeOfDay = (what: string) =>
  z.preprocess(
    (v) => (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 1440 ? formatMinutes(v) : v),
    z.string({ error: `Enter the ${what} time as HH:MM.` }).transform((s, ctx) => {
      const m = parseTimeOfDay(s);
      if (m === null) {
        ctx.addIssue({ code: "custom", message: `Enter the ${what} time as HH:MM (00:00–23:59), e.g. 15:00.` });
        return z.NEVER;
      }
      return m;
    }),
  );

export const siteFields = z.object({
  name: name("site"),
  timeZone: timeZoneInput,
  checkIn: timeOfDay("check-in"),
  checkOut: timeOfDay("check-out"),
});
export const createSiteInput = siteFields;
export const updateSiteInput = siteFields.extend({ siteId: z.uuid(), expectedVersion: z.number().int().min(1) });
export const deleteSiteInput = z.object({ siteId: z.uuid(), expectedVersion: z.number().int().min(1) });

/** Group changes are versioned on their site: a site's groups and its doors' places are one editor. */
export const createGroupInput = z.object({
  siteId: z.uuid(),
  expectedVersion: z.number().int().min(1),
  name: name("group"),
});
export const renameGroupInput = z.object({
  groupId: z.uuid(),
  expectedVersion: z.number().int().min(1),
  name: name("group"),
});
export const deleteGroupInput = z.object({ groupId: z.uuid(), expectedVersion: z.number().int().min(1) });

/**
 * Doors moved together. Each door names where the mover saw it (site, group): a door someone else
 * moved meanwhile fails the whole move with a conflict instead of being moved twice over.
 */
export const moveDoorsInput = z.object({
  doors: z
    .array(z.object({ doorId: z.uuid(), siteId: z.uuid().nullable(), groupId: z.uuid().nullable() }))
    .min(1, "Select at least one door.")
    .max(500, "Move at most 500 doors at once."),
  siteId: z.uuid({ error: "Choose a site." }),
  // null = no group; undefined = keep each door's group where it stays in its site.
  groupId: z.uuid().nullable().optional(),
});

export type SiteFormValues = z.input<typeof siteFields>;
export const siteFormValues = (s: {
  name: string;
  timeZone: string;
  checkInMinutes: number;
  checkOutMinutes: number;
}) => ({
  name: s.name,
  timeZone: s.timeZone,
  checkIn: formatMinutes(s.checkInMinutes),
  checkOut: formatMinutes(s.checkOutMinutes),
});

// Guest delivery settings (lib/access/delivery): hours in the form, minutes in the database. An empty
// template falls back to Portier's default; placeholders are checked so a typo is not mailed verbatim.
const template = (what: string, max: number) =>
  z
    .string({ error: `Enter the ${what}, or leave it empty for the default.` })
    .max(max, `Keep the ${what} under ${max} characters.`)
    .superRefine((s, ctx) => {
      for (const message of templateProblems(s)) ctx.addIssue({ code: "custom", message });
    });

export const siteDeliveryFields = z
  .object({
    leadHours: z
      .number({ error: "Enter the lead time in hours." })
      .min(1, "Send the message at least 1 hour before arrival.")
      .max(336, "Send the message at most 336 hours (14 days) before arrival."),
    deadlineHours: z
      .number({ error: "Enter the confirmation deadline in hours." })
      .min(0.25, "Give the lock until at least 15 minutes before arrival (0.25 h).")
      .max(168, "Make the confirmation deadline at most 168 hours before arrival."),
    subject: template("subject", 200).refine((s) => !/[\r\n]/.test(s), "Keep the subject on one line."),
    text: template("plain-text message", 5000),
    html: template("HTML message", 10000),
    deskContact: z.string().trim().max(200, "Keep the desk contact under 200 characters."),
  })
  .refine((v) => v.deadlineHours < v.leadHours, {
    path: ["deadlineHours"],
    message:
      "The deadline must be fewer hours before arrival than the lead time (the message is due first, the deadline comes after).",
  });

export const updateSiteDeliveryInput = z.object({
  siteId: z.uuid(),
  expectedVersion: z.number().int().min(1),
  settings: siteDeliveryFields,
});
export type SiteDeliveryFormValues = z.input<typeof siteDeliveryFields>;
