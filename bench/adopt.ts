// Taking over a building's existing auths (issue 10, part 4). Two figures:
// 1. Resync cost with U unmanaged auths across M locks (listed, fingerprinted, upserted) vs the same
//    locks with none, measured in the same run: median/p99 wall time and Nuki calls per resync.
// 2. Bulk "adopt app users whose email matches a customer" for A app users: Nuki calls to adopt and
//    converge (reads, updates, creates) vs re-creating each one (delete + create, and a fresh invite
//    each user must redeem again) — the naive take-over.
// Run: NODE_OPTIONS=--conditions=react-server npx tsx bench/adopt.ts [locks=20] [perLock=10] [runs=15]
import { customers, users } from "@/db/schema";
import { bulkAdoptByEmail } from "@/lib/access/adopt/bulk-adopt";
import { reconcileOnce } from "@/lib/access/reconciler/run-once";
import { resyncAll } from "@/lib/access/reconciler/resync";
import { advance, createEngine, type Engine } from "@/test/engine";
import { benchDatabase } from "./db";
import { quantile, summary } from "./lib";

const M = Number(process.argv[2] ?? 20);
const PER_LOCK = Number(process.argv[3] ?? 10);
const RUNS = Number(process.argv[4] ?? 15);

/** Half keypad codes, half app users (each app user also a customer by email). */
function seedUnmanaged(e: Engine) {
  let n = 0;
  for (const smartlockId of e.smartlockIds)
    for (let i = 0; i < PER_LOCK; i++, n++) {
      const app = i % 2 === 1;
      const id = e.sim.newId();
      if (app)
        e.sim.accountUsers.set(5000 + n, {
          accountUserId: 5000 + n,
          email: `u${n}@example.com`,
          name: `U${n}`,
        } as never);
      e.sim.auths.set(id, {
        id,
        smartlockId,
        authId: 10_000 + n,
        type: app ? 0 : 13,
        name: app ? `User ${n}` : `Code ${n}`,
        accountUserId: app ? 5000 + n : null,
        code: app ? null : 300_000 + ((n * 7919) % 599_999),
        enabled: true,
        remoteAllowed: app,
        lockCount: 0,
        allowedFromDate: null,
        allowedUntilDate: null,
        allowedWeekDays: app ? 124 : 0,
        allowedFromTime: app ? 480 : 0,
        allowedUntilTime: app ? 1080 : 0,
        lastActiveDate: null,
        creationDate: e.sim.nowIso(),
        updateDate: e.sim.nowIso(),
        operationId: null,
      });
    }
  return n;
}

async function resyncTimes(e: Engine) {
  const times: number[] = [];
  const calls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await resyncAll(e);
    times.push(performance.now() - t0);
    calls.push(r.calls);
  }
  return { times, calls };
}

async function main() {
  const base = await createEngine({ doors: M, customers: 1, db: await benchDatabase() });
  const baseline = await resyncTimes(base);
  await base.close();

  const e = await createEngine({ doors: M, customers: 1, db: await benchDatabase() });
  const total = seedUnmanaged(e);
  const first = await resyncAll(e); // reads the account users' emails once
  const withUnmanaged = await resyncTimes(e);
  summary("resync, no unmanaged auths", baseline.times);
  summary(`resync, ${total} unmanaged auths on ${M} locks`, withUnmanaged.times, baseline.times);
  console.log(
    `Nuki calls per resync: ${quantile(baseline.calls, 0.5)} without, ${quantile(withUnmanaged.calls, 0.5)} with (first resync ${first.calls}: + account-user pages for the emails)`,
  );

  // Every app user is a customer (by email) on app invites: bulk adopt takes them all.
  const apps = [...e.sim.auths.values()].filter((a) => a.type === 0);
  await e.db.insert(customers).values(
    apps.map((a) => ({
      name: a.name,
      email: `u${a.authId! - 10_000}@example.com`,
      preferredCredential: "app" as const,
    })),
  );
  const [admin] = await e.db.insert(users).values({ email: "ada@example.com", name: "Ada", role: "admin" }).returning();
  const before = e.nuki.stats.requests;
  e.sim.calls.length = 0;
  const t0 = performance.now();
  const report = await bulkAdoptByEmail(e, { id: admin!.id, role: "admin", label: "Ada", customerId: null });
  const adoptMs = performance.now() - t0;
  const adoptCalls = e.nuki.stats.requests - before;
  for (let i = 0; i < 6; i++) {
    await reconcileOnce(e, "bench");
    await advance(e, 2500);
  }
  const creates = e.sim.calls.filter((c) => c === "PUT /smartlock/auth").length;
  const updates = e.sim.calls.filter((c) => /^POST \/smartlock/.test(c)).length;
  const deletes = e.sim.calls.filter((c) => /^DELETE \/smartlock/.test(c)).length;
  const total2 = e.nuki.stats.requests - before;
  console.log(
    `bulk adopt ${report.adopted.length} app users (skipped ${report.skipped.length}) in ${adoptMs.toFixed(0)} ms: ${adoptCalls} Nuki reads to adopt; to converge ${total2} calls in all — ${creates} creates, ${updates} update calls, ${deletes} deletes; auths on the locks ${e.sim.auths.size} (was ${total})`,
  );
  console.log(
    `naive re-create: ${report.adopted.length} deletes + ${report.adopted.length} creates (${2 * report.adopted.length} writes, every user redeems a new invite) vs ${creates + updates + deletes} writes here (×${((creates + updates + deletes) / (2 * report.adopted.length)).toFixed(2)})`,
  );
  await e.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
