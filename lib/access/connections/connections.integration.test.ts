import { and, eq, isNull } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { doors, grants, nukiTokenHealth } from "@/db/schema";
import type { NukiSimulator } from "@/lib/nuki/sim/simulator";
import { signNukiWebhook } from "@/lib/nuki/webhook";
import { nukiRegistry, probeNukiToken } from "@/lib/runtime/nuki-registry";
import { createEngine, type Engine } from "@/test/engine";
import type { EngineContext } from "../context";
import { syncLocks } from "../locks/sync-locks";
import { tokenNotice } from "../operations/token-health";
import { startConnectionLanes } from "../reconciler/lanes";
import type { Reconciler } from "../reconciler/loop";
import { resyncAll } from "../reconciler/resync";
import { connectionWebhookSecrets } from "../webhooks/connection-secrets";
import { receiveNukiWebhook } from "../webhooks/receive-webhook";
import { ensureWebhookRegistered } from "../webhooks/register-webhook";
import { createWindow } from "../windows/create-window";
import { engineFor } from "./engine-for";
import { listConnections } from "./list-connections";
import { registerConnection, rotateConnectionToken } from "./manage-connections";

/**
 * Several Nuki accounts (issue #13) end to end: the simulator serves two accounts over real HTTP
 * (each with its own token, locks, webhooks and faults), Portier holds the env account as the
 * default connection and a second one ("Building B") registered from code, and one reconciler
 * lane per connection runs in real time.
 */
const TOKEN_B = "sim-account-b-token-0001";
const B_FIRST_LOCK = 9_000_000;

let e: Engine | undefined;
let lanes: Reconciler | undefined;
afterEach(async () => {
  await lanes?.stop();
  lanes = undefined;
  await e?.close();
  e = undefined;
});

// Time-based, not a number of tries: on a loaded machine a loop turn can take a second.
const until = async (what: () => Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await what()) && Date.now() < end) await new Promise((ok) => setTimeout(ok, 20));
  expect(await what()).toBe(true);
};

type Two = {
  engine: Engine;
  ctx: EngineContext;
  b: EngineContext;
  bId: string;
  simB: NukiSimulator;
  bDoorIds: string[];
};

/** The engine's own account is A (default connection); B is a second simulator account and connection. */
async function twoAccounts(o: { realTime?: boolean } = {}): Promise<Two> {
  const engine = await createEngine({
    doors: 2,
    customers: 2,
    realTime: o.realTime,
    sim: { config: { applyDelayMs: 30, webhookDelayMs: 5 } },
  });
  e = engine;
  let bId = "";
  // B's webhooks go to B's URL: verified with B's secret, applied to B's doors only.
  const deliverB: typeof fetch = async (_url, init) => {
    const raw = String(init?.body ?? "");
    const sig = new Headers(init?.headers).get("x-nuki-signature-sha256");
    const secrets = (await connectionWebhookSecrets(engine, bId, undefined)) ?? [];
    const reply = await receiveNukiWebhook(engine, raw, sig, secrets, performance.now(), bId);
    return new Response(JSON.stringify(reply.body), { status: reply.status });
  };
  const simB = engine.simAccounts.add("b", {
    tokens: [TOKEN_B],
    locks: 2,
    firstSmartlockId: B_FIRST_LOCK,
    fetch: deliverB,
  });
  bId = (
    await registerConnection(
      engine,
      { id: null, label: "test" },
      { name: "Building B", apiBaseUrl: engine.simUrl, token: TOKEN_B, requestsPerSec: 100, burst: 100 },
    )
  ).id;
  const ctx: EngineContext = { ...engine, nukiFor: nukiRegistry(engine.db, engine.vault, engine.nuki) };
  const b = await engineFor(ctx, bId);
  await ensureWebhookRegistered(b, `http://portier.test/api/webhooks/nuki/${bId}`);
  await syncLocks(b, null);
  const bDoors = await engine.db.select().from(doors).where(eq(doors.connectionId, bId));
  return { engine, ctx, b, bId, simB, bDoorIds: bDoors.map((d) => d.id).sort() };
}

