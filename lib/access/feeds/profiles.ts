import type { FeedEntry } from "./parse-feed";

export type FeedProfile = "airbnb" | "booking" | "pms";

/**
 * How each channel marks stays and blocks (shared/reference/integrations.md §3). Patterns are
 * case-insensitive regular expressions on SUMMARY; an operator override replaces either one.
 *  - Airbnb: stays are "Reserved"; "Airbnb (Not available)" is a block.
 *  - Booking.com: booked and closed nights both read "CLOSED - Not available" and the feed cannot
 *    tell them apart, so by default every entry is a stay (the operator may change that per feed).
 *  - PMS / room booking: the guest's name is the SUMMARY; "not available", "blocked", "closed",
 *    "maintenance", "owner" are blocks.
 */
export const PROFILES: Record<FeedProfile, { label: string; stay: string; block: string | null }> = {
  airbnb: { label: "Airbnb", stay: "^reserved$", block: "not available|blocked" },
  booking: { label: "Booking.com", stay: ".*", block: null },
  pms: { label: "PMS / room booking", stay: ".*", block: "not available|blocked|closed|maintenance|owner" },
};

export const FEED_PROFILES = Object.keys(PROFILES) as FeedProfile[];

/** The profile a URL or PRODID most likely comes from (the operator can change it). */
export function guessProfile(url: string, prodId = ""): FeedProfile {
  const s = `${url} ${prodId}`.toLowerCase();
  if (s.includes("airbnb")) return "airbnb";
  if (s.includes("booking.com")) return "booking";
  return "pms";
}

export type Classification = "stay" | "block" | "cancelled";

export type ClassifyRules = { profile: FeedProfile; stayPattern: string | null; blockPattern: string | null };

/** A pattern an operator typed: must compile, and stay short (it runs on every entry of every poll). */
export function patternError(pattern: string): string | null {
  if (pattern.length > 200) return "Keep the pattern under 200 characters.";
  try {
    new RegExp(pattern, "i");
    return null;
  } catch {
    return "That is not a valid pattern (a regular expression such as reserved|booked).";
  }
}

/**
 * Stay, block or cancelled. Blocks never create access: a block pattern wins over the stay
 * pattern, transparent ("free") entries are blocks, and so is every recurring entry — a guest's
 * stay does not repeat weekly, a cleaning or owner block does.
 */
export function classify(entry: FeedEntry, rules: ClassifyRules): Classification {
  if (entry.cancelled) return "cancelled";
  if (entry.recurring || entry.transparent) return "block";
  const block = rules.blockPattern ?? PROFILES[rules.profile].block;
  const stay = rules.stayPattern ?? PROFILES[rules.profile].stay;
  if (block && new RegExp(block, "i").test(entry.summary)) return "block";
  return new RegExp(stay, "i").test(entry.summary) ? "stay" : "block";
}

/** The guest's name as the channel gives it (Airbnb and Booking.com give none). */
export function guestNameOf(entry: FeedEntry, profile: FeedProfile, arrival: string): string {
  const day = arrival.slice(5);
  if (profile === "airbnb") {
    const last4 = /last 4 digits\)?:?\s*(\d{4})/i.exec(entry.description)?.[1];
    return last4 ? `Airbnb guest ${last4}` : `Airbnb guest ${day}`;
  }
  if (profile === "booking") return `Booking guest ${day}`;
  const name = entry.summary.replace(/\s+/g, " ").trim().slice(0, 100);
  return name || `Guest ${day}`;
}
