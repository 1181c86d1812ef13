import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessWindows, customers, doors, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { createTestDatabase } from "@/test/db";
import { windowColumns } from "../windows/window-row";
import { calendarView, MAX_EVENTS, MAX_WINDOWS } from "./calendar-view";

/**
 * Issue 14 #8: 3,500 daily series in view. The old view read every row and expanded every
 * occurrence (over 100,000) before cutting at MAX_EVENTS; five such reads in parallel stalled the server.
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let actor: Actor;
const FROM = new Date("2030-03-01T00:00:00Z");
const TO = new Date("2030-05-01T00:00:00Z"); // 61 days
beforeAll(async () => {
  t = await createTestDatabase();
  const [u] = await t.db.insert(users).values({ email: "m@x.test", name: "M", role: "manager" }).returning();
  actor = { id: u!.id, role: "manager", label: "M", customerId: null };
  const doorRows = await t.db
    .insert(doors)
    .values(Array.from({ length: 10 }, (_, i) => ({ name: `D${i}`, smartlockId: 9000 + i, timeZone: "Europe/Berlin" })))
    .returning();
  const customerRows = await t.db
    .insert(customers)
    .values(Array.from({ length: 350 }, (_, i) => ({ name: `C${i}`, email: `c${i}@x.test` })))
    .returning();
  const spec = {
    kind: "weekly" as const,
    weekdays: 127,
    fromMinute: 480,
    untilMinute: 1080,
    startsOn: "2030-01-01",
    endsOn: "2030-12-31",
  };
  const rows = customerRows.flatMap((c) =>
    doorRows.map((d) => ({ customerId: c.id, doorId: d.id, ...windowColumns(spec, "Europe/Berlin") })),
  );
  for (let i = 0; i < rows.length; i += 500) await t.db.insert(accessWindows).values(rows.slice(i, i + 500));
}, 120_000);
afterAll(async () => t.drop());

describe("calendar reads are bounded per request", () => {
  it("reads at most MAX_WINDOWS rows and expands no more than MAX_EVENTS occurrences", async () => {
    const started = performance.now();
    const view = await calendarView(t.db, actor, { from: FROM, to: TO });
    const ms = performance.now() - started;
    expect(view.truncated).toBe(true);
    expect(view.events.length).toBe(MAX_EVENTS);
    // Expansion stops at the cap: the count of what was expanded is not the 213,500 in range.
    expect(view.total).toBeLessThanOrEqual(MAX_EVENTS);
    // Only the first MAX_WINDOWS windows (earliest first) could have contributed.
    expect(new Set(view.events.map((e) => e.windowId)).size).toBeLessThanOrEqual(MAX_WINDOWS);
    console.log(`[calendar-bounds] 3,500 series in view: ${ms.toFixed(0)} ms for one read`);
  });
});
