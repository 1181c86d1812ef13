/**
 * Nuki's `config.timezoneId` (an integer) ↔ IANA zone names.
 *
 * Nuki publishes the list on developer.nuki.io; it is not in our stored sources (reference/
 * nuki-web-api.md §10 Q9). This table follows the "Timezone ID" list of Nuki's Bluetooth API
 * documentation as remembered, and is labelled inferred: 37 = Europe/Berlin agrees with every
 * German lock example seen, the rest is unconfirmed. An id not in the table is reported as
 * unknown (null), never guessed: lock sync then keeps the door on UTC and says the zone is unknown.
 * 65535 means "no zone set" on the lock.
 */
export const NUKI_TIME_ZONES: Readonly<Record<number, string>> = {
  0: "Africa/Cairo",
  1: "Africa/Lagos",
  2: "Africa/Maputo",
  3: "Africa/Nairobi",
  4: "America/Anchorage",
  5: "America/Argentina/Buenos_Aires",
  6: "America/Chicago",
  7: "America/Denver",
  8: "America/Halifax",
  9: "America/Los_Angeles",
  10: "America/Manaus",
  11: "America/Mexico_City",
  12: "America/New_York",
  13: "America/Phoenix",
  14: "America/Regina",
  15: "America/Santiago",
  16: "America/Sao_Paulo",
  17: "America/St_Johns",
  18: "Asia/Bangkok",
  19: "Asia/Dubai",
  20: "Asia/Hong_Kong",
  21: "Asia/Jerusalem",
  22: "Asia/Karachi",
  23: "Asia/Kathmandu",
  24: "Asia/Kolkata",
  25: "Asia/Riyadh",
  26: "Asia/Seoul",
  27: "Asia/Shanghai",
  28: "Asia/Tehran",
  29: "Asia/Tokyo",
  30: "Asia/Yangon",
  31: "Australia/Adelaide",
  32: "Australia/Brisbane",
  33: "Australia/Darwin",
  34: "Australia/Hobart",
  35: "Australia/Perth",
  36: "Australia/Sydney",
  37: "Europe/Berlin",
  38: "Europe/Helsinki",
  39: "Europe/Istanbul",
  40: "Europe/London",
  41: "Europe/Moscow",
  42: "Pacific/Auckland",
  43: "Pacific/Guam",
  44: "Pacific/Honolulu",
  45: "Pacific/Pago_Pago",
};

/** "No zone set on the lock" [INF]. */
export const NUKI_TIME_ZONE_NONE = 65535;

/** The IANA zone of a Nuki timezoneId, or null when Nuki did not say or the id is not in the table. */
export function zoneOfTimezoneId(id: number | null | undefined): string | null {
  if (id == null) return null;
  return NUKI_TIME_ZONES[id] ?? null;
}

/** The Nuki timezoneId of an IANA zone (the simulator reports locks this way); NONE when not in the table. */
export function timezoneIdOf(zone: string): number {
  for (const [id, name] of Object.entries(NUKI_TIME_ZONES)) if (name === zone) return Number(id);
  return NUKI_TIME_ZONE_NONE;
}
