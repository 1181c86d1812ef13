import "server-only";
// ical.js (Mozilla's parser, the one Thunderbird uses) rather than a hand-written reader: it unfolds
// long lines, accepts CRLF and bare LF, decodes escapes, resolves TZID against the feed's own
// VTIMEZONE rules and expands RRULEs with their exceptions — each of which exporters get subtly wrong.
import ICAL from "ical.js";
import { formatLocalDate, isValidTimeZone, type LocalDate } from "@/lib/time/zoned-time";

/** A point in time as the feed gave it: an exact instant, or a wall-clock time in a named (or the door's) zone. */
export type FeedTime = { instant: number } | { local: LocalDate; minutes: number; zone: string | null };

/** One VEVENT (or one occurrence of a recurring one), before any channel rule is applied. */
export type FeedEntry = {
  uid: string;
  summary: string;
  description: string;
  cancelled: boolean;
  transparent: boolean;
  recurring: boolean;
  email: string | null;
  /** All-day entries: arrival day and departure day (DTEND is exclusive, i.e. the departure day). */
  when: { kind: "dates"; arrival: string; departure: string } | { kind: "timed"; start: FeedTime; end: FeedTime };
};

export type ParsedFeed = { prodId: string; entries: FeedEntry[]; skipped: number };

export class FeedParseError extends Error {}

const MAX_OCCURRENCES = 400;
const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i;

const dateOf = (t: ICAL.Time): LocalDate => ({ y: t.year, m: t.month, d: t.day });

function timeOf(t: ICAL.Time, tzid: string | null): FeedTime {
  // ical.js attaches a zone when the time is UTC ("Z") or its TZID matched a VTIMEZONE of this feed:
  // then the feed's own rules decide the instant. Otherwise the time is wall-clock: in the TZID if
  // it is an IANA name we know, else (floating) in the door's zone, decided when it is placed.
  const zone = t.zone?.tzid;
  if (zone && zone !== "floating") return { instant: t.toUnixTime() * 1000 };
  return {
    local: dateOf(t),
    minutes: t.hour * 60 + t.minute,
    zone: tzid && isValidTimeZone(tzid) ? tzid : null,
  };
}

function emailOf(ve: ICAL.Component, description: string): string | null {
  for (const attendee of ve.getAllProperties("attendee")) {
    const value = String(attendee.getFirstValue() ?? "");
    const m = /^mailto:(.+)$/i.exec(value);
    if (m && EMAIL.test(m[1]!)) return m[1]!.trim().toLowerCase();
  }
  const m = /e-?mail[^:]*:\s*(\S+)/i.exec(description);
  return m && EMAIL.test(m[1]!) ? EMAIL.exec(m[1]!)![0].toLowerCase() : null;
}

function entryOf(
  ve: ICAL.Component,
  uid: string,
  start: ICAL.Time,
  end: ICAL.Time,
  recurring: boolean,
): FeedEntry | null {
  const summary = String(ve.getFirstPropertyValue("summary") ?? "").trim();
  const description = String(ve.getFirstPropertyValue("description") ?? "");
  const status = String(ve.getFirstPropertyValue("status") ?? "").toUpperCase();
  const transp = String(ve.getFirstPropertyValue("transp") ?? "").toUpperCase();
  const base = {
    uid,
    summary,
    description,
    cancelled: status === "CANCELLED",
    transparent: transp === "TRANSPARENT",
    recurring,
    email: emailOf(ve, description),
  };
  if (start.isDate) {
    // A one-day all-day entry may omit DTEND (RFC 5545: it then lasts the one day).
    const departure = end.isDate && end.compare(start) > 0 ? end : start.clone();
    if (departure.compare(start) === 0) departure.day += 1;
    departure.isDate = true;
    return {
      ...base,
      when: {
        kind: "dates",
        arrival: formatLocalDate(dateOf(start)),
        departure: formatLocalDate(dateOf(departure.clone())),
      },
    };
  }
  const tzStart = ve.getFirstProperty("dtstart")?.getParameter("tzid");
  const tzEnd = ve.getFirstProperty("dtend")?.getParameter("tzid") ?? tzStart;
  return {
    ...base,
    when: {
      kind: "timed",
      start: timeOf(start, typeof tzStart === "string" ? tzStart : null),
      end: timeOf(end, typeof tzEnd === "string" ? tzEnd : null),
    },
  };
}

/**
 * Reads an iCalendar feed into entries. Recurring entries are expanded from `from` to `until`
 * (each occurrence its own entry, UID `uid/YYYY-MM-DD…`); entries without UID or DTSTART are
 * counted as skipped, never guessed.
 */
export function parseFeed(text: string, window: { from: number; until: number }): ParsedFeed {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (e) {
    throw new FeedParseError(`This is not a readable iCalendar file (${(e as Error).message.slice(0, 120)}).`);
  }
  if (root.name !== "vcalendar") throw new FeedParseError("This is not an iCalendar feed (no VCALENDAR).");
  const vevents = root.getAllSubcomponents("vevent");
  // Modified occurrences (RECURRENCE-ID) belong to their master event, not beside it.
  const exceptions = vevents.filter((ve) => ve.hasProperty("recurrence-id"));
  const masters = vevents.filter((ve) => !ve.hasProperty("recurrence-id"));
  const entries: FeedEntry[] = [];
  let skipped = 0;
  for (const ve of masters) {
    const uid = String(ve.getFirstPropertyValue("uid") ?? "").trim();
    if (!uid || !ve.hasProperty("dtstart")) {
      skipped++;
      continue;
    }
    try {
      const event = new ICAL.Event(ve);
      for (const ex of exceptions)
        if (String(ex.getFirstPropertyValue("uid")) === uid) event.relateException(new ICAL.Event(ex));
      if (!event.isRecurring()) {
        const e = entryOf(ve, uid, event.startDate, event.endDate ?? event.startDate, false);
        if (e) entries.push(e);
        continue;
      }
      const it = event.iterator();
      for (let n = 0, next = it.next(); next && n < MAX_OCCURRENCES; next = it.next(), n++) {
        if (next.toUnixTime() * 1000 > window.until) break;
        const occ = event.getOccurrenceDetails(next);
        if (occ.endDate.toUnixTime() * 1000 < window.from) continue;
        const e = entryOf(occ.item.component, `${uid}/${next.toString()}`, occ.startDate, occ.endDate, true);
        if (e) entries.push(e);
      }
    } catch {
      skipped++;
    }
  }
  return { prodId: String(root.getFirstPropertyValue("prodid") ?? ""), entries, skipped };
}
