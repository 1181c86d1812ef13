import { describe, expect, it } from "vitest";
import { createWindowInput } from "@/lib/access/windows/schemas";
import { boundedDate, DATE_RANGE_MESSAGE } from "./date-bounds";

const ids = { customerId: "00000000-0000-4000-8000-000000000001", doorId: "00000000-0000-4000-8000-000000000002" };

describe("extreme dates are refused as input, not sent to Postgres (issue 14, Low)", () => {
  it("refuses years JavaScript accepts and Postgres does not", () => {
    for (const s of ["+275760-09-13T00:00:00Z", "-271821-04-20T00:00:00Z", "1899-12-31T00:00:00Z", "2100-01-01"])
      expect(boundedDate().safeParse(s).success, s).toBe(false);
    expect(boundedDate().safeParse("2026-11-29T10:00:00Z").success).toBe(true);
  });
  it("in window input, with a message for people", () => {
    const once = createWindowInput.safeParse({
      ...ids,
      window: { kind: "once", startsAt: "+275760-09-12T00:00:00Z", endsAt: "+275760-09-13T00:00:00Z" },
    });
    expect(once.success).toBe(false);
    expect(once.error?.issues.map((i) => i.message)).toContain(DATE_RANGE_MESSAGE);
    const weekly = createWindowInput.safeParse({
      ...ids,
      window: { kind: "weekly", weekdays: 1, fromMinute: 0, untilMinute: 60, startsOn: "9999-01-01", endsOn: null },
    });
    expect(weekly.success).toBe(false);
  });
});
