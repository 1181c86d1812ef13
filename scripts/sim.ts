// `npm run sim`: the Nuki simulator on its own (default port 4010) with the demo building's locks.
// `npm run sim -- --profile building` (or SIM_PROFILE=building): an account as an operator brings it —
// eight devices in Berlin and New York, an Opener, a lock without keypad, auths from before Portier —
// for production-mode trials: NUKI_API_TOKEN=<SIM_TOKEN> NUKI_API_BASE_URL=http://127.0.0.1:<port>.
// Control endpoints under /_sim (state, locks add/rename/keypad/remove, auths, tokens, offline/online,
// fail-next, never-apply-next, webhooks/script…): lib/nuki/sim/control.ts.
import { DEMO_NUKI_TOKEN } from "@/lib/demo-building";
import { seedBuildingProfile } from "@/lib/nuki/sim/building-profile";
import { startSimulatorServer } from "@/lib/nuki/sim/server";
import { startDemoSimulator } from "@/lib/runtime/demo/simulator";

async function main() {
  const argv = process.argv.slice(2);
  const profile = argv.includes("--profile") ? argv[argv.indexOf("--profile") + 1] : process.env.SIM_PROFILE;
  const port = Number(process.env.SIM_PORT ?? 4010);
  const applyDelayMs = Number(process.env.SIM_APPLY_DELAY_MS ?? 1500);
  let running: Awaited<ReturnType<typeof startSimulatorServer>>;
  let token = DEMO_NUKI_TOKEN;
  if (profile === "building") {
    token = process.env.SIM_TOKEN ?? "sim-building-token";
    running = await startSimulatorServer({ port, tokens: [token], config: { applyDelayMs } });
    seedBuildingProfile(running.sim);
  } else if (profile && profile !== "demo") {
    console.error(`unknown profile "${profile}" (known: demo, building)`);
    process.exit(2);
  } else running = await startDemoSimulator({ port, applyDelayMs });
  console.log(
    `Nuki simulator on ${running.url} (profile ${profile ?? "demo"}, token "${token}", ${running.sim.locks.size} devices); state at ${running.url}/_sim/state`,
  );
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.on(sig, () => void running.close().then(() => process.exit(0)));
}
void main();
