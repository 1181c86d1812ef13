// Scale-out (issue #13): one PostgreSQL, the simulator over HTTP with 300 locks in ONE Nuki account
// (Portier supports one account today), and 1..4 real `npm run worker` processes (scripts/worker.ts)
// converging a load of grant changes written through the domain functions (bulk assign + moves).
// Prints per worker count: time to converge, Nuki calls vs the minimum, duplicate auths (must be
// 0), claims/s, and PostgreSQL CPU per 1,000 grants (CPU time of the postgres processes from /proc).
//
// Run: npx tsx --conditions=react-server bench/scale-out.ts [changes=2000] [maxWorkers=4]
//      (the issue's full figure: `… bench/scale-out.ts 20000`). DATABASE_URL / BENCH_DATABASE_URL:
//      use that server (its CPU is only readable when it runs on this machine as a visible process);
//      else an embedded one on BENCH_PG_PORT (55510). Simulator on BENCH_SIM_PORT (4610), worker
//      metrics on BENCH_METRICS_PORT.. (4611..). BENCH_NUKI_RPS: each worker's request budget (100).
//
// Not here: the two app instances of the issue. The bench process stands in for the app: it writes
// the changes and receives the simulator's signed webhooks by calling the real webhook handler
// (receiveNukiWebhook, as test/engine.ts does) instead of over HTTP through `next start`.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, sql } from "drizzle-orm";
import { connect } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { accessWindows } from "@/db/schema";
import { bulkAssign } from "@/lib/access/windows/bulk-assign";
import { updateWindow } from "@/lib/access/windows/update-window";
import { DEFAULT_TOKEN, type SimulatorOptions } from "@/lib/nuki/sim/simulator";
import { createDatabase, dropDatabase } from "@/test/database";
import { createEngine } from "@/test/engine";
import { sleep } from "./lib";

const CHANGES = Number(process.argv[2] ?? 2000);
const MAX_WORKERS = Number(process.argv[3] ?? 4);
const DOORS = 300;
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 55510);
const SIM_PORT = Number(process.env.BENCH_SIM_PORT ?? 4610);
const METRICS_PORT = Number(process.env.BENCH_METRICS_PORT ?? 4611);
const RPS = process.env.BENCH_NUKI_RPS ?? "100";
const CONVERGE_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 20 * 60_000);
const KEY = randomBytes(32);
const HOUR = 3_600_000;
const TICK_MS = 1000 / 100; // USER_HZ: /proc reports CPU in clock ticks of 10 ms on Linux

// A quarter of the changes are moves of single windows; the rest are bulk assignments of whole
// customers onto all 300 doors (the front desk's big operations).
const CUSTOMERS = Math.max(1, Math.round((CHANGES * 0.75) / DOORS));
const MOVES = Math.max(0, CHANGES - CUSTOMERS * DOORS);

/** Every postgres process's CPU so far: the postmaster, its live children, and (cutime/cstime) the exited ones it reaped. */
function postgresCpuMs(postmasterPid: number): number {
  const fields = (pid: number) => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const pm = fields(postmasterPid);
  let ticks = Number(pm[11]) + Number(pm[12]) + Number(pm[13]) + Number(pm[14]);
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = fields(Number(d));
      if (Number(f[1]) === postmasterPid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* exited meanwhile: its time is now in the postmaster's cutime/cstime */
    }
  }
  return ticks * TICK_MS;
}

function startWorker(i: number, databaseUrl: string, simUrl: string, dataDir: string) {
  const child = spawn(
    path.join(process.cwd(), "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/worker.ts"],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NUKI_API_TOKEN: DEFAULT_TOKEN,
        NUKI_API_BASE_URL: simUrl,
        NUKI_REQUESTS_PER_SEC: RPS,
        NUKI_BURST: RPS,
        CODE_ENCRYPTION_KEY: KEY.toString("hex"),
        DATA_DIR: dataDir,
        DEMO_SEED: "off",
        METRICS_PORT: String(METRICS_PORT + i),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + d).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const started = new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (out.includes("reconciling")) {
        clearInterval(t);
        resolve();
      }
    }, 50);
    child.once("exit", (code) => {
      clearInterval(t);
      reject(new Error(`worker ${i} exited early (${code}): ${out}`));
    });
  });
  return { child, started, output: () => out };
}

