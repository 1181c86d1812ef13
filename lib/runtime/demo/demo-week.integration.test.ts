import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { accessWindows, auditLog, doors, grants, lockEvents } from "@/db/schema";
import { seedDemoIfEmpty } from "@/db/seed";
import { createCodeVault } from "@/lib/access/codes/code-vault";
import { DEFAULT_RECONCILER_CONFIG, type EngineContext } from "@/lib/access/context";
import { type Reconciler, startReconciler } from "@/lib/access/reconciler/loop";
import { calendarView } from "@/lib/access/views/calendar-view";
import { atRisk } from "@/lib/access/views/at-risk";
import { receiveNukiWebhook, webhookSecrets } from "@/lib/access/webhooks/receive-webhook";
import { ensureWebhookRegistered } from "@/lib/access/webhooks/register-webhook";
import { DEMO_NUKI_TOKEN } from "@/lib/demo-building";
import { RequestBudget } from "@/lib/nuki/budget";
import { NukiClient } from "@/lib/nuki/client";
import { seedDemoLocks } from "@/lib/nuki/sim/demo";
import { type RunningSimulator, startSimulatorServer } from "@/lib/nuki/sim/server";
import { createTestDatabase } from "@/test/db";
import { applyDemoQuirks, FULL_KEYPAD_DOOR, OFFLINE_DOOR, populateDemoWeek } from "./demo-week";

// The demo's living week, made through the real engine against the real simulator (loopback HTTP,
// real clock, signed webhooks handed to the real handler): every state it promises must be there.
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let running: RunningSimulator;
let engine: EngineContext;
let reconciler: Reconciler;
const manager = { id: "00000000-0000-0000-0000-000000000000", role: "manager" as const, label: "M", customerId: null };

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoIfEmpty(t.db);
  const deliver: typeof fetch = async (_url, init) => {
    const raw = String(init?.body ?? "");
    const sig = new Headers(init?.headers).get("x-nuki-signature-sha256");
    const reply = await receiveNukiWebhook(engine, raw, sig, await webhookSecrets(engine, undefined));
    return new Response(JSON.stringify(reply.body), { status: reply.status });
  };
  running = await startSimulatorServer({
    clock: "real",
    tokens: [DEMO_NUKI_TOKEN],
    config: { applyDelayMs: 100, webhookDelayMs: 20 },
    fetch: deliver,
  });
  seedDemoLocks(running.sim);
  applyDemoQuirks(running.sim);
  engine = {
    db: t.db,
    vault: createCodeVault(randomBytes(32)),
    now: () => Date.now(),
    wake: () => reconciler?.wake(),
    nuki: new NukiClient({
      baseUrl: running.url,
      token: DEMO_NUKI_TOKEN,
      budget: new RequestBudget({ ratePerSec: 1000, burst: 1000 }),
    }),
    config: { ...DEFAULT_RECONCILER_CONFIG, confirmTimeoutMs: 60_000 },
  };
  await ensureWebhookRegistered(engine, "http://portier.test/api/webhooks/nuki");
  reconciler = startReconciler(engine, { workerId: "demo-week-test", pollMs: 100 });
}, 60_000);

afterAll(async () => {
  await reconciler?.stop();
  await running?.sim.webhooks.settle();
  await running?.close();
  await t?.drop();
});

describe("the living demo week", () => {
  it("is created through the engine and shows every state, a series, entries and an at-risk door", async () => {
    const started = Date.now();
    const result = await populateDemoWeek(engine, running.sim, { settleTimeoutMs: 60_000 });
    const tookMs = Date.now() - started;
    expect(result.windows).toBe(14);
    await running.sim.webhooks.settle();

    const windows = await t.db.select().from(accessWindows);
    expect(windows).toHaveLength(result.windows);
    expect(windows.filter((w) => w.kind === "weekly")).toHaveLength(1);
    // Made the way staff make them: every window has its audit entry, by the front desk.
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, "window.create"));
    expect(audits.map((a) => a.actorLabel)).toEqual(windows.map(() => "Dana Desk"));

    const rows = await t.db
      .select({ status: grants.status, lastError: grants.lastError, door: doors.name, sentAt: grants.sentAt })
      .from(grants)
      .innerJoin(doors, eq(doors.id, grants.doorId));
    const states = (door: string) => rows.filter((r) => r.door === door).map((r) => r.status);
    expect(rows.filter((r) => r.status === "applied").length).toBeGreaterThanOrEqual(8);
    // Failed, with Nuki's reason in words.
    const failed = rows.find((r) => r.door === FULL_KEYPAD_DOOR);
    expect(failed?.status).toBe("failed");
    expect(failed?.lastError).toBeTruthy();
    // The offline lock holds the change until it is back.
    expect(states(OFFLINE_DOOR)).toEqual(["lock_offline"]);
    // Still on its way: sent (the reconciler picks it up within moments), not confirmed.
    await vi.waitFor(
      async () => {
        const sending = await t.db.select({ sentAt: grants.sentAt }).from(grants).where(eq(grants.status, "pending"));
        expect(sending.some((g) => g.sentAt !== null)).toBe(true);
      },
      { timeout: 10_000, interval: 200 },
    );

    // A rotation: one of Studio D's two windows is the lock's later state ("Queued" on the calendar).
    const [studio] = await t.db.select({ id: doors.id }).from(doors).where(eq(doors.name, "Studio D"));
    // (Under load the lock may still be confirming the first state: wait for it, as staff would.)
    await vi.waitFor(
      async () => {
        const view = await calendarView(t.db, manager, {
          from: new Date(Date.now() - 7 * 86_400_000),
          to: new Date(Date.now() + 7 * 86_400_000),
          doorIds: [studio!.id],
        });
        const studioD = view.events.map((ev) => ev.sync.state);
        expect(studioD).toHaveLength(2);
        expect(studioD).toContain("scheduled");
      },
      { timeout: 90_000, interval: 500 },
    );

    // People used their doors: the activity log has entries.
    await vi.waitFor(async () => expect((await t.db.select().from(lockEvents)).length).toBeGreaterThan(0), {
      timeout: 10_000,
    });
    expect(result.entries).toBeGreaterThanOrEqual(3);

    // The at-risk page names the offline door (and its low battery).
    const risk = JSON.stringify(await atRisk(t.db, manager));
    expect(risk).toContain(OFFLINE_DOOR);
    console.log(`[demo-week] ${result.windows} windows, ${result.entries} entries in ${tookMs} ms`);
  }, 240_000);
});
