/** Weekday bit (Mon 64 … Sun 1) and minutes after midnight of an instant in an IANA zone. */
const BITS: Record<string, number> = { Mon: 64, Tue: 32, Wed: 16, Thu: 8, Fri: 4, Sat: 2, Sun: 1 };
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localParts(at: number, timeZone: string): { weekdayBit: number; minutes: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return { weekdayBit: BITS[parts.weekday!] ?? 0, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

export type Restriction = {
  enabled: boolean;
  allowedFromDate?: string | null;
  allowedUntilDate?: string | null;
  allowedWeekDays?: number | null;
  allowedFromTime?: number | null;
  allowedUntilTime?: number | null;
};

/**
 * How a lock decides whether an auth may open it at `at` (§3.6): dates are UTC instants and bound
 * the validity; weekday bits and daily minutes apply in the lock's local time; 0/0 minutes and
 * 0/127 weekdays mean "no restriction". An until-time below the from-time spans midnight [INF].
 */
export function authAllows(auth: Restriction, at: number, timeZone: string): boolean {
  if (!auth.enabled) return false;
  if (auth.allowedFromDate && at < Date.parse(auth.allowedFromDate)) return false;
  if (auth.allowedUntilDate && at >= Date.parse(auth.allowedUntilDate)) return false;
  const { weekdayBit, minutes } = localParts(at, timeZone);
  const days = auth.allowedWeekDays ?? 0;
  if (days !== 0 && days !== 127 && (days & weekdayBit) === 0) return false;
  const from = auth.allowedFromTime ?? 0;
  const until = auth.allowedUntilTime ?? 0;
  if (from === 0 && until === 0) return true;
  return from <= until ? minutes >= from && minutes < until : minutes >= from || minutes < until;
}