async function stopWorker(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** Sum of one Prometheus metric (all label sets) in a worker's /metrics. */
async function scrape(port: number, name: string): Promise<number> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
  let sum = 0;
  for (const line of text.split("\n"))
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.split(" ").at(-1));
  return sum;
}

type Phase = {
  grants: number;
  convergeS: number;
  creates: number;
  updates: number;
  otherWrites: number;
  reads: number;
  minimum: number;
  claims: number;
  passes: number;
  dbCpuMs: number;
  workerCpuMs: number;
  intakeCpuMs: number;
};
type Row = { workers: number; writeS: number; dbCpuWriteMs: number; bulk: Phase; moves: Phase; duplicates: number };

/** CPU of a process and all its descendants (tsx wrapper → node), exited children included. */
function treeCpuMs(rootPid: number): number {
  const kids = new Map<number, number[]>();
  const own = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]!.split(" ");
      own.set(Number(d), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
      kids.set(Number(f[1]), [...(kids.get(Number(f[1])) ?? []), Number(d)]);
    } catch {
      /* exited */
    }
  }
  let ticks = 0;
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop()!;
    ticks += own.get(p) ?? 0;
    stack.push(...(kids.get(p) ?? []));
  }
  return ticks * TICK_MS;
}

const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function runOnce(workers: number, adminUrl: string, postmasterPid: number | null): Promise<Row> {
  const name = `portier_scale_${workers}_${Date.now()}`;
  const handle = connect(await createDatabase(adminUrl, name), 10);
  await runMigrations(handle.db);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "portier-scale-"));
  const db = {
    ...handle,
    drop: async () => {
      await handle.pool.end();
      await dropDatabase(adminUrl, name);
    },
  };
  // Fast simulated locks (50 ms to apply), real clock: the limit measured is Portier's, not the locks'.
  const simOptions = { port: SIM_PORT, config: { applyDelayMs: 50, webhookDelayMs: 10 } } as SimulatorOptions;
  const e = await createEngine({
    db,
    doors: DOORS,
    customers: CUSTOMERS,
    realTime: true,
    vaultKey: KEY,
    sim: simOptions,
  });
  const cpu = () => (postmasterPid ? postgresCpuMs(postmasterPid) : Number.NaN);
  const procs: ReturnType<typeof startWorker>[] = [];
  const workersCpu = () => procs.reduce((s, p) => s + treeCpuMs(p.child.pid!), 0);

  /** Wakes the workers and waits until every grant is applied; the figures of that stretch. */
  const converge = async (minimum: number): Promise<Phase> => {
    const callsBefore = e.sim.calls.length;
    const claimsBefore = await scrapeAll(workers, "portier_reconciler_claims_per_pass_sum");
    const passesBefore = await scrapeAll(workers, "portier_reconciler_claims_per_pass_count");
    const [db0, w0, i0, t0] = [cpu(), workersCpu(), selfCpuMs(), performance.now()];
    await e.db.execute(sql`select pg_notify('portier_reconcile', 'bench')`);
    for (;;) {
      const [r] = (
        await e.db.execute<{ left: number }>(sql`select count(*)::int as left from grants where status <> 'applied'`)
      ).rows;
      if (r!.left === 0) break;
      if (performance.now() - t0 > CONVERGE_TIMEOUT_MS)
        throw new Error(
          `${r!.left} grants not applied after ${CONVERGE_TIMEOUT_MS} ms; worker 0 said: ${procs[0]!.output()}`,
        );
      await sleep(200);
    }
    const convergeS = (performance.now() - t0) / 1000;
    const [db1, w1, i1] = [cpu(), workersCpu(), selfCpuMs()];
    const calls = e.sim.calls.slice(callsBefore);
    const count = (route: string) => calls.filter((c) => c === route).length;
    const reads = calls.filter((c) => c.startsWith("GET ")).length;
    const creates = count("PUT /smartlock/auth");
    const updates = count("POST /smartlock/auth");
    const [{ grants: grantCount }] = (
      await e.db.execute<{ grants: number }>(sql`select count(*)::int as grants from grants`)
    ).rows as [{ grants: number }];
    return {
      grants: grantCount,
      convergeS,
      creates,
      updates,
      otherWrites: calls.length - reads - creates - updates,
      reads,
      minimum,
      claims: (await scrapeAll(workers, "portier_reconciler_claims_per_pass_sum")) - claimsBefore,
      passes: (await scrapeAll(workers, "portier_reconciler_claims_per_pass_count")) - passesBefore,
      dbCpuMs: db1 - db0,
      workerCpuMs: w1 - w0,
      intakeCpuMs: i1 - i0,
    };
  };

  try {
    // 1. The bulk assignments, through the domain function staff and the API use (audit included).
    const cpuW0 = cpu();
    const w0 = performance.now();
    const startsAt = new Date(Date.now() + 48 * HOUR);
    await bulkAssign(e, e.actor, {
      customerIds: e.customerIds,
      doorIds: e.doorIds,
      window: { kind: "once", startsAt, endsAt: new Date(startsAt.getTime() + 72 * HOUR) },
    });
    let writeS = (performance.now() - w0) / 1000;
    let dbCpuWriteMs = cpu() - cpuW0;
    // Minimum: one multi-lock create per distinct auth definition (a customer's window on all doors).
    const [{ defs }] = (
      await e.db.execute<{ defs: number }>(
        sql`select count(distinct (customer_id, credential, desired::text))::int as defs from grants where desired is not null`,
      )
    ).rows as [{ defs: number }];

    // 2. Park the work while the workers start (tsx compiles for seconds), so every worker count
    //    starts converging from the same moment instead of the first one up taking a head start.
    await e.db.execute(
      sql`update grants set next_run_at = next_run_at + interval '10 years' where next_run_at is not null`,
    );
    for (let i = 0; i < workers; i++) procs.push(startWorker(i, db.url, e.simUrl, dataDir));
    await Promise.all(procs.map((p) => p.started));
    await sleep(3000); // let each worker's start-up resync (reads only) pass
    await e.db.execute(sql`update grants set next_run_at = now() where next_run_at > now() + interval '5 years'`);
    const bulk = await converge(defs);

    // 3. Moves of windows already on their locks (one window, one door each): Nuki updates, which
    //    the reconciler sends in bulk (POST /smartlock/auth, bulkChunk items per call).
    const toMove = await e.db.select().from(accessWindows).orderBy(asc(accessWindows.id)).limit(MOVES);
    //    Held under a lease of the bench's own while they are written (claims skip leased grants),
    //    so the stretch measured is the workers' alone, as for the bulk.
    await e.db.execute(sql`update grants set claimed_by = 'bench-hold', claimed_until = now() + interval '1 hour'`);
    const cpuM0 = cpu();
    const m0 = performance.now();
    for (const w of toMove)
      await updateWindow(e, e.actor, {
        windowId: w.id,
        expectedVersion: w.version,
        window: {
          kind: "once",
          startsAt: new Date(w.startsAt.getTime() + HOUR),
          endsAt: new Date(w.endsAt!.getTime() + HOUR),
        },
      });
    writeS += (performance.now() - m0) / 1000;
    dbCpuWriteMs += cpu() - cpuM0;
    await e.db.execute(sql`update grants set claimed_by = null, claimed_until = null where claimed_by = 'bench-hold'`);
    const moves = await converge(Math.ceil(toMove.length / e.config.bulkChunk));

    // A duplicate = a second auth for the same customer (the name carries its tag) on one lock.
    const seen = new Map<string, number>();
    for (const a of e.sim.auths.values()) {
      const k = `${a.smartlockId}|${a.name}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    const duplicates = [...seen.values()].reduce((s, n) => s + n - 1, 0) + Math.max(0, e.sim.auths.size - moves.grants);
    return { workers, writeS, dbCpuWriteMs, bulk, moves, duplicates };
  } finally {
    await Promise.all(procs.map((p) => stopWorker(p.child)));
    await e.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function scrapeAll(workers: number, metric: string) {
  let sum = 0;
  for (let i = 0; i < workers; i++) sum += await scrape(METRICS_PORT + i, metric);
  return sum;
}

/** The postmaster of the server behind `url`, if it runs on this machine (else no CPU figures). */
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

async function main() {
  let adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  let stopPg = async () => {};
  let pgDir: string | null = null;
  if (!adminUrl) {
    pgDir = mkdtempSync(path.join(os.tmpdir(), "portier-scale-pg-"));
    chmodSync(pgDir, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(pgDir, "pg"), port: PG_PORT });
    adminUrl = pg.url;
    stopPg = pg.stop;
    // Interrupted: the embedded server is a child that would otherwise outlive this process.
    for (const signal of ["SIGINT", "SIGTERM"] as const)
      process.once(signal, () => void pg.stop().finally(() => process.exit(130)));
  }
  const pm = await postmasterOf(adminUrl);
  console.log(
    `scale-out: ${CHANGES} grant changes (${CUSTOMERS} customers bulk-assigned to ${DOORS} doors = ${CUSTOMERS * DOORS} grants, then ${MOVES} single-window moves)`,
  );
  console.log(
    `ONE simulated Nuki account with ${DOORS} locks (Portier supports one account today); worker budget ${RPS} req/s each; ` +
      `webhooks handled in the bench process (no app instances); ${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(
          " ",
        )}; DB CPU = ${pm ? "postgres processes' utime+stime from /proc (incl. autovacuum)" : "not readable (remote server)"}`,
  );
  const rows: Row[] = [];
  try {
    // BENCH_ORDER=desc runs 4..1: on a shared machine whose load drifts, both orders together show
    // whether a growth with the worker count is real.
    const counts = Array.from({ length: MAX_WORKERS }, (_, i) => i + 1);
    if (process.env.BENCH_ORDER === "desc") counts.reverse();
    for (const n of counts) {
      const r = await runOnce(n, adminUrl, pm);
      rows.push(r);
      console.log(
        `${n} worker${n > 1 ? "s" : " "} | changes written in ${r.writeS.toFixed(1)} s, DB CPU ${((r.dbCpuWriteMs / CHANGES) * 1000).toFixed(0)} ms per 1,000 changes | duplicates ${r.duplicates} | load ${os.loadavg()[0]!.toFixed(1)}`,
      );
      for (const [label, p] of [
        ["bulk", r.bulk],
        ["moves", r.moves],
      ] as const) {
        const rate = p.claims / p.convergeS;
        const per1k = (ms: number) => ((ms / p.claims) * 1000).toFixed(0);
        console.log(
          [
            `  ${label.padEnd(5)} converge ${p.convergeS.toFixed(1)} s`,
            `claims ${p.claims} in ${p.passes} passes = ${rate.toFixed(0)}/s`,
            `Nuki writes ${p.creates} creates + ${p.updates} updates + ${p.otherWrites} other vs minimum ${p.minimum} (creates: one per auth definition; updates: at the bulk chunk of 50) (×${((p.creates + p.updates + p.otherWrites) / p.minimum).toFixed(2)}), ${p.reads} reads`,
            `CPU per 1,000 claims: Postgres ${per1k(p.dbCpuMs)} ms, workers ${per1k(p.workerCpuMs)} ms, bench process (simulator + webhook intake) ${per1k(p.intakeCpuMs)} ms`,
          ].join(" | "),
        );
      }
    }
    const one = rows.find((r) => r.workers === 1);
    if (one)
      console.log(
        `claims/s vs 1 worker: ${rows
          .map(
            (r) =>
              `${r.workers}: bulk ×${(r.bulk.claims / r.bulk.convergeS / (one.bulk.claims / one.bulk.convergeS)).toFixed(2)}, moves ×${(r.moves.claims / r.moves.convergeS / (one.moves.claims / one.moves.convergeS)).toFixed(2)}`,
          )
          .join("; ")}`,
      );
  } finally {
    await stopPg();
    if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  }
  const bad = rows.filter((r) => r.duplicates > 0);
  if (bad.length) {
    console.error(`DUPLICATE auths with ${bad.map((r) => r.workers).join(", ")} worker(s)`);
    process.exitCode = 1;
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
