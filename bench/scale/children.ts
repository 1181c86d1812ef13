// The real processes of the scale-out bench — `next start` app instances and `npm run worker`
// reconcilers — started with their own environment, their output kept (the tail) for errors, and
// stopped by their own pid (SIGTERM, then SIGKILL after 15 s).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { sleep } from "../lib";

export type Child = { name: string; child: ChildProcess; pid: number; output: () => string };

/** Every child still running, so an interrupted bench stops them all (they would outlive it). */
const live = new Set<Child>();

const bin = (name: string) => path.join(process.cwd(), "node_modules", ".bin", name);

function start(name: string, command: string, args: string[], env: Record<string, string>): Child {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + d).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const c = { name, child, pid: child.pid!, output: () => out };
  live.add(c);
  child.once("exit", () => live.delete(c));
  return c;
}

async function until(c: Child, ready: () => Promise<boolean>, timeoutMs: number) {
  const t0 = performance.now();
  for (;;) {
    if (c.child.exitCode !== null) throw new Error(`${c.name} exited early (${c.child.exitCode}): ${c.output()}`);
    if (await ready().catch(() => false)) return;
    if (performance.now() - t0 > timeoutMs) throw new Error(`${c.name} not ready after ${timeoutMs} ms: ${c.output()}`);
    await sleep(100);
  }
}

/**
 * One app instance: `next start` of the build in .next, production mode. Ready once /api/ready
 * finds database, migrations and Nuki fine (Next prints "Ready" before instrumentation has
 * connected and registered the webhook; the first request waits for that). Its reconciler check
 * may still fail: the instances run RECONCILER=off and no worker is up yet.
 */
export async function startApp(i: number, port: number, env: Record<string, string>): Promise<Child> {
  const c = start(`app ${i}`, bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    ...env,
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_MANUAL_SIG_HANDLE: "true",
  });
  type Ready = { checks: Record<string, { ok: boolean }> };
  await until(
    c,
    async () => {
      const { checks } = (await (await fetch(`http://127.0.0.1:${port}/api/ready`)).json()) as Ready;
      return checks.database!.ok && checks.migrations!.ok && checks.nuki!.ok;
    },
    180_000,
  );
  return c;
}

/** One `npm run worker` (tsx scripts/worker.ts, as the npm script runs it); ready once it says so. */
export async function startWorker(i: number, env: Record<string, string>): Promise<Child> {
  const c = start(`worker ${i}`, bin("tsx"), ["--conditions=react-server", "scripts/worker.ts"], env);
  await until(c, async () => c.output().includes("reconciling"), 180_000);
  return c;
}

export async function stop(c: Child) {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  const exited = new Promise((r) => c.child.once("exit", r));
  c.child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
  if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
}

/** Interrupted: every child this bench started, stopped by its own pid. */
export const stopAll = () => Promise.all([...live].map(stop));
