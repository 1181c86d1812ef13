import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { customers, doors } from "./index";
import { accessWindows } from "./windows";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let customerId: string;
let doorId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  [{ id: customerId }] = (await t.db
    .insert(customers)
    .values({ name: "Check Shape", email: "shape@example.com" })
    .returning({ id: customers.id })) as [{ id: string }];
  [{ id: doorId }] = (await t.db
    .insert(doors)
    .values({ name: "Door", smartlockId: 1, timeZone: "Europe/Berlin" })
    .returning({ id: doors.id })) as [{ id: string }];
});
afterAll(async () => t.drop());

const startsAt = new Date("2026-03-02T08:00:00Z");
const endsAt = new Date("2026-03-02T10:00:00Z");
const weekly = { weekdays: 0b11111, fromMinute: 480, untilMinute: 1020, seriesStart: "2026-03-02", seriesEnd: null };

// The database refuses rows whose kind-specific columns do not match the kind (window-row.ts relies on it).
describe("access_windows kind constraints", () => {
  const insert = (row: Partial<typeof accessWindows.$inferInsert>) =>
    t.db.insert(accessWindows).values({ customerId, doorId, kind: "once", startsAt, ...row });

  // Drizzle wraps the driver's error; the cause names the constraint that refused the row.
  const refusedBy = async (p: Promise<unknown>, constraint: string) =>
    expect(
      await p.then(
        () => null,
        (e: { cause?: { constraint?: string } }) => e.cause?.constraint,
      ),
    ).toBe(constraint);

  it("accepts a well-formed one-off and weekly window", async () => {
    await expect(insert({ kind: "once", endsAt })).resolves.toBeDefined();
    await expect(insert({ kind: "weekly", endsAt: null, ...weekly })).resolves.toBeDefined();
  });

  it("refuses a one-off window without an end", async () => {
    await refusedBy(insert({ kind: "once", endsAt: null }), "access_windows_once_shape");
  });

  it("refuses a one-off window carrying weekly columns", async () => {
    await refusedBy(insert({ kind: "once", endsAt, weekdays: 1 }), "access_windows_once_shape");
  });

  it.each(["weekdays", "fromMinute", "untilMinute", "seriesStart"] as const)(
    "refuses a weekly window without %s",
    async (column) => {
      await refusedBy(insert({ kind: "weekly", ...weekly, [column]: null }), "access_windows_weekly_shape");
    },
  );
});
