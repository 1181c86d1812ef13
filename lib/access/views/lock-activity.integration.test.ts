import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doors, lockEvents } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { activityCsv, lockActivity } from "./lock-activity";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const manager = { id: "00000000-0000-4000-8000-000000000002", role: "manager" as const, label: "M", customerId: null };
let berlin: string;
let tokyo: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const made = await t.db
    .insert(doors)
    .values([
      { name: "Berlin door", smartlockId: 17_000_000_001, timeZone: "Europe/Berlin" },
      { name: "Tokyo door", smartlockId: 17_000_000_002, timeZone: "Asia/Tokyo" },
    ])
    .returning({ id: doors.id, name: doors.name });
  berlin = made.find((d) => d.name === "Berlin door")!.id;
  tokyo = made.find((d) => d.name === "Tokyo door")!.id;
  const ev = (id: string, doorId: string, at: string) => ({
    id,
    doorId,
    at: new Date(at),
    action: 1,
    trigger: 255,
    state: 0,
  });
  await t.db.insert(lockEvents).values([
    ev("b-before", berlin, "2026-11-27T22:59:00Z"), // 27 Nov 23:59 in Berlin
    ev("b-first", berlin, "2026-11-27T23:00:00Z"), // 28 Nov 00:00 in Berlin
    ev("b-last", berlin, "2026-11-28T22:59:59Z"), // 28 Nov 23:59:59 in Berlin
    ev("b-after", berlin, "2026-11-28T23:00:00Z"), // 29 Nov 00:00 in Berlin
    ev("t-in", tokyo, "2026-11-27T15:30:00Z"), // 28 Nov 00:30 in Tokyo (still the 27th in UTC)
    ev("t-out", tokyo, "2026-11-28T15:30:00Z"), // 29 Nov 00:30 in Tokyo
  ]);
});
afterAll(async () => t.drop());

describe("lock activity date range", () => {
  it("From = To = one day shows exactly that day, in each door's own clock", async () => {
    const rows = await lockActivity(t.db, manager, { from: "2026-11-28", to: "2026-11-28" });
    const names = rows.map((r) => `${r.doorName}@${r.at.toISOString()}`).sort();
    expect(names).toEqual(
      [
        "Berlin door@2026-11-27T23:00:00.000Z",
        "Berlin door@2026-11-28T22:59:59.000Z",
        "Tokyo door@2026-11-27T15:30:00.000Z",
      ].sort(),
    );
  });

  it("an open end keeps the other bound inclusive", async () => {
    const since = await lockActivity(t.db, manager, { doorId: berlin, from: "2026-11-29" });
    expect(since.map((r) => r.at.toISOString())).toEqual(["2026-11-28T23:00:00.000Z"]);
    const until = await lockActivity(t.db, manager, { doorId: berlin, to: "2026-11-27" });
    expect(until.map((r) => r.at.toISOString())).toEqual(["2026-11-27T22:59:00.000Z"]);
  });

  it("refuses a day that is not a calendar date instead of guessing", async () => {
    await expect(lockActivity(t.db, manager, { from: "2026-02-30" })).rejects.toThrow();
    await expect(lockActivity(t.db, manager, { to: "yesterday" })).rejects.toThrow();
  });

  it("exports the door's wall-clock time with its zone, and UTC for machines", async () => {
    const csv = activityCsv(
      await lockActivity(t.db, manager, { doorId: berlin, from: "2026-11-28", to: "2026-11-28" }),
    );
    const [head, first] = csv.split("\r\n");
    expect(head).toBe('"time (door\'s zone)","zone","time (UTC)","door","customer","auth name","what","result"');
    expect(first).toBe(
      '"2026-11-28 23:59:59","Europe/Berlin (CET)","2026-11-28T22:59:59.000Z","Berlin door","","","unlock via keypad","opened"',
    );
  });
});
