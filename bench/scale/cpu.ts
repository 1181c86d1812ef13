// CPU time of processes on this machine, from /proc (Linux): the figures that do not depend on how
// busy the shared machine is, unlike wall-clock times.
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 1000 / 100; // USER_HZ: /proc reports CPU in clock ticks of 10 ms on Linux

type Stat = { ppid: number; own: number; reaped: number };

/** One /proc snapshot: each process's parent, own CPU ticks, and its reaped children's ticks. */
function snapshot(): Map<number, Stat> {
  const all = new Map<number, Stat>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]!.split(" ");
      all.set(Number(d), {
        ppid: Number(f[1]),
        own: Number(f[11]) + Number(f[12]),
        reaped: Number(f[13]) + Number(f[14]),
      });
    } catch {
      /* exited meanwhile: its time is now in its parent's reaped ticks */
    }
  }
  return all;
}

/**
 * CPU of a process and all its descendants so far, in ms: their own time plus (cutime/cstime) the
 * children that already exited — Postgres backends of closed connections, tsx's node child.
 */
export function treeCpuMs(rootPid: number): number {
  const all = snapshot();
  const kids = new Map<number, number[]>();
  for (const [pid, s] of all) kids.set(s.ppid, [...(kids.get(s.ppid) ?? []), pid]);
  // Live processes' own time + what each already reaped: every exited descendant counted once.
  let ticks = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    const s = all.get(pid);
    ticks += s ? s.own + s.reaped : 0;
    stack.push(...(kids.get(pid) ?? []));
  }
  return ticks * TICK_MS;
}

/** Several trees at once (e.g. every worker), summed. */
export const treesCpuMs = (pids: number[]) => pids.reduce((s, p) => s + treeCpuMs(p), 0);

/** This process's own CPU (the bench: simulator, load balancer, API client, bare claim loops). */
export const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
