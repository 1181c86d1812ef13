// Scale-out (issue #13), with real processes: one PostgreSQL, the Nuki simulator over HTTP with 300
// locks, 2 app instances (`next start` of the build, production mode: NUKI_API_TOKEN +
// NUKI_API_BASE_URL, RECONCILER=off) behind a round-robin load balancer, and 1..4 real
// `npm run worker` processes. The grant changes arrive as an integrator sends them: public API
// requests (/api/v1, an API key created in the database) through the balancer — bulk assignments
// (customers × every door, one POST /windows per pair) then moves (PATCH /windows/{id}). The
// simulator's signed webhooks go to the same balancer (PUBLIC_URL), so both instances take them.
//
// Prints per worker count: time to write and to converge, Nuki writes vs the minimum, duplicate
// sends (must be 0), claims/s and the same worker count's BARE claim loop (SKIP LOCKED claims and
// status writes alone: bench/scale/bare-claims.ts) as a ratio, and CPU per 1,000 grants of
// Postgres, the app instances, the workers and the bench process (from /proc).
//
// Needs a build: `npx next build` (once). Short run (default 2,000 changes, 1..4 workers):
//   npx tsx --conditions=react-server bench/scale-out.ts
// The issue's full run (20,000 changes; not part of `npm test` or `npm run bench`):
//   npx tsx --conditions=react-server bench/scale-out.ts --changes 20000
// Flags: --changes N, --workers 1,2,3,4 (the counts to run), --accounts N (Nuki accounts the 300 locks
// are split over, each its own connection; default 1), --concurrency N (API requests in flight, 8), --rps N (each worker's Nuki
// budget, 100), --order desc (run the counts high to low), --pg-port, --sim-port, --app-port (apps on
// P and P+1, balancer P+2, worker metrics P+3..). BENCH_DATABASE_URL: use that server instead of an
// embedded one (its CPU is only readable when it runs on this machine).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { connect } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { customers, doors, grants, users } from "@/db/schema";
import { createCodeVault } from "@/lib/access/codes/code-vault";
import { registerConnection } from "@/lib/access/connections/manage-connections";
import type { AccessContext } from "@/lib/access/context";
import { createApiKey } from "@/lib/access/api-keys/keys";
import { DEFAULT_RECONCILER_CONFIG } from "@/lib/access/context";
import { createDatabase, dropDatabase } from "@/test/database";
import { quantile, sleep } from "./lib";
import { type ApiRequest, sendAll } from "./scale/api-load";
import { bareClaims } from "./scale/bare-claims";
import { stopAll } from "./scale/children";
import { benchLock, benchToken } from "./scale/nuki-accounts";
import { type Cpu, SECRETS, type Stack, startStack } from "./scale/stack";

const { values: args } = parseArgs({
  options: {
    changes: { type: "string", default: "2000" },
    workers: { type: "string", default: "1,2,3,4" },
    accounts: { type: "string", default: "1" },
    concurrency: { type: "string", default: "8" },
    rps: { type: "string", default: "100" },
    order: { type: "string", default: "asc" },
    "pg-port": { type: "string", default: process.env.BENCH_PG_PORT ?? "55510" },
    "sim-port": { type: "string", default: process.env.BENCH_SIM_PORT ?? "4610" },
    "app-port": { type: "string", default: process.env.BENCH_APP_PORT ?? "3610" },
  },
});
const CHANGES = Number(args.changes);
const WORKER_COUNTS = args.workers!.split(",").map(Number);
if (args.order === "desc") WORKER_COUNTS.sort((a, b) => b - a);
const ACCOUNTS = Number(args.accounts);
if (!Number.isInteger(300 / ACCOUNTS))
  throw new Error("--accounts must divide the 300 locks evenly (1, 2, 3, 4, 5, …).");
const CONCURRENCY = Number(args.concurrency);
const RPS = args.rps!;
const [PG_PORT, SIM_PORT, APP_PORT] = [args["pg-port"], args["sim-port"], args["app-port"]].map(Number) as [
  number,
  number,
  number,
];
const DOORS = 300;
const CONVERGE_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 30 * 60_000);
const HOUR = 3_600_000;

