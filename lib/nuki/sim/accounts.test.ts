import { afterEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulatorServer } from "./server";
import { DEFAULT_TOKEN } from "./simulator";

let running: RunningSimulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const get = (url: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });

describe("several accounts in one simulator (issue #13)", () => {
  it("routes each call by its token, keeps faults and revocations per account, and keeps the old controls", async () => {
    running = await startSimulatorServer({ tokens: [DEFAULT_TOKEN] });
    running.sim.addLock({ smartlockId: 11, name: "A door" });
    const made = await fetch(`${running.url}/_sim/accounts`, {
      method: "POST",
      body: JSON.stringify({ name: "b", tokens: ["token-b"], locks: 2, firstSmartlockId: 2_000_000 }),
    });
    expect(made.status).toBe(201);
    const listOf = async (token: string) =>
      ((await (await get(`${running!.url}/smartlock`, token)).json()) as { smartlockId: number }[]).map(
        (l) => l.smartlockId,
      );
    expect(await listOf(DEFAULT_TOKEN)).toEqual([11]);
    expect(await listOf("token-b")).toEqual([2_000_001, 2_000_002]);
    // B's own controls: a 429 with Retry-After for B only.
    await fetch(`${running.url}/_sim/accounts/b/fail-next`, {
      method: "POST",
      body: JSON.stringify({ route: "*", status: 429, count: 1, retryAfterSec: 30 }),
    });
    const limited = await get(`${running.url}/smartlock`, "token-b");
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "30"]);
    expect((await get(`${running.url}/smartlock`, DEFAULT_TOKEN)).status).toBe(200);
    // B's lock is not in A's account.
    expect((await get(`${running.url}/smartlock/2000001/auth`, DEFAULT_TOKEN)).status).toBe(403);
    // Revoking B's token refuses B only; the old single-account control still acts on the primary.
    await fetch(`${running.url}/_sim/accounts/b/tokens`, { method: "POST", body: JSON.stringify({ tokens: [] }) });
    expect((await get(`${running.url}/smartlock`, "token-b")).status).toBe(401);
    expect((await get(`${running.url}/smartlock`, DEFAULT_TOKEN)).status).toBe(200);
    const state = (await (await fetch(`${running.url}/_sim/state`)).json()) as { locks: unknown[] };
    expect(state.locks).toHaveLength(1);
    const accounts = (await (await fetch(`${running.url}/_sim/accounts`)).json()) as { name: string }[];
    expect(accounts.map((a) => a.name)).toEqual(["primary", "b"]);
  });
});
