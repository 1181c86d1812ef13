import { localFields, zoneOffsetMs } from "./zoned-time";

/**
 * The timeline's clock, truthful on DST days. x is proportional to *elapsed* time (UTC instants),
 * so a window's bar is exactly as long as the window really is — a 02:00–04:00 window on
 * spring-forward night is one hour wide, on fall-back night three. Only the labels read the
 * site's wall clock: on spring-forward the skipped hour gets no label (a "gap" mark says so), on
 * fall-back the repeated hour is labelled twice, each with its offset (01:00 CEST, 01:00 CET).
 * Pure and client-safe (Intl only), tested in several zones.
 */

export type HourTick = {
  /** The instant the wall clock reads hh:00. */
  at: number;
  /** "01:00" on the site's wall clock. */
  label: string;
  /** Local minutes after midnight (0 = a new day starts here). */
  minutes: number;
  /** Set on both ticks of an hour the clock shows twice (fall-back): the zone's short name then. */
  repeated: string | null;
};

export type DstMark = {
  kind: "skipped" | "repeated";
  /** The instant of the change (the clock jumps or goes back here). */
  at: number;
  /** e.g. "02:00–03:00 does not exist (clocks go forward)". */
  text: string;
};

export type DayMark = { at: number; label: string; hours: number };

const QUARTER = 15 * 60_000;
const HOUR = 3_600_000;

const shortNames = new Map<string, Intl.DateTimeFormat[]>();
/**
 * "CEST", "CET", "EDT", or "GMT+2" where no locale has an abbreviation. Each locale names only its
 * own region's zones (en-GB says CEST but GMT-4; en-US says EDT but GMT+2), so both are asked.
 */
export function zoneAbbreviation(instant: number, timeZone: string): string {
  let fs = shortNames.get(timeZone);
  if (!fs) {
    fs = ["en-US", "en-GB"].map((l) => new Intl.DateTimeFormat(l, { timeZone, timeZoneName: "short" }));
    shortNames.set(timeZone, fs);
  }
  const names = fs.map(
    (f) => f.formatToParts(new Date(instant)).find((p) => p.type === "timeZoneName")?.value ?? timeZone,
  );
  return names.find((n) => !/^(GMT|UTC)[+-]/.test(n)) ?? names[0]!;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/**
 * Every instant in [from, to) where the wall clock reads a whole hour, and the DST changes in
 * between. Walks the range in real quarter hours (every zone's offset is a multiple of 15 minutes
 * today), so a zone at +05:30 gets its ticks at local whole hours, not at UTC ones.
 */
export function hourTicks(from: number, to: number, timeZone: string): { ticks: HourTick[]; marks: DstMark[] } {
  const ticks: HourTick[] = [];
  const marks: DstMark[] = [];
  const seen = new Map<string, HourTick>();
  let prevOffset = zoneOffsetMs(from, timeZone);
  for (let t = Math.ceil(from / QUARTER) * QUARTER; t < to; t += QUARTER) {
    const offset = zoneOffsetMs(t, timeZone);
    if (offset !== prevOffset) {
      const before = localFields(t - 1000, timeZone);
      const after = localFields(t, timeZone);
      const beforeEnd = (before.minutes + 1) % 1440; // the wall time the clock would have read
      marks.push(
        offset > prevOffset
          ? {
              kind: "skipped",
              at: t,
              text: `${hhmm(beforeEnd)}–${hhmm(after.minutes)} does not exist (clocks go forward to ${zoneAbbreviation(t, timeZone)})`,
            }
          : {
              kind: "repeated",
              at: t,
              text: `${hhmm(after.minutes)}–${hhmm(beforeEnd)} happens twice (clocks go back to ${zoneAbbreviation(t, timeZone)})`,
            },
      );
      prevOffset = offset;
    }
    const f = localFields(t, timeZone);
    if (f.minutes % 60 !== 0) continue;
    const key = `${f.y}-${f.m}-${f.d} ${f.minutes}`;
    const tick: HourTick = { at: t, label: hhmm(f.minutes), minutes: f.minutes, repeated: null };
    const twin = seen.get(key);
    if (twin) {
      twin.repeated = zoneAbbreviation(twin.at, timeZone);
      tick.repeated = zoneAbbreviation(t, timeZone);
    }
    seen.set(key, tick);
    ticks.push(tick);
  }
  return { ticks, marks };
}

const dayFormat = new Map<string, Intl.DateTimeFormat>();
/** Local midnights in [from, to), each with its real length in hours (23 or 25 on DST days). */
export function dayMarks(from: number, to: number, timeZone: string): DayMark[] {
  let f = dayFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short" });
    dayFormat.set(timeZone, f);
  }
  const { ticks } = hourTicks(from, to + 26 * HOUR, timeZone);
  const midnights = ticks.filter((t) => t.minutes === 0);
  // A range that starts mid-day still names its first (partial) day.
  if (!midnights.length || midnights[0]!.at > from)
    midnights.unshift({ at: from, label: "", minutes: 0, repeated: null });
  const out: DayMark[] = [];
  for (let i = 0; i < midnights.length; i++) {
    const at = midnights[i]!.at;
    if (at >= to) break;
    const next = midnights[i + 1]?.at;
    out.push({ at, label: f.format(new Date(at)), hours: next ? (next - at) / HOUR : 24 });
  }
  return out;
}

/** x ↔ time by elapsed milliseconds: the only mapping the timeline uses. */
export type TimeScale = { from: number; to: number; pxPerHour: number };
export const xOf = (s: TimeScale, t: number) => ((t - s.from) / HOUR) * s.pxPerHour;
export const timeOf = (s: TimeScale, x: number) => s.from + (x / s.pxPerHour) * HOUR;
export const widthOf = (s: TimeScale) => xOf(s, s.to);

/** Snaps an instant to the nearest step (15 min by default), counted in real time from the range start. */
export function snap(t: number, stepMs = QUARTER, origin = 0): number {
  return origin + Math.round((t - origin) / stepMs) * stepMs;
}

/** A wall-clock hour that a DST change skips or repeats, on one local date (for grids drawn on the wall clock). */
export type DstWallSpan = {
  kind: DstMark["kind"];
  date: string;
  fromMinute: number;
  untilMinute: number;
  text: string;
};

/**
 * The wall-clock spans of [from, to) that do not exist (spring) or happen twice (autumn). Grids that
 * draw equal wall-clock slots (react-big-calendar's day and week views) cannot show them truthfully,
 * so they mark these slots instead.
 */
export function dstWallSpans(from: number, to: number, timeZone: string): DstWallSpan[] {
  return hourTicks(from, to, timeZone).marks.map((m) => {
    const before = localFields(m.at - 1000, timeZone);
    const after = localFields(m.at, timeZone);
    const date = (f: { y: number; m: number; d: number }) =>
      `${f.y}-${String(f.m).padStart(2, "0")}-${String(f.d).padStart(2, "0")}`;
    const beforeEnd = before.minutes + 1;
    return m.kind === "skipped"
      ? { kind: m.kind, date: date(before), fromMinute: beforeEnd, untilMinute: after.minutes, text: m.text }
      : { kind: m.kind, date: date(after), fromMinute: after.minutes, untilMinute: beforeEnd, text: m.text };
  });
}
