// The periodic resync at scale (issue 11): N locks × M Portier keypad auths each (default 300 × 150 =
// 45,000 grants, all on their locks and matching), against the simulator over loopback HTTP and real
// Postgres. Prints per pass: Nuki calls, wall time, and database time (the sum of every query's
// round trip, counted on pg's Client), the first pass (which records 45,000 observations) apart from
// the steady ones (nothing changed) — vs the baseline of the same run: the same GETs (locks, every
// auth paged, the newest logs) with no diffing and no writes.
// Run: npx tsx --conditions=react-server bench/resync-scale.ts [locks=300] [auths=150] [passes=5]
import { Client } from "pg";
import { grants } from "@/db/schema";
import { authName } from "@/lib/access/grants/auth-name";
import { LISTED_AUTH_TYPES } from "@/lib/access/adopt/refresh-unmanaged";
import { toObserved } from "@/lib/access/observations/observe";
import { resyncAll } from "@/lib/access/reconciler/resync";
import { createEngine } from "@/test/engine";
import { benchDatabase } from "./db";
import { summary } from "./lib";

const LOCKS = Number(process.argv[2] ?? 300);
const AUTHS = Number(process.argv[3] ?? 150);
const PASSES = Number(process.argv[4] ?? 5);

// Every query's round trip, whichever pool client or transaction runs it.
const db = { calls: 0, ms: 0 };
const query = Client.prototype.query;
Client.prototype.query = function (this: Client, ...args: unknown[]) {
  const t0 = performance.now();
  db.calls++;
  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this only times it
  const r = (query as any).apply(this, args);
  if (r && typeof r.then === "function")
    return r.finally(() => {
      db.ms += performance.now() - t0;
    });
  return r;
} as typeof Client.prototype.query;

/** Five digits 1–9 (a keypad has no 0), distinct for every n below 9⁵. */
const digits19 = (n: number) => {
  let s = "";
  for (let k = 0; k < 5; k++, n = Math.floor(n / 9)) s = String((n % 9) + 1) + s;
  return s;
};

async function main() {
  const s0 = performance.now();
  const e = await createEngine({ doors: LOCKS, customers: AUTHS, db: await benchDatabase(), realTime: true });
  const customers = await e.db.query.customers.findMany({ columns: { id: true, name: true, tag: true } });
  // Each customer holds a keypad code on every lock, as Portier would have created it: the auth on the
  // simulator, and a grant that wants exactly it and has seen it.
  const rows: (typeof grants.$inferInsert)[] = [];
  for (const [d, smartlockId] of e.smartlockIds.entries()) {
    const doorId = e.doorIds[d]!;
    for (const [i, c] of customers.entries()) {
      const code = Number(`${(d % 7) + 3}${digits19(i)}`);
      const name = authName(c.name, c.tag);
      const auth = e.sim.addPreexistingAuth({ smartlockId, name, code });
      const listed = { ...auth, code } as unknown as Parameters<typeof toObserved>[0];
      const codeHmac = e.vault.doorHmac(doorId, code);
      rows.push({
        customerId: c.id,
        doorId,
        credential: "keypad",
        status: "applied",
        nukiAuthId: auth.id,
        codeHmac,
        desired: {
          name,
          type: 13,
          enabled: true,
          remoteAllowed: false,
          allowedFromDate: null,
          allowedUntilDate: null,
          allowedWeekDays: 127,
          allowedFromTime: 0,
          allowedUntilTime: 0,
        },
        observed: toObserved(listed, { codeHmac, doorId }, e.vault),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 2000) await e.db.insert(grants).values(rows.slice(i, i + 2000));
  await e.db.execute("analyze");
  console.log(
    `${LOCKS} locks × ${AUTHS} auths = ${rows.length} grants on their locks — set up in ${((performance.now() - s0) / 1000).toFixed(1)} s`,
  );

  const pass = async (f: () => Promise<unknown>) => {
    const before = { calls: db.calls, ms: db.ms, nuki: e.nuki.stats.requests };
    const t0 = performance.now();
    const r = await f();
    return {
      wall: performance.now() - t0,
      dbMs: db.ms - before.ms,
      queries: db.calls - before.calls,
      nuki: e.nuki.stats.requests - before.nuki,
      r,
    };
  };
  // The baseline: the GETs a resync cannot avoid, nothing else.
  const bare = () =>
    pass(async () => {
      await e.nuki.listSmartlocks();
      await e.nuki.listAllAuthsPaged({ types: [...LISTED_AUTH_TYPES] });
      await e.nuki.listLogs({ limit: 50 });
    });
  const first = await pass(() => resyncAll(e));
  const base: Awaited<ReturnType<typeof bare>>[] = [];
  const steady: typeof base = [];
  for (let i = 0; i < PASSES; i++) {
    base.push(await bare());
    steady.push(await pass(() => resyncAll(e)));
  }
  const line = (label: string, p: typeof first) =>
    console.log(
      `${label.padEnd(34)} ${p.nuki} Nuki calls, ${p.queries} queries, database ${p.dbMs.toFixed(0)} ms, wall ${p.wall.toFixed(0)} ms`,
    );
  line("first resync (records everything)", first);
  console.log(`  report: ${JSON.stringify(first.r)}`);
  line("steady resync (nothing changed)", steady.at(-1)!);
  line("bare GETs (baseline)", base.at(-1)!);
  summary(
    "bare GETs, wall (baseline)",
    base.map((p) => p.wall),
  );
  summary(
    "steady resync, wall",
    steady.map((p) => p.wall),
    base.map((p) => p.wall),
  );
  summary(
    "steady resync, database time",
    steady.map((p) => p.dbMs),
  );
  await e.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
