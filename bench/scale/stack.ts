// One deployment for the scale-out bench, on one database: the simulated Nuki account(s), a
// round-robin load balancer, two `next start` app instances behind it (production mode,
// RECONCILER=off: the workers do the reconciling) and, on demand, `npm run worker` processes.
// Also the CPU meter over all of them (Postgres, apps, workers, this bench process).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Balancer, startBalancer } from "./balancer";
import { type Child, startApp, startWorker, stop } from "./children";
import { selfCpuMs, treeCpuMs, treesCpuMs } from "./cpu";
import { type NukiAccounts, startNukiAccounts } from "./nuki-accounts";

export type Cpu = { db: number; apps: number; workers: number; bench: number };

// One set of secrets for the whole run: every instance and worker must agree on them (the app
// warns at start when they are generated per process), and the clones of one database need the
// same code key.
export const SECRETS = {
  CODE_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
  AUTH_SECRET: randomBytes(32).toString("hex"),
  NUKI_WEBHOOK_SECRET: randomBytes(32).toString("hex"),
};

export type Stack = {
  nuki: NukiAccounts;
  balancer: Balancer;
  apps: Child[];
  workers: Child[];
  metricsPorts: number[];
  startWorkers: (n: number) => Promise<void>;
  stopWorkers: () => Promise<void>;
  cpu: () => Cpu;
  since: (a: Cpu) => Cpu;
  close: () => Promise<void>;
};

export async function startStack(o: {
  databaseUrl: string;
  postmaster: number | null;
  simPort: number;
  appPort: number;
  accounts: number;
  locks: number;
  rps: string;
}): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "portier-scale-"));
  // Fast simulated locks (50 ms to apply, webhook 10 ms later): the limit measured is Portier's.
  const nuki = await startNukiAccounts({
    port: o.simPort,
    accounts: o.accounts,
    locksPerAccount: o.locks / o.accounts,
    config: { applyDelayMs: 50, webhookDelayMs: 10 },
  });
  const balancer = await startBalancer(o.appPort + 2, [o.appPort, o.appPort + 1]);
  const apps: Child[] = [];
  const workers: Child[] = [];
  const metricsPorts: number[] = [];
  const common = {
    ...SECRETS,
    DATABASE_URL: o.databaseUrl,
    NUKI_API_TOKEN: nuki.accounts[0]!.token,
    NUKI_API_BASE_URL: nuki.url,
    NUKI_REQUESTS_PER_SEC: o.rps,
    NUKI_BURST: o.rps,
    DATA_DIR: dataDir,
    DEMO_SEED: "off",
  };
  const cpu = (): Cpu => ({
    db: o.postmaster ? treeCpuMs(o.postmaster) : Number.NaN,
    apps: treesCpuMs(apps.map((a) => a.pid)),
    workers: treesCpuMs(workers.map((w) => w.pid)),
    bench: selfCpuMs(),
  });
  const close = async () => {
    await Promise.all([...workers, ...apps].map(stop));
    await balancer.close();
    await nuki.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // One after the other: the first registers the webhook, the second finds it registered.
    for (const i of [0, 1])
      apps.push(
        await startApp(i, o.appPort + i, {
          ...common,
          PUBLIC_URL: balancer.url,
          RECONCILER: "off",
          // The key's bucket (600/min by default) would make this a benchmark of the limiter.
          API_RATE_PER_MINUTE: "1000000000",
          API_RATE_BURST: "1000000000",
        }),
      );
  } catch (error) {
    await close();
    throw error;
  }
  return {
    nuki,
    balancer,
    apps,
    workers,
    metricsPorts,
    startWorkers: async (n) => {
      const ports = Array.from({ length: n }, (_, i) => o.appPort + 3 + i);
      const env = (port: number) => ({
        ...common,
        METRICS_PORT: String(port),
        ...(process.env.BENCH_DEBUG ? { LOG_LEVEL: "debug" } : {}),
      });
      workers.push(...(await Promise.all(ports.map((port, i) => startWorker(i, env(port))))));
      metricsPorts.push(...ports);
    },
    stopWorkers: async () => {
      await Promise.all(workers.map(stop));
    },
    cpu,
    since: (a) => {
      const b = cpu();
      return { db: b.db - a.db, apps: b.apps - a.apps, workers: b.workers - a.workers, bench: b.bench - a.bench };
    },
    close,
  };
}
