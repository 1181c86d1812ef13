import "server-only";
import { DEMO_NUKI_TOKEN } from "@/lib/demo-building";
import { seedDemoLocks } from "@/lib/nuki/sim/demo";
import { type RunningSimulator, startSimulatorServer } from "@/lib/nuki/sim/server";

/**
 * Demo mode: the Nuki simulator as a real HTTP server beside the app, holding the demo building's
 * locks. Loaded only by a dynamic import behind the demo-mode check, so production never loads it.
 */
export async function startDemoSimulator(o: { port: number; applyDelayMs: number }): Promise<RunningSimulator> {
  const running = await startSimulatorServer({
    port: o.port,
    tokens: [DEMO_NUKI_TOKEN],
    config: { applyDelayMs: o.applyDelayMs },
  });
  seedDemoLocks(running.sim);
  console.log(`[nuki] demo mode: simulator on ${running.url} (${running.sim.locks.size} locks)`);
  return running;
}