// A quarter of the changes are moves of single windows; the rest are bulk assignments of whole
// customers onto all 300 doors (the front desk's or a PMS's big operations).
const CUSTOMERS = Math.max(1, Math.round((CHANGES * 0.75) / DOORS));
const MOVES = Math.max(0, CHANGES - CUSTOMERS * DOORS);

type Phase = {
  convergeS: number;
  creates: number;
  updates: number;
  otherWrites: number;
  reads: number;
  minimum: number;
  claims: number;
  passes: number;
  cpu: Cpu;
};
type Writes = { requests: number; seconds: number; p50: number; p99: number; retries: number; cpu: Cpu };
type Row = {
  workers: number;
  grants: number;
  moveWrites: Writes;
  bulk: Phase;
  moves: Phase;
  duplicateSends: { creates: number; updates: number; deletes: number };
  duplicateAuths: number;
  bare: { claims: number; seconds: number };
  servedByInstance: number[];
};

/** The postmaster of the server behind `url`, if it runs on this machine (else no DB CPU figures). */
async function postmasterOf(url: string): Promise<number | null> {
  const h = connect(url, 1);
  try {
    const { rows } = await h.pool.query<{ pid: number }>("select pg_backend_pid() as pid");
    const ppid = Number(readFileSync(`/proc/${rows[0]!.pid}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
    return ppid > 1 ? ppid : null;
  } catch {
    return null;
  } finally {
    await h.pool.end();
  }
}

/** Sum of one Prometheus metric (all label sets) over the workers' /metrics. */
async function scrape(ports: number[], name: string): Promise<number> {
  let sum = 0;
  for (const port of ports) {
    const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
    for (const line of text.split("\n"))
      if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.split(" ").at(-1));
  }
  return sum;
}

type Base = {
  name: string;
  apiKey: string;
  /** The windows as the API answered them (id, version, times), in the order written. */
  windows: { id: string; doorId: string; version: number; window: { startsAt: string; endsAt: string } }[];
  /** Door id → index of its Nuki account. */
  accountOf: Map<string, number>;
  /** Distinct auth definitions (customer, credential, desired auth) among the grants. */
  defs: number;
  /** The most keypad codes one customer got across the doors (1 unless a lock held theirs). */
  codesPerCustomer: number;
  writes: Writes;
};

/**
 * The bulk assignments, written ONCE through the API into a base database that each worker count
 * then starts from as a clone (CREATE DATABASE … TEMPLATE): the writes never reach Nuki (no worker
 * runs, the instances run RECONCILER=off), so every worker count converges the very same grants.
 */
async function writeBase(adminUrl: string, postmaster: number | null): Promise<Base> {
  const name = `portier_scale_base_${Date.now()}`;
  const h = connect(await createDatabase(adminUrl, name), 4);
  await runMigrations(h.db);
  // Accounts 1.. are connections registered as an admin would (token sealed with the workers' key);
  // account 0 is the env account, the `default` connection every process upserts.
  const vault = createCodeVault(Buffer.from(SECRETS.CODE_ENCRYPTION_KEY, "hex"));
  const connectionIds = ["default"];
  for (let i = 1; i < ACCOUNTS; i++) {
    const ctx = { db: h.db, vault, now: () => Date.now(), wake: () => {} } as unknown as AccessContext;
    const { id } = await registerConnection(
      ctx,
      { id: null, label: "scale-out bench" },
      {
        name: `bench-${i}`,
        apiBaseUrl: `http://127.0.0.1:${SIM_PORT}`,
        token: benchToken(i),
        requestsPerSec: Number(RPS),
        burst: Number(RPS),
      },
    );
    connectionIds.push(id);
  }
  const doorRows = await h.db
    .insert(doors)
    .values(
      // As lock sync imports them: each account's locks, as doors of its connection.
      connectionIds.flatMap((connectionId, i) =>
        Array.from({ length: DOORS / ACCOUNTS }, (_, j) => {
          const lock = benchLock(i, j);
          return {
            name: lock.name,
            nukiName: lock.name,
            deviceType: 4,
            lockTimeZone: "Europe/Berlin",
            smartlockId: lock.smartlockId,
            timeZone: "Europe/Berlin",
            connectionId,
          };
        }),
      ),
    )
    .returning({ id: doors.id });
  const customerRows = await h.db
    .insert(customers)
    .values(
      Array.from({ length: CUSTOMERS }, (_, i) => ({
        name: `Customer ${i}`,
        email: `c${i}@example.com`,
        preferredCredential: "keypad" as const,
      })),
    )
    .returning({ id: customers.id });
  const [admin] = await h.db
    .insert(users)
    .values({ email: "admin@example.com", name: "Admin", role: "admin" })
    .returning();
  const { key: apiKey } = await createApiKey(
    h.db,
    { id: admin!.id, role: "admin", label: "Admin", customerId: null },
    { name: "scale-out bench", scope: "read_write", expiresAt: null },
  );
  const stack = await startStack({ ...stackPorts, databaseUrl: h.url, postmaster });
  try {
    const startsAt = new Date(Date.now() + 48 * HOUR);
    const endsAt = new Date(startsAt.getTime() + 72 * HOUR);
    const posts: ApiRequest[] = customerRows.flatMap((c) =>
      doorRows.map((d) => ({
        method: "POST" as const,
        path: "/windows",
        body: { customerId: c.id, doorId: d.id, window: { kind: "once", startsAt, endsAt } },
      })),
    );
    const { w, results } = await write(stack, apiKey, posts);
    const defs = await scalar(
      h,
      sql`select count(distinct (customer_id, credential, desired::text))::int from grants where desired is not null`,
    );
    // Counted in memory, never printed: the codes themselves stay out of every output.
    const codes = new Map<string, Set<number>>();
    for (const g of await h.db.select({ c: grants.customerId, enc: grants.codeEnc }).from(grants))
      if (g.enc) codes.set(g.c, (codes.get(g.c) ?? new Set()).add(vault.decrypt(g.enc)));
    const codesPerCustomer = Math.max(...[...codes.values()].map((s) => s.size));
    return {
      name,
      apiKey,
      windows: results.map((r) => r.body as Base["windows"][number]),
      accountOf: new Map(doorRows.map((d, k) => [d.id, Math.floor(k / (DOORS / ACCOUNTS))])),
      defs,
      codesPerCustomer,
      writes: w,
    };
  } finally {
    await stack.close();
    await h.pool.end();
  }
}

