import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const idx = Math.min(s.length - 1, Math.ceil(q * s.length) - 1);
  return s[Math.max(0, idx)]!;
}

export const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

export function summary(label: string, values: number[], baseline?: number[]) {
  const med = quantile(values, 0.5);
  const ratio = baseline ? ` | ×${(med / quantile(baseline, 0.5)).toFixed(2)} baseline` : "";
  console.log(
    `${label.padEnd(44)} n=${values.length} median ${fmt(med)} p99 ${fmt(quantile(values, 0.99))} min ${fmt(Math.min(...values))} max ${fmt(Math.max(...values))}${ratio}`,
  );
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<number> {
  const start = performance.now();
  for (;;) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return performance.now() - start;
    } catch {
      /* not up yet */
    }
    if (performance.now() - start > timeoutMs) throw new Error(`${url} did not answer in ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** RSS of a process and all its descendants (next-server + embedded postgres backends), in MiB. */
export function treeRssMiB(rootPid: number): { self: number; tree: number } {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  const { readdirSync } = require("node:fs") as typeof import("node:fs");
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.split(") ")[1]!.split(" ")[1]);
      const status = readFileSync(`/proc/${d}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rss.set(Number(d), kb);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* exited */
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return { self: (rss.get(rootPid) ?? 0) / 1024, tree: total / 1024 };
}

export function startProcess(cmd: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(cmd, args, {
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
    detached: true,
  });
}

export async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    /* gone */
  }
  await Promise.race([exited, sleep(10_000)]);
}
