import type { LocalDate } from "@/lib/time/zoned-time";

/** A one-off window: exact instants (UTC ms), any length, may cross midnight. */
export type OnceWindow = { kind: "once"; startsAt: number; endsAt: number };

/**
 * A weekly window: on the weekdays in `weekdays` (Nuki bits, Mon 64 … Sun 1), from `fromMinute` to
 * `untilMinute` local time, for local dates `startsOn` … `endsOn` inclusive (null = open-ended).
 */
export type WeeklyWindow = {
  kind: "weekly";
  weekdays: number;
  fromMinute: number;
  untilMinute: number;
  startsOn: LocalDate;
  endsOn: LocalDate | null;
};

export type WindowSpec = (OnceWindow | WeeklyWindow) & { id?: string };