const stackPorts = { simPort: SIM_PORT, appPort: APP_PORT, accounts: ACCOUNTS, locks: DOORS, rps: RPS };

async function scalar(h: { db: ReturnType<typeof connect>["db"] }, q: ReturnType<typeof sql>) {
  return Number(Object.values((await h.db.execute(q)).rows[0]!)[0]);
}

/** Sends the requests through the balancer; all must succeed. Time, latency and CPU of the stretch. */
async function write(stack: Stack, apiKey: string, requests: ApiRequest[]) {
  const c0 = stack.cpu();
  const r = await sendAll({ baseUrl: stack.balancer.url, apiKey, requests, concurrency: CONCURRENCY });
  const bad = r.results.filter((x) => x.status >= 300);
  if (bad.length) throw new Error(`${bad.length} API writes refused, e.g. ${JSON.stringify(bad[0])}`);
  const w: Writes = {
    requests: requests.length,
    seconds: r.seconds,
    p50: quantile(r.latenciesMs, 0.5),
    p99: quantile(r.latenciesMs, 0.99),
    retries: r.retries,
    cpu: stack.since(c0),
  };
  return { w, results: r.results };
}

async function runOnce(workerCount: number, adminUrl: string, postmaster: number | null, base: Base): Promise<Row> {
  const name = `portier_scale_${workerCount}_${Date.now()}`;
  const h = connect(await createDatabase(adminUrl, name, base.name), 4);
  let stack: Stack | null = null;
  try {
    stack = await startStack({ ...stackPorts, databaseUrl: h.url, postmaster });
    const s = stack;

    /** Wakes the workers and waits until every grant is applied; the figures of that stretch. */
    const converge = async (minimum: number): Promise<Phase> => {
      const callsBefore = s.nuki.calls().length;
      const claims0 = await scrape(s.metricsPorts, "portier_reconciler_claims_per_pass_sum");
      const passes0 = await scrape(s.metricsPorts, "portier_reconciler_claims_per_pass_count");
      const c0 = s.cpu();
      const t0 = performance.now();
      await h.db.execute(sql`select pg_notify('portier_reconcile', 'bench')`);
      for (;;) {
        const left = await scalar(h, sql`select count(*)::int from grants where status <> 'applied'`);
        if (left === 0) break;
        if (performance.now() - t0 > CONVERGE_TIMEOUT_MS)
          throw new Error(`${left} grants not applied after ${CONVERGE_TIMEOUT_MS} ms; ${s.workers[0]!.output()}`);
        await sleep(200);
      }
      const convergeS = (performance.now() - t0) / 1000;
      const cpu = s.since(c0);
      const calls = s.nuki.calls().slice(callsBefore);
      const count = (route: string) => calls.filter((x) => x === route).length;
      const reads = calls.filter((x) => x.startsWith("GET ")).length;
      const creates = count("PUT /smartlock/auth");
      const updates = count("POST /smartlock/auth");
      return {
        convergeS,
        creates,
        updates,
        otherWrites: calls.length - reads - creates - updates,
        reads,
        minimum,
        claims: (await scrape(s.metricsPorts, "portier_reconciler_claims_per_pass_sum")) - claims0,
        passes: (await scrape(s.metricsPorts, "portier_reconciler_claims_per_pass_count")) - passes0,
        cpu,
      };
    };

    // ── 1. Workers: started with the work parked (tsx compiles for seconds), released together ──
    await h.db.execute(
      sql`update grants set next_run_at = next_run_at + interval '10 years' where next_run_at is not null`,
    );
    await s.startWorkers(workerCount);
    await sleep(3000); // each worker's first pass
    await h.db.execute(sql`update grants set next_run_at = now() where next_run_at > now() + interval '5 years'`);
    // Minimum: one multi-lock create per auth definition and account (a PUT cannot span accounts).
    const bulk = await converge(base.defs * ACCOUNTS);

    // ── 2. Moves of windows already on their locks (PATCH, one window each): Nuki bulk updates ───
    // Held under a lease of the bench's own while written (claims skip leased grants), so the
    // stretch measured is the workers' alone, as for the bulk.
    await h.db.execute(sql`update grants set claimed_by = 'bench-hold', claimed_until = now() + interval '1 hour'`);
    const patches: ApiRequest[] = base.windows.slice(0, MOVES).map((w) => ({
      method: "PATCH" as const,
      path: `/windows/${w.id}`,
      body: {
        expectedVersion: w.version,
        window: {
          kind: "once",
          startsAt: new Date(Date.parse(w.window.startsAt) + HOUR),
          endsAt: new Date(Date.parse(w.window.endsAt) + HOUR),
        },
      },
    }));
    const { w: moveWrites } = await write(s, base.apiKey, patches);
    await h.db.execute(sql`update grants set claimed_by = null, claimed_until = null where claimed_by = 'bench-hold'`);
    // Minimum: one bulk update per 50 (bulkChunk) auths of one account.
    const movedPerAccount = Array.from({ length: ACCOUNTS }, () => 0);
    for (const w of base.windows.slice(0, MOVES)) movedPerAccount[base.accountOf.get(w.doorId)!]!++;
    const moves = await converge(
      movedPerAccount.reduce((n, k) => n + Math.ceil(k / DEFAULT_RECONCILER_CONFIG.bulkChunk), 0),
    );
    await s.nuki.settle();
    if (process.env.BENCH_DEBUG) {
      console.log(`webhook_inbox rows: ${await scalar(h, sql`select count(*)::int from webhook_inbox`)}`);
      for (const c of [...s.apps, ...s.workers]) console.log(`── ${c.name} ──\n${c.output().slice(-20000)}`);
    }

    // A duplicate auth = a second auth for one customer (its tag is in the name) on one lock, or
    // more auths than grants.
    const grantCount = await scalar(h, sql`select count(*)::int from grants`);
    const auths = s.nuki.auths();
    const seen = new Map<string, number>();
    for (const a of auths) seen.set(`${a.smartlockId}|${a.name}`, (seen.get(`${a.smartlockId}|${a.name}`) ?? 0) + 1);
    const duplicateAuths = [...seen.values()].reduce((n, k) => n + k - 1, 0) + Math.max(0, auths.length - grantCount);

    // ── 3. The bare baseline: same worker count, same grants table, the workers stopped ──────────
    await s.stopWorkers();
    const bare = await bareClaims(h.url, workerCount);
    return {
      workers: workerCount,
      grants: grantCount,
      moveWrites,
      bulk,
      moves,
      duplicateSends: s.nuki.duplicateSends(),
      duplicateAuths,
      bare,
      servedByInstance: [...s.balancer.served],
    };
  } finally {
    await stack?.close();
    await h.pool.end();
    await dropDatabase(adminUrl, name);
  }
}

