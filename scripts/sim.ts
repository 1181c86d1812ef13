// `npm run sim`: the Nuki simulator on its own (default port 4010) with the demo building's locks.
// `npm run sim -- --profile building` (or SIM_PROFILE=building): an account as an operator brings it —
// eight devices in Berlin and New York, an Opener, a lock without keypad, auths from before Portier —
// for production-mode trials: NUKI_API_TOKEN=<SIM_TOKEN> NUKI_API_BASE_URL=http://127.0.0.1:<port>.
// Several accounts (issue #13): `npm run sim -- --accounts 3 --locks-per-account 100` adds accounts
// acct-2, acct-3 (tokens sim-acct-2-token, …; locks numbered from 2000001, 3000001, …) beside the
// primary one; each has its own controls under /_sim/accounts/<name>/… (lib/nuki/sim/accounts.ts).
// Control endpoints under /_sim (state, locks add/rename/keypad/remove, auths, tokens, offline/online,
// fail-next, never-apply-next, webhooks/script…): lib/nuki/sim/control.ts.
import { DEMO_NUKI_TOKEN } from "@/lib/demo-building";
import { seedBuildingProfile } from "@/lib/nuki/sim/building-profile";
import { extraAccountToken } from "@/lib/nuki/sim/accounts";
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
  const flag = (name: string) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : undefined);
  const accounts = flag("--accounts") ?? Number(process.env.SIM_ACCOUNTS ?? 1);
  const locksPerAccount = flag("--locks-per-account") ?? Number(process.env.SIM_LOCKS_PER_ACCOUNT ?? 10);
  for (let i = 2; i <= accounts; i++) {
    running.accounts.add(`acct-${i}`, {
      tokens: [extraAccountToken(i)],
      locks: locksPerAccount,
      firstSmartlockId: i * 1_000_000,
    });
    console.log(`  account acct-${i}: token "${extraAccountToken(i)}", ${locksPerAccount} locks`);
  }
  console.log(
    `Nuki simulator on ${running.url} (profile ${profile ?? "demo"}, token "${token}", ${running.sim.locks.size} devices); state at ${running.url}/_sim/state`,
  );
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.on(sig, () => void running.close().then(() => process.exit(0)));
}
void main();
