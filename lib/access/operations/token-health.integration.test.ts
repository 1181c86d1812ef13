import { afterEach, describe, expect, it } from "vitest";
import { nukiTokenHealth } from "@/db/schema";
import { DEFAULT_TOKEN } from "@/lib/nuki/sim/simulator";
import { advance, createEngine, grantFor, hoursFromNow, type Engine } from "@/test/engine";
import { startReconciler } from "../reconciler/loop";
import { createWindow } from "../windows/create-window";
import { atRisk } from "../views/at-risk";
import { PROBE_BACKOFF, tokenNotice } from "./token-health";

let e: Engine | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

// Time-based, not a number of tries: on a loaded machine a loop turn can take a second.
const until = async (what: () => Promise<boolean>, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await what()) && Date.now() < end) await new Promise((ok) => setTimeout(ok, 20));
  expect(await what()).toBe(true);
};

describe("a revoked Nuki token, end to end against the simulator", () => {
  it("pauses reconciling, tells the desk, lists the arrival at risk, and recovers by itself", {
    timeout: 120_000,
  }, async () => {
    const engine = await createEngine({ doors: 1, customers: 1 });
    e = engine;
    const admin = { ...engine.actor, role: "admin" as const };
    const [customerId, doorId] = [engine.customerIds[0]!, engine.doorIds[0]!];
    engine.sim.tokens.delete(DEFAULT_TOKEN); // revoked in Nuki Web
    await createWindow(engine, engine.actor, {
      customerId,
      doorId,
      window: { kind: "once", startsAt: hoursFromNow(engine, 2), endsAt: hoursFromNow(engine, 4) },
    });
    const loop = startReconciler(engine, { workerId: "w", pollMs: 5 });
    try {
      await until(async () => (await tokenNotice(engine.db, engine.actor)) !== null);
      const notice = await tokenNotice(engine.db, engine.actor);
      expect(notice).toMatchObject({ status: 401 });

      // Paused: while the probe is not due, nothing more is sent to Nuki, and the grant is not given up.
      // Counted at the client: the simulator does not log calls it refuses with 401.
      const requestsWhenPaused = engine.nuki.stats.requests;
      const passesWhenPaused = loop.passes;
      await new Promise((ok) => setTimeout(ok, 500));
      expect(engine.nuki.stats.requests).toBe(requestsWhenPaused);
      expect(loop.passes).toBe(passesWhenPaused);
      const held = await grantFor(engine, customerId, doorId);
      expect(held?.status).toBe("pending");
      expect(held?.attempts).toBeLessThanOrEqual(1);

      // The desk sees it: the at-risk page names the refusal and the arrival it endangers.
      const risk = await atRisk(engine.db, admin, engine.now());
      expect(risk.tokenRefused).toMatchObject({ status: 401 });
      expect(risk.tokenRefused?.arrivalsAffected).toBe(1);

      // Still refused at the next probe: backoff grows.
      engine.clock.advance(PROBE_BACKOFF.firstMs + 1);
      await until(async () => {
        const [row] = await engine.db.select().from(nukiTokenHealth);
        return (row?.probeFailures ?? 0) >= 2;
      });

      // A new token is configured (here: Nuki accepts it again); the next probe resumes everything.
      engine.sim.tokens.add(DEFAULT_TOKEN);
      engine.clock.advance(PROBE_BACKOFF.maxMs);
      await until(async () => (await tokenNotice(engine.db, engine.actor)) === null);
      await until(async () => (await grantFor(engine, customerId, doorId))?.sentAt != null);
      await advance(engine, 2_100);
      await until(async () => (await grantFor(engine, customerId, doorId))?.status === "applied");
      const [row] = await engine.db.select().from(nukiTokenHealth);
      expect(row?.recoveredAt).not.toBeNull();
    } finally {
      await loop.stop();
    }
  });

  it("a 403 for one lock that is not in the account does not pause anything", { timeout: 60_000 }, async () => {
    const engine = await createEngine({ doors: 1, customers: 1 });
    e = engine;
    engine.sim.locks.delete(engine.smartlockIds[0]!); // the lock left the account: Nuki answers 403 for it
    await createWindow(engine, engine.actor, {
      customerId: engine.customerIds[0]!,
      doorId: engine.doorIds[0]!,
      window: { kind: "once", startsAt: hoursFromNow(engine, 2), endsAt: hoursFromNow(engine, 4) },
    });
    const loop = startReconciler(engine, { workerId: "w", pollMs: 5 });
    try {
      await until(async () => loop.passes >= 3);
    } finally {
      await loop.stop();
    }
    expect(await tokenNotice(engine.db, engine.actor)).toBeNull();
  });
});
