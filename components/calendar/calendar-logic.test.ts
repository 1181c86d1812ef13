import { describe, expect, it } from "vitest";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { SyncState } from "@/lib/model/sync-state";
import { eventName } from "./event-name";
import { movedSpec } from "./moved-spec";
import { syncChanges } from "./use-sync-announcements";

const TZ = "Europe/Berlin";
const ev = (over: Partial<CalendarEvent> & { state?: SyncState } = {}): CalendarEvent => ({
  id: "w1",
  windowId: "w1",
  version: 1,
  customerId: "c1",
  customerName: "Anna Adler",
  doorId: "d1",
  start: "2026-03-16T08:00:00Z",
  end: "2026-03-16T10:00:00Z",
  occurrenceDate: "2026-03-16",
  spec: { kind: "once", startsAt: new Date("2026-03-16T08:00:00Z"), endsAt: new Date("2026-03-16T10:00:00Z") },
  note: null,
  sync: {
    state: over.state ?? "applied",
    since: "2026-03-01T00:00:00Z",
    error: null,
    grantId: "g1",
    offlineSince: null,
    credential: "keypad",
  },
  ...over,
});

describe("event names", () => {
  it("say who, which door, when and the lock state", () => {
    expect(eventName(ev(), "Studio A", TZ)).toBe("Anna Adler, Studio A, Mon 16 Mar 09:00–11:00, On lock");
    const failed = ev({ state: "failed" });
    failed.sync.error = "Keypad is not paired";
    expect(eventName(failed, "Studio B", TZ)).toBe(
      "Anna Adler, Studio B, Mon 16 Mar 09:00–11:00, Failed: Keypad is not paired",
    );
  });
});

describe("status announcements", () => {
  it("announce changes of windows already shown: outcomes politely, failures assertively", () => {
    const before = new Map<string, SyncState>([
      ["a", "pending"],
      ["b", "pending"],
      ["c", "applied"],
    ]);
    const now = [
      ev({ id: "a", state: "applied" }),
      ev({ id: "b", state: "failed" }),
      ev({ id: "c" }),
      ev({ id: "new", state: "failed" }),
    ];
    const r = syncChanges(before, now, (e) => e.id);
    // "new" failed at once (a save the lock refused before the first poll saw it pending): still news.
    expect(r).toEqual({ polite: ["a"], assertive: ["b", "new"] });
    expect(syncChanges(before, [ev({ id: "other", state: "applied" })], (e) => e.id)).toEqual({
      polite: [],
      assertive: [],
    });
  });
});

describe("moving a weekly series by drag", () => {
  it("shifts its weekdays and time of day on the wall clock; ending at midnight means 1440", () => {
    const weekly = ev({
      spec: {
        kind: "weekly",
        weekdays: 64 | 16,
        fromMinute: 540,
        untilMinute: 600,
        startsOn: "2026-03-02",
        endsOn: null,
      },
    });
    const m = {
      event: weekly,
      start: new Date(),
      end: new Date(),
      wallStart: new Date(2026, 2, 18, 22, 0), // Wednesday 22:00
      wallEnd: new Date(2026, 2, 19, 0, 0), // midnight
      doorId: "d1",
    };
    expect(movedSpec(m, new Date(2026, 2, 16, 9, 0))).toMatchObject({
      weekdays: 16 | 4,
      fromMinute: 1320,
      untilMinute: 1440,
    });
  });
});
