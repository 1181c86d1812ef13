import { parseLocalDate, zonedInstant } from "@/lib/time/zoned-time";
import type { FeedEntry, FeedTime } from "./parse-feed";
import { classify, guestNameOf, type ClassifyRules } from "./profiles";

/** What a feed asks for: one stay per reservation UID, as a window on the site's wall clock. */
export type Stay = {
  uid: string;
  guestName: string;
  email: string | null;
  startsAt: number;
  endsAt: number;
  cancelled: boolean;
};

export type StaySettings = ClassifyRules & {
  /** The doors' zone (the site's): all-day dates and floating times are read on this clock. */
  timeZone: string;
  checkInMinutes: number;
  checkOutMinutes: number;
  graceBeforeMinutes: number;
  graceAfterMinutes: number;
};

const instantOf = (t: FeedTime, timeZone: string) =>
  "instant" in t ? t.instant : zonedInstant(t.local, t.minutes, t.zone ?? timeZone);

/**
 * The window of one entry. All-day entries (Airbnb, Booking.com): from check-in on the arrival day
 * to check-out on the departure day, on the site's clock (so a DST weekend stays 15:00 → 11:00 local).
 * Timed entries (PMS, room booking) already say when the guest comes and goes: their own instants,
 * read with the feed's TZID/VTIMEZONE. Grace minutes widen either.
 */
export function windowOf(entry: FeedEntry, s: StaySettings): { startsAt: number; endsAt: number } {
  const before = s.graceBeforeMinutes * 60_000;
  const after = s.graceAfterMinutes * 60_000;
  if (entry.when.kind === "dates")
    return {
      startsAt: zonedInstant(parseLocalDate(entry.when.arrival), s.checkInMinutes, s.timeZone) - before,
      endsAt: zonedInstant(parseLocalDate(entry.when.departure), s.checkOutMinutes, s.timeZone) + after,
    };
  return {
    startsAt: instantOf(entry.when.start, s.timeZone) - before,
    endsAt: instantOf(entry.when.end, s.timeZone) + after,
  };
}

export type StayPlan = { stays: Stay[]; blocks: number; invalid: { uid: string; reason: string }[] };

/** Entries → stays (blocks dropped and counted). A UID seen twice keeps its last entry, as calendar apps do. */
export function staysOf(entries: FeedEntry[], s: StaySettings): StayPlan {
  const byUid = new Map<string, Stay>();
  const invalid: StayPlan["invalid"] = [];
  let blocks = 0;
  for (const entry of entries) {
    const kind = classify(entry, s);
    if (kind === "block") {
      blocks++;
      continue;
    }
    const w = windowOf(entry, s);
    if (!(w.endsAt > w.startsAt)) {
      invalid.push({ uid: entry.uid, reason: "It ends before it starts (check-out before check-in)." });
      continue;
    }
    const arrival = entry.when.kind === "dates" ? entry.when.arrival : new Date(w.startsAt).toISOString().slice(0, 10);
    byUid.set(entry.uid, {
      uid: entry.uid,
      guestName: guestNameOf(entry, s.profile, arrival),
      email: entry.email,
      ...w,
      cancelled: kind === "cancelled",
    });
  }
  return { stays: [...byUid.values()], blocks, invalid };
}
