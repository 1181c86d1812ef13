// `npm run sim`: the Nuki simulator on its own (default port 4010) with the demo building's locks.
// Control endpoints under /_sim (state, offline/online, fail-next, never-apply-next, webhooks/script…).
import { DEMO_NUKI_TOKEN } from "@/lib/demo-building";
import { startDemoSimulator } from "@/lib/runtime/demo/simulator";

async function main() {
  const running = await startDemoSimulator({
    port: Number(process.env.SIM_PORT ?? 4010),
    applyDelayMs: Number(process.env.SIM_APPLY_DELAY_MS ?? 1500),
  });
  console.log(`Nuki simulator on ${running.url} (token "${DEMO_NUKI_TOKEN}"); state at ${running.url}/_sim/state`);
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.on(sig, () => void running.close().then(() => process.exit(0)));
}
void main();
