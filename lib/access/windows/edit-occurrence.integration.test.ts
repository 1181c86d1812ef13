import { afterEach, describe, expect, it } from "vitest";
import { accessWindows, auditLog } from "@/db/schema";
import { createEngine, type Engine } from "@/test/engine";
import { windowOccurrences } from "../compiler/occurrences";
import { createWindow } from "./create-window";
import { editOccurrence } from "./edit-occurrence";
import { specOf } from "./window-row";

let e: Engine;
afterEach(async () => e?.close());

// The manual clock starts Monday 2026-01-05 08:00Z.
const series = {
  kind: "weekly" as const,
  weekdays: 64 | 16,
  fromMinute: 600,
  untilMinute: 720,
  startsOn: "2026-01-05",
  endsOn: "2026-01-30",
};

async function occurrencesByDay() {
  const rows = await e.db.select().from(accessWindows);
  return rows
    .flatMap((r) =>
      windowOccurrences(specOf(r), "Europe/Berlin", Date.parse("2026-01-01"), Date.parse("2026-02-10")).map(
        (o) =>
          `${new Date(o.start).toISOString().slice(0, 16)}→${new Date(o.end).toISOString().slice(11, 16)}@${r.doorId === e.doorIds[0] ? 0 : 1}`,
      ),
    )
    .sort();
}

describe("editing one occurrence of a weekly series", () => {
  it("moves only that day (also to another door) and leaves the rest of the series", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: series,
    });
    const before = await occurrencesByDay();
    expect(before).toHaveLength(8);
    await editOccurrence(e, e.actor, {
      windowId: window.id,
      expectedVersion: 1,
      occurrenceDate: "2026-01-14",
      change: {
        startsAt: new Date("2026-01-14T13:00:00Z"),
        endsAt: new Date("2026-01-14T14:00:00Z"),
        doorId: e.doorIds[1],
      },
    });
    const after = await occurrencesByDay();
    expect(after).toHaveLength(8);
    expect(after).toContain("2026-01-14T13:00→14:00@1");
    expect(after).not.toContain("2026-01-14T09:00→11:00@0");
    expect(after.filter((o) => o !== "2026-01-14T13:00→14:00@1")).toEqual(
      before.filter((o) => o !== "2026-01-14T09:00→11:00@0"),
    );
    expect((await e.db.select().from(auditLog)).at(-1)!.action).toBe("window.move_occurrence");
  });

  it("deletes only that day, including the first one of the series", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: series,
    });
    await editOccurrence(e, e.actor, {
      windowId: window.id,
      expectedVersion: 1,
      occurrenceDate: "2026-01-05",
      change: "delete",
    });
    const after = await occurrencesByDay();
    expect(after).toHaveLength(7);
    expect(after[0]).toBe("2026-01-07T09:00→11:00@0");
  });

  it("refuses a day that is not an occurrence, and a stale version", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: series,
    });
    await expect(
      editOccurrence(e, e.actor, {
        windowId: window.id,
        expectedVersion: 1,
        occurrenceDate: "2026-01-06",
        change: "delete",
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      editOccurrence(e, e.actor, {
        windowId: window.id,
        expectedVersion: 7,
        occurrenceDate: "2026-01-07",
        change: "delete",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