const statusOf = async (engine: Engine, doorIds: string[]) =>
  (await engine.db.select().from(grants)).filter((g) => doorIds.includes(g.doorId)).map((g) => g.status);
const allApplied = async (engine: Engine, doorIds: string[], n: number) => {
  const s = await statusOf(engine, doorIds);
  return s.length === n && s.every((x) => x === "applied");
};
const windowOn = (engine: Engine, customerId: string, doorId: string, fromH = 1) =>
  createWindow(engine, engine.actor, {
    customerId,
    doorId,
    window: {
      kind: "once",
      startsAt: new Date(engine.now() + fromH * 3_600_000),
      endsAt: new Date(engine.now() + (fromH + 2) * 3_600_000),
    },
  });

describe("several Nuki accounts", () => {
  it("lock sync per connection: B's devices become B's doors and never archive A's (nor A's resync B's)", {
    timeout: 60_000,
  }, async () => {
    const { engine, bId, bDoorIds } = await twoAccounts();
    const all = await engine.db.select().from(doors);
    const a = all.filter((d) => d.connectionId === "default");
    const bDoors = all.filter((d) => d.connectionId === bId);
    expect(bDoors.map((d) => d.smartlockId).sort()).toEqual([B_FIRST_LOCK + 1, B_FIRST_LOCK + 2]);
    expect(bDoorIds).toHaveLength(2);
    // A's doors are not in B's device list, yet nothing of A's was archived.
    expect(a).toHaveLength(2);
    expect(a.every((d) => d.archivedAt === null)).toBe(true);
    // The default connection's resync lists only A's devices: B's doors stay as they are.
    await resyncAll(engine);
    const after = await engine.db.select().from(doors).where(isNull(doors.archivedAt));
    expect(after).toHaveLength(4);
    const view = await listConnections(engine.db, { ...engine.actor, role: "admin" });
    expect(view.map((c) => [c.name, c.doors])).toEqual([
      ["Default account", 2],
      ["Building B", 2],
    ]);
    expect(JSON.stringify(view)).not.toContain(TOKEN_B);
  });

  it("a webhook signed with A's secret on B's URL is refused, and B's URL never applies A's locks", {
    timeout: 60_000,
  }, async () => {
    const { engine, bId, simB } = await twoAccounts();
    const secretA = engine.sim.hooks[0]!.secret;
    const secretB = simB.hooks[0]!.secret;
    expect(secretA).not.toBe(secretB);
    const aLock = engine.smartlockIds[0]!;
    const raw = JSON.stringify({ feature: "DEVICE_STATUS", smartlockId: aLock, serverState: 4 });
    const secretsB = (await connectionWebhookSecrets(engine, bId, undefined))!;
    expect(secretsB).toEqual([secretB]);
    const forged = await receiveNukiWebhook(engine, raw, signNukiWebhook(raw, secretA), secretsB, 0, bId);
    expect(forged.status).toBe(401);
    // Correctly signed by B, but about A's lock: stored, not applied (A's door stays online).
    const misrouted = await receiveNukiWebhook(engine, raw, signNukiWebhook(raw, secretB), secretsB, 0, bId);
    expect(misrouted).toMatchObject({ status: 200, body: { outcome: "ignored: a lock of another Nuki connection" } });
    const [door] = await engine.db.select().from(doors).where(eq(doors.smartlockId, aLock));
    expect(door?.online).toBe(true);
    expect(await connectionWebhookSecrets(engine, "00000000-0000-0000-0000-000000000000", undefined)).toBeNull();
  });

  it("A rate-limited (429, Retry-After 30 s) while B converges at full speed", { timeout: 150_000 }, async () => {
    const { engine, ctx, simB, bDoorIds } = await twoAccounts({ realTime: true });
    const [c0, c1] = engine.customerIds as [string, string];
    const running = startConnectionLanes(ctx, { workerId: "w", pollMs: 20, refreshMs: 50 });
    lanes = running;
    // Both lanes up (B's starts with its resync) before anything is timed.
    await until(async () => running.passes > 10);

    // B alone: the baseline.
    let started = performance.now();
    for (const d of bDoorIds) await windowOn(engine, c0, d);
    await until(() => allApplied(engine, bDoorIds, 2));
    const alone = performance.now() - started;

    // Now every call on A's account answers 429 with Retry-After 30 s.
    engine.sim.faults.push({ route: "*", status: 429, remaining: 100_000, retryAfterSec: 30 });
    await windowOn(engine, c0, engine.doorIds[0]!);
    // A's lane meets the 429 first and sits out its Retry-After…
    await until(async () => engine.sim.faults[0]!.remaining < 100_000);
    started = performance.now();
    for (const d of bDoorIds) await windowOn(engine, c1, d);
    await until(() => allApplied(engine, bDoorIds, 4));
    const meanwhile = performance.now() - started;
    // …and B converged inside that wait: A's grant is still not on its lock.
    expect(await statusOf(engine, [engine.doorIds[0]!])).toEqual(["pending"]);
    console.log(
      `[accounts] B converges alone in ${Math.round(alone)} ms; while A waits out a 30 s Retry-After: ${Math.round(meanwhile)} ms (×${(meanwhile / alone).toFixed(2)})`,
    );
    // Each client stayed in its account: B's auths are on B's locks only, A's account holds none of them.
    expect([...simB.auths.values()].every((a) => a.smartlockId > B_FIRST_LOCK)).toBe(true);
    expect([...engine.sim.auths.values()].some((a) => a.smartlockId > B_FIRST_LOCK)).toBe(false);
    expect(engine.nuki.stats.refusals).toBe(0);
    // The settings page's health: B's last good call is recorded by its lane.
    await until(async () =>
      (await listConnections(engine.db, { ...engine.actor, role: "admin" })).every((c) => c.lastOkAt !== null),
    );
    engine.sim.faults.length = 0;
  });

  it("a token refused on B pauses only B, names it on the banner, and recovers when rotated", {
    timeout: 120_000,
  }, async () => {
    const { engine, ctx, bId, simB, bDoorIds } = await twoAccounts({ realTime: true });
    const admin = { ...engine.actor, role: "admin" as const };
    const [c0] = engine.customerIds as [string];
    simB.tokens.clear(); // revoked in B's Nuki Web
    lanes = startConnectionLanes(ctx, { workerId: "w", pollMs: 20, refreshMs: 50 });
    await windowOn(engine, c0, bDoorIds[0]!);
    await windowOn(engine, c0, engine.doorIds[0]!);

    const bHealth = async () =>
      (await engine.db.select().from(nukiTokenHealth).where(eq(nukiTokenHealth.connection, bId)))[0];
    await until(async () => (await bHealth())?.refusedSince != null);
    // A goes on: its grant reaches the lock while B is paused.
    await until(() => allApplied(engine, [engine.doorIds[0]!], 1));
    const [aHealth] = await engine.db
      .select()
      .from(nukiTokenHealth)
      .where(and(eq(nukiTokenHealth.connection, "default")));
    expect(aHealth?.refusedSince ?? null).toBeNull();
    expect(await statusOf(engine, [bDoorIds[0]!])).toEqual(["pending"]);
    expect(await tokenNotice(engine.db, engine.actor)).toMatchObject({ connectionName: "Building B", status: 401 });

    // A wrong token is tried first and saves nothing.
    const [row] = await listConnections(engine.db, admin).then((v) => v.filter((c) => c.id === bId));
    await expect(
      rotateConnectionToken(
        engine,
        admin,
        { id: bId, token: "not-the-right-token-1234", version: row!.version },
        { probe: probeNukiToken },
      ),
    ).rejects.toThrow(/did not accept/);

    // A new token in Nuki Web, rotated in Portier: B's lane restarts with it and converges.
    const NEW = "sim-account-b-token-0002";
    simB.tokens.add(NEW);
    await rotateConnectionToken(
      engine,
      admin,
      { id: bId, token: NEW, version: row!.version },
      { probe: probeNukiToken },
    );
    await until(async () => (await bHealth())?.refusedSince == null);
    await until(() => allApplied(engine, [bDoorIds[0]!], 1));
    expect(await tokenNotice(engine.db, engine.actor)).toBeNull();
    const [after] = await listConnections(engine.db, admin).then((v) => v.filter((c) => c.id === bId));
    expect(after?.tokenHint).toBe("…0002");
  });
});
