import type { EngineContext } from "@/lib/access/context";
import { seedDemoIfEmpty } from "@/db/seed";
import { env, isDemoMode } from "@/lib/env";
import { startDemoSimulator } from "./simulator";

/**
 * Demo mode's part of startup: the simulator with the demo building's locks, and on an empty
 * database the demo building itself. Returns the stop for the simulator. Refuses outside demo mode
 * (a Nuki token is set), so real locks and real customers never meet demo data.
 */
export async function startDemo(engine: EngineContext, o: { seed: boolean }): Promise<() => Promise<void>> {
  if (!isDemoMode()) throw new Error("startDemo: not in demo mode (NUKI_API_TOKEN is set)");
  const running = await startDemoSimulator({ port: env().SIM_PORT, applyDelayMs: env().SIM_APPLY_DELAY_MS });
  if (o.seed) await seedDemoIfEmpty(engine.db);
  return running.close;
}
