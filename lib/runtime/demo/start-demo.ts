import "server-only";
import { seedDemoIfEmpty } from "@/db/seed";
import type { EngineContext } from "@/lib/access/context";
import { env, isDemoMode } from "@/lib/env";
import { applyDemoQuirks, populateDemoWeek } from "./demo-week";
import { demoSignInLines } from "./sign-ins";
import { startDemoSimulator } from "./simulator";

export type RunningDemo = {
  stop: () => Promise<void>;
  /** Called once the webhook is registered and the reconciler runs: fills a fresh demo with a living week. */
  afterStart: () => void;
};

/**
 * Demo mode's part of startup: the simulator with the demo building's locks, and
 * on an empty database the demo building itself (DEMO_SEED=auto|building) plus, after start, a
 * living week made through the engine (auto). Refuses outside demo mode (a Nuki token is set), so
 * real locks and real customers never meet demo data.
 */
export async function startDemo(engine: EngineContext): Promise<RunningDemo> {
  if (!isDemoMode()) throw new Error("startDemo: not in demo mode (NUKI_API_TOKEN is set)");
  const { SIM_PORT, SIM_APPLY_DELAY_MS, DEMO_SEED, PORT } = env();
  const running = await startDemoSimulator({ port: SIM_PORT, applyDelayMs: SIM_APPLY_DELAY_MS });
  // The living demo's standing quirks (an offline lock, a lock without keypad) come with it;
  // DEMO_SEED=building (the e2e specs) gets a building where every lock behaves.
  if (DEMO_SEED === "auto") applyDemoQuirks(running.sim);
  const seeded = DEMO_SEED !== "off" && (await seedDemoIfEmpty(engine.db));
  // Straight to the terminal, not through the structured log: the demo passwords are published
  // (README, sign-in page) but a password has no place in log records (the test run's sweep checks).
  process.stdout.write(`[demo] sign in at http://localhost:${PORT}/login as\n${demoSignInLines().join("\n")}\n`);
  return {
    stop: running.close,
    afterStart: () => {
      if (!seeded || DEMO_SEED !== "auto") return;
      const started = Date.now();
      populateDemoWeek(engine, running.sim).then(
        (r) =>
          console.log(`[demo] living week: ${r.windows} windows, ${r.entries} entries (${Date.now() - started} ms)`),
        (error) => console.error("[demo] living week failed:", (error as Error).message),
      );
    },
  };
}
