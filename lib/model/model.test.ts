import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { customerInput } from "@/lib/access/customers/save-customer";
import { createWindowInput } from "@/lib/access/windows/schemas";
import { MIDNIGHT_END, parseEndOfDay, parseTimeOfDay, spanEndMinute } from "./daily-time";
import { firstMessage } from "./messages";
import { describeWeekdays, shiftWeekdays } from "./weekdays";
import { windowSpecInput } from "./window-spec";

describe("weekdays", () => {
  it("moves a series' days with a drag, wrapping the week", () => {
    expect(shiftWeekdays(64 | 16, 2)).toBe(16 | 4); // Mon+Wed → Wed+Fri
    expect(shiftWeekdays(1, 1)).toBe(64); // Sun → Mon
    expect(shiftWeekdays(64, -1)).toBe(1); // Mon → Sun
    expect(shiftWeekdays(124, 7)).toBe(124);
    expect(describeWeekdays(124)).toBe("Mon–Fri");
  });
});

describe("times of day", () => {
  it('reads "00:00" as an end as midnight at the end of the day, and nothing malformed', () => {
    expect(parseEndOfDay("00:00")).toBe(MIDNIGHT_END);
    expect(parseEndOfDay("24:00")).toBe(MIDNIGHT_END);
    expect(parseTimeOfDay("00:00")).toBe(0);
    expect(parseTimeOfDay("9:05")).toBe(545);
    for (const bad of ["", "24:00", "12:60", "1230", "ab:cd", "012:00", "-1:00"])
      expect(parseTimeOfDay(bad)).toBeNull();
    expect(spanEndMinute(0, true)).toBe(MIDNIGHT_END);
    expect(spanEndMinute(0, false)).toBe(0);
  });
});

describe("messages written for people", () => {
  const messages = (schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it("no zod default wording reaches a person from the customer or window schemas", () => {
    const all = [
      ...messages(customerInput, {
        name: "x".repeat(121),
        email: "nope",
        phone: "1".repeat(41),
        groupName: "g".repeat(61),
        preferredCredential: "sms",
      }),
      ...messages(customerInput, {}),
      ...messages(createWindowInput, {
        customerId: "x",
        doorId: "y",
        window: { kind: "once", startsAt: "soon", endsAt: "later" },
      }),
      ...messages(createWindowInput, {
        customerId: crypto.randomUUID(),
        doorId: crypto.randomUUID(),
        window: { kind: "weekly", weekdays: 0, fromMinute: 1500, untilMinute: 0, startsOn: "2026-02-30", endsOn: "x" },
      }),
      ...messages(createWindowInput, {
        customerId: crypto.randomUUID(),
        doorId: crypto.randomUUID(),
        window: { kind: "daily" },
      }),
      ...messages(createWindowInput, {
        customerId: crypto.randomUUID(),
        doorId: crypto.randomUUID(),
        window: { kind: "once", startsAt: "2026-01-01T10:00Z", endsAt: "2026-01-01T09:00Z" },
        note: "n".repeat(201),
      }),
    ];
    expect(all.length).toBeGreaterThan(10);
    for (const m of all) {
      expect(m).not.toMatch(/expected|Invalid input|Too (big|small)|<=|>=|received/i);
      expect(m).toMatch(/^[A-Z].*[.]$/); // a sentence
    }
    expect(all).toContain("Keep the name under 120 characters.");
  });

  it("the one message shown has no internal field path in it", () => {
    const r = createWindowInput.safeParse({
      customerId: crypto.randomUUID(),
      doorId: crypto.randomUUID(),
      window: { kind: "once", startsAt: "2026-01-01T10:00Z", endsAt: "2026-01-01T09:00Z" },
    });
    expect(r.success).toBe(false);
    if (!r.success) expect(firstMessage(r.error)).toBe("The window must end after it starts.");
  });

  it("an invalid date instant is refused with words, not accepted as Invalid Date", () => {
    const r = windowSpecInput.safeParse({ kind: "once", startsAt: new Date(Number.NaN), endsAt: new Date() });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]?.message).toMatch(/^Enter the start/);
  });
});
