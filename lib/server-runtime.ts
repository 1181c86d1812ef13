import { getDbHandle } from "@/db/bootstrap";
import { env, isDemoMode } from "@/lib/env";
import type { RunningSimulator } from "@/lib/nuki/sim/server";

type Global = { __portierRuntime?: Promise<void>; __portierSim?: RunningSimulator };
const g = globalThis as unknown as Global;

/** Demo mode: the Nuki simulator as a real HTTP server beside the app, seeded with the demo building. */
async function startDemoSimulator(): Promise<RunningSimulator> {
  const [{ startSimulatorServer }, { seedDemoLocks }] = await Promise.all([import("@/lib/nuki/sim/server"), import("@/lib/nuki/sim/demo")]);
  const running = await startSimulatorServer({ port: env().SIM_PORT, config: { applyDelayMs: env().SIM_APPLY_DELAY_MS } });
  seedDemoLocks(running.sim);
  console.log(`[nuki] demo mode: simulator on ${running.url} (${running.sim.locks.size} locks)`);
  return running;
}

export const demoSimulator = () => g.__portierSim ?? null;

/** Everything the server process owns besides HTTP: the database and, in demo mode, the simulator. */
export function startServerRuntime(): Promise<void> {
  g.__portierRuntime ??= (async () => {
    await getDbHandle();
    if (isDemoMode()) g.__portierSim ??= await startDemoSimulator();
  })();
  return g.__portierRuntime;
}
