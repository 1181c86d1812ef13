// `npm run sim`: the Nuki simulator on its own (default port 4010) with the demo building's locks.
// Control endpoints under /_sim (state, offline/online, fail-next, never-apply-next, webhooks/script…).
import { seedDemoLocks } from "@/lib/nuki/sim/demo";
import { startSimulatorServer } from "@/lib/nuki/sim/server";
import { DEFAULT_TOKEN } from "@/lib/nuki/sim/simulator";

async function main() {
  const running = await startSimulatorServer({
    port: Number(process.env.SIM_PORT ?? 4010),
    config: { applyDelayMs: Number(process.env.SIM_APPLY_DELAY_MS ?? 1500) },
  });
  seedDemoLocks(running.sim);
  console.log(
    `Nuki simulator on ${running.url} (token "${DEFAULT_TOKEN}"), ${running.sim.locks.size} locks; state at ${running.url}/_sim/state`,
  );
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.on(sig, () => void running.close().then(() => process.exit(0)));
}
void main();