const per1k = (ms: number, n: number) => ((ms / n) * 1000).toFixed(0);

function printWrites(label: string, w: Writes) {
  console.log(
    `  API ${label.padEnd(5)} ${w.requests} in ${w.seconds.toFixed(1)} s = ${(w.requests / w.seconds).toFixed(1)}/s (median ${w.p50.toFixed(0)} ms, p99 ${w.p99.toFixed(0)} ms, ${w.retries} retries) | ` +
      `CPU per 1,000 changes: Postgres ${per1k(w.cpu.db, w.requests)} ms, app instances ${per1k(w.cpu.apps, w.requests)} ms, bench (client + balancer + simulator) ${per1k(w.cpu.bench, w.requests)} ms`,
  );
}

function print(r: Row, base: Base) {
  const d = r.duplicateSends;
  console.log(
    `${r.workers} worker${r.workers > 1 ? "s" : " "} | ${r.grants} grants | duplicate sends ${d.creates + d.updates + d.deletes} ` +
      `(creates ${d.creates}, updates ${d.updates}, deletes ${d.deletes}), duplicate auths ${r.duplicateAuths} | ` +
      `requests per app instance (API + webhooks) ${r.servedByInstance.join(" / ")} | load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  printWrites("PATCH", r.moveWrites);
  for (const [label, p] of [
    ["bulk", r.bulk],
    ["moves", r.moves],
  ] as const) {
    const writes = p.creates + p.updates + p.otherWrites;
    console.log(
      [
        `  ${label.padEnd(5)} converge ${p.convergeS.toFixed(1)} s`,
        `claims ${p.claims} in ${p.passes} passes = ${(p.claims / p.convergeS).toFixed(1)}/s`,
        `Nuki writes ${p.creates} creates + ${p.updates} updates + ${p.otherWrites} other = ${writes} vs minimum ${p.minimum} (×${(writes / p.minimum).toFixed(2)}), ${p.reads} reads`,
        `CPU per 1,000 claims: Postgres ${per1k(p.cpu.db, p.claims)} ms, workers ${per1k(p.cpu.workers, p.claims)} ms, app instances (webhooks) ${per1k(p.cpu.apps, p.claims)} ms, bench (simulator + balancer) ${per1k(p.cpu.bench, p.claims)} ms`,
      ].join(" | "),
    );
  }
  const claimsS = (r.bulk.claims + r.moves.claims) / (r.bulk.convergeS + r.moves.convergeS);
  const bareS = r.bare.claims / r.bare.seconds;
  const changes = base.writes.requests + r.moveWrites.requests;
  const dbMs = base.writes.cpu.db + r.moveWrites.cpu.db + r.bulk.cpu.db + r.moves.cpu.db;
  console.log(
    `  bare claim loop ×${r.workers}: ${r.bare.claims} claims in ${r.bare.seconds.toFixed(1)} s = ${bareS.toFixed(0)}/s | ` +
      `reconciler ${claimsS.toFixed(1)} claims/s = ×${(claimsS / bareS).toFixed(3)} of bare | ` +
      `Postgres CPU per 1,000 grant changes, written (POSTs of the base + PATCHes) + converged: ${per1k(dbMs, changes)} ms`,
  );
}

async function main() {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID")))
    throw new Error("No build: run `npx next build` first (the app instances are `next start` of it).");
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let stopPg = async () => {};
  let pgDir: string | null = null;
  if (!adminUrl) {
    pgDir = mkdtempSync(path.join(os.tmpdir(), "portier-scale-pg-"));
    chmodSync(pgDir, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(pgDir, "pg"), port: PG_PORT });
    adminUrl = pg.url;
    stopPg = pg.stop;
    // Interrupted: the app instances, workers and the embedded server are children that would
    // otherwise outlive this process.
    for (const signal of ["SIGINT", "SIGTERM"] as const)
      process.once(signal, () => void stopAll().finally(() => pg.stop().finally(() => process.exit(130))));
  }
  const postmaster = await postmasterOf(adminUrl);
  console.log(
    `scale-out: ${CHANGES} grant changes through the public API = ${CUSTOMERS} customers × ${DOORS} doors (${CUSTOMERS * DOORS} POST /windows) + ${MOVES} moves (PATCH), ${CONCURRENCY} in flight`,
  );
  console.log(
    `${ACCOUNTS} simulated Nuki account${ACCOUNTS > 1 ? "s" : " (the env account only)"} with ${DOORS} locks; ` +
      `2 app instances (next start, RECONCILER=off) behind a round-robin balancer; workers ${WORKER_COUNTS.join(", ")}, ${RPS} Nuki req/s each; ` +
      `${os.cpus().length} CPUs shared with other engineers, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(
          " ",
        )}; DB CPU = ${postmaster ? "postgres processes' utime+stime from /proc (incl. autovacuum)" : "not readable (remote server)"}`,
  );
  const rows: Row[] = [];
  let base: Base | null = null;
  try {
    base = await writeBase(adminUrl, postmaster);
    console.log(
      `bulk assignments written once (then cloned per worker count): ${base.windows.length} windows, ${base.defs} auth definitions, at most ${base.codesPerCustomer} different keypad code(s) for one customer across the doors`,
    );
    printWrites("POST", base.writes);
    for (const n of WORKER_COUNTS) {
      const r = await runOnce(n, adminUrl, postmaster, base);
      rows.push(r);
      print(r, base);
    }
    const one = rows.find((r) => r.workers === 1);
    if (one) {
      const rate = (p: Phase) => p.claims / p.convergeS;
      console.log(
        `claims/s vs 1 worker: ${rows
          .map(
            (r) =>
              `${r.workers}: bulk ×${(rate(r.bulk) / rate(one.bulk)).toFixed(2)}, moves ×${(rate(r.moves) / rate(one.moves)).toFixed(2)}, bare ×${(r.bare.claims / r.bare.seconds / (one.bare.claims / one.bare.seconds)).toFixed(2)}`,
          )
          .join("; ")}`,
      );
    }
  } finally {
    if (base) await dropDatabase(adminUrl, base.name);
    await stopPg();
    if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  }
  const bad = rows.filter(
    (r) => r.duplicateAuths + r.duplicateSends.creates + r.duplicateSends.updates + r.duplicateSends.deletes > 0,
  );
  if (bad.length) {
    console.error(`DUPLICATE sends or auths with ${bad.map((r) => r.workers).join(", ")} worker(s)`);
    process.exitCode = 1;
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
