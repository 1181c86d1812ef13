// Client overhead per call against the simulator over loopback HTTP, against a bare fetch of the
// same request in the same run (baseline); and simulator throughput with concurrent clients.
// Run: npx tsx --conditions=react-server bench/nuki-client.ts
import { RequestBudget } from "@/lib/nuki/budget";
import { NukiClient } from "@/lib/nuki/client";
import { startSimulatorServer } from "@/lib/nuki/sim/server";
import { DEFAULT_TOKEN } from "@/lib/nuki/sim/simulator";
import { quantile, summary } from "./lib";

const N = Number(process.argv[2] ?? 2000);

async function main() {
  const s = await startSimulatorServer({ seed: 1, config: { applyDelayMs: 0, webhookDelayMs: 0 } });
  for (let i = 0; i < 20; i++) s.sim.addLock({ smartlockId: 4 * 2 ** 32 + i, name: `Lock ${i}` });
  for (let i = 0; i < 200; i++)
    s.sim.createAuths(
      {
        name: `P-${i}`,
        type: 13,
        code: 345678 + i * 11 - (String(345678 + i * 11).includes("0") ? 1 : 0),
        remoteAllowed: false,
        allowedWeekDays: 127,
        allowedFromTime: 0,
        allowedUntilTime: 0,
      },
      [4 * 2 ** 32 + (i % 20)],
    );
  await s.sim.flush();
  const client = new NukiClient({
    baseUrl: s.url,
    token: DEFAULT_TOKEN,
    budget: new RequestBudget({ ratePerSec: 1e9, burst: 1e9 }),
  });
  const url = `${s.url}/smartlock/${4 * 2 ** 32}/auth`;

  const raw: number[] = [];
  const typed: number[] = [];
  for (let i = 0; i < 100; i++) {
    await fetch(url, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } }).then((r) => r.json());
    await client.listLockAuths(4 * 2 ** 32);
  }
  for (let i = 0; i < N; i++) {
    let t = performance.now();
    await fetch(url, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } }).then((r) => r.json());
    raw.push(performance.now() - t);
    t = performance.now();
    await client.listLockAuths(4 * 2 ** 32);
    typed.push(performance.now() - t);
  }
  summary("baseline: fetch + JSON.parse (10 auths)", raw);
  summary("NukiClient.listLockAuths (budget+zod)", typed, raw);
  console.log(
    `client overhead per call: ${(quantile(typed, 0.5) - quantile(raw, 0.5)).toFixed(3)} ms (median difference)`,
  );

  for (const concurrency of [1, 8, 32]) {
    const lat: number[] = [];
    const started = performance.now();
    let done = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (done < N) {
          done++;
          const t = performance.now();
          await fetch(`${s.url}/smartlock/auth`, { headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } }).then((r) =>
            r.arrayBuffer(),
          );
          lat.push(performance.now() - t);
        }
      }),
    );
    const secs = (performance.now() - started) / 1000;
    console.log(
      `simulator GET /smartlock/auth (200 auths), ${String(concurrency).padStart(2)} concurrent: ${(lat.length / secs).toFixed(0)} req/s, p50 ${quantile(lat, 0.5).toFixed(2)} ms, p99 ${quantile(lat, 0.99).toFixed(2)} ms`,
    );
  }
  await s.close();
}
void main();
