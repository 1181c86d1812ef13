// Nuki calls per stalled grant per hour: creates Nuki accepts (204) while the lock misses the fast
// sync, so they only land with the daily sync (issue 15). Simulated time on the manual clock: the
// reconciler runs whenever a grant falls due, the periodic resync every 5 minutes (account-wide,
// shared by all grants: reported apart). Both simulator variants: pending creates invisible to GET
// (Portier tries one create, gets 409, then waits) and listed without a slot (nothing is sent).
// Baseline from the same run: the same grants on locks that apply at once (no stall), so the
// printed ratio says what a stall costs over a healthy lock's own reads and confirmations.
// Also prints the outside partial update → restored time (webhook path, and with sparse bodies).
// Run: npx tsx bench/stalled-creates.ts [grants=20] [locks=5] [hours=2]
import { grants } from "@/db/schema";
import { reconcileOnce } from "@/lib/access/reconciler/run-once";
import { resyncAll } from "@/lib/access/reconciler/resync";
import { createWindow } from "@/lib/access/windows/create-window";
import { advance, createEngine, type Engine } from "@/test/engine";
import { benchDatabase } from "./db";

const N = Number(process.argv[2] ?? 20);
const M = Number(process.argv[3] ?? 5);
const HOURS = Number(process.argv[4] ?? 2);
const HOUR = 3_600_000;

/** The loop's schedule in simulated time: a pass whenever a grant is due, the resync every period. */
async function runFor(e: Engine, ms: number, resync: { calls: number; next: number }) {
  const end = e.now() + ms;
  for (;;) {
    const rows = await e.db.select({ next: grants.nextRunAt }).from(grants);
    const due = Math.min(...rows.map((r) => r.next?.getTime() ?? Infinity), resync.next, end);
    if (due >= end) break;
    await advance(e, Math.max(0, due - e.now()));
    if (e.now() >= resync.next) {
      const r = await resyncAll(e);
      resync.calls += r.calls;
      resync.next = e.now() + e.config.resyncIntervalMs;
    }
    await reconcileOnce(e, "bench");
  }
  await advance(e, Math.max(0, end - e.now()));
}

async function stalled(visible: boolean, baseline?: number, stall = true): Promise<number> {
  const e = await createEngine({ doors: M, customers: N, db: await benchDatabase() });
  e.sim.config.stallCreates = stall;
  e.sim.config.createVisibility = visible ? "immediately" : "after-apply";
  for (let i = 0; i < N; i++)
    await createWindow(e, e.actor, {
      customerId: e.customerIds[i]!,
      doorId: e.doorIds[i % M]!,
      window: { kind: "once", startsAt: new Date(e.now() + 30 * HOUR), endsAt: new Date(e.now() + 32 * HOUR) },
    });
  const resync = { calls: 0, next: e.now() };
  const before = e.nuki.stats.requests;
  const t0 = e.now();
  await runFor(e, HOURS * HOUR, resync);
  const total = e.nuki.stats.requests - before;
  const own = total - resync.calls;
  const puts = e.sim.calls.filter((c) => c === "PUT /smartlock/auth").length;
  const posts = e.sim.calls.filter((c) => c.startsWith("POST /smartlock")).length;
  const waiting = (await e.db.select({ s: grants.status }).from(grants)).filter((g) => g.s === "awaiting_lock").length;
  const perGrantHour = own / N / ((e.now() - t0) / HOUR);
  // Then the daily sync: how long until all are on the lock, with one auth each.
  e.sim.dailySync();
  const t1 = e.now();
  let applied = 0;
  for (let i = 0; i < 600 && applied < N; i++) {
    await runFor(e, 500, resync);
    applied = (await e.db.select({ s: grants.status }).from(grants)).filter((g) => g.s === "applied").length;
  }
  if (!stall) {
    console.log(
      `baseline, locks that apply at once: ${N} grants on ${M} locks for ${HOURS} h → ` +
        `${perGrantHour.toFixed(2)} Nuki calls per grant per hour (+ resync ${(resync.calls / HOURS).toFixed(0)} calls/h)`,
    );
    await e.close();
    return perGrantHour;
  }
  console.log(
    `pending ${visible ? "listed without a slot" : "invisible to GET"}: ${N} stalled grants on ${M} locks for ${HOURS} h → ` +
      `${perGrantHour.toFixed(2)} Nuki calls per stalled grant per hour` +
      (baseline ? ` (×${(perGrantHour / baseline).toFixed(1)} the healthy baseline)` : "") +
      ` (+ resync ${(resync.calls / HOURS).toFixed(0)} calls/h for the whole account); ` +
      `${puts} creates sent for ${N} grants, ${posts} updates; ${waiting}/${N} shown "Waiting for lock"; ` +
      `after the daily sync ${applied}/${N} applied in ${((e.now() - t1) / 1000).toFixed(0)} s simulated, ${e.sim.snapshot().auths.length} auths`,
  );
  await e.close();
  return perGrantHour;
}

async function restoreAfterOutsideEdit(minimal: boolean) {
  const e = await createEngine({ doors: 1, customers: 1, db: await benchDatabase() });
  if (minimal) e.sim.config.webhookBodies = "minimal";
  await createWindow(e, e.actor, {
    customerId: e.customerIds[0]!,
    doorId: e.doorIds[0]!,
    window: { kind: "once", startsAt: new Date(e.now() + HOUR), endsAt: new Date(e.now() + 3 * HOUR) },
  });
  const resync = { calls: 0, next: e.now() + e.config.resyncIntervalMs };
  await runFor(e, 60_000, resync);
  const [auth] = e.sim.snapshot().auths;
  const t0 = e.now();
  e.sim.externalEdit(auth!.id, { allowedFromDate: null, allowedUntilDate: null, allowedWeekDays: null });
  for (let i = 0; i < 600 && e.sim.snapshot().auths[0]!.allowedFromDate === null; i++) await runFor(e, 100, resync);
  console.log(
    `outside partial update (restrictions wiped) → restored on the lock: ${((e.now() - t0) / 1000).toFixed(1)} s simulated` +
      ` with ${minimal ? "minimal webhook bodies (read-back)" : "full webhook bodies"}, lock apply delay ${e.sim.config.applyDelayMs / 1000} s`,
  );
  await e.close();
}

async function main() {
  const healthy = await stalled(false, undefined, false);
  await stalled(false, healthy);
  await stalled(true, healthy);
  await restoreAfterOutsideEdit(false);
  await restoreAfterOutsideEdit(true);
}
void main();
