import { z } from "zod";

/**
 * The dates Portier accepts from people and URLs. JavaScript takes years up to ±275760 and
 * Postgres refuses years before 4713 BC, so an unchecked "extreme" date reached the database and
 * came back as a 500. Access schedules live in this century; anything outside is a typo or a probe.
 */
export const EARLIEST_MS = Date.UTC(2000, 0, 1);
export const LATEST_MS = Date.UTC(2100, 0, 1);
export const DATE_RANGE_MESSAGE = "Use a date between the years 2000 and 2099.";

export const inDateRange = (ms: number) => Number.isFinite(ms) && ms >= EARLIEST_MS && ms < LATEST_MS;

/** z.coerce.date() limited to the range above (a 400 with words, never a database error). */
export const boundedDate = (missing = "Give a date and time.") =>
  z.coerce.date({ error: missing }).refine((d) => inDateRange(d.getTime()), DATE_RANGE_MESSAGE);
