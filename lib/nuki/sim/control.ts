import { json, noContent } from "./responses";
import type { NukiSimulator } from "./simulator";
import type { SimRequest, SimResponse } from "./types";

/**
 * /_sim/* — test and demo controls (never part of Nuki's API): reset, add locks, offline/online,
 * scripted failures, revoked tokens (POST /tokens), "204 but never applied", webhook faults, clock, door events, drift, and the
 * inferred switches of SimConfig (POST /config: createVisibility, stallCreates, webhookBodies,
 * clockOffsetMs; POST /stall-next-creates, POST /daily-sync).
 */
export async function controlRoute(sim: NukiSimulator, req: SimRequest): Promise<SimResponse> {
  // biome-ignore lint/suspicious/noExplicitAny: ad-hoc test-control bodies; each setter below checks what it uses
  const b = (req.body ? JSON.parse(req.body) : {}) as Record<string, any>;
  const path = req.path.slice("/_sim".length);
  const p = path.match(/^\/locks\/(\d+)\/(online|offline)$/);
  if (req.method === "POST" && p) {
    sim.setOnline(Number(p[1]), p[2] === "online");
    return noContent;
  }
  switch (`${req.method} ${path}`) {
    case "GET /health":
      return json({ ok: true, now: sim.clock.now() });
    case "GET /state":
      return json(sim.snapshot());
    case "POST /reset":
      sim.reset();
      return noContent;
    case "POST /locks":
      // biome-ignore lint/suspicious/noExplicitAny: addLock fills defaults for whatever a test leaves out
      return json(sim.addLock(b as any));
    case "POST /tokens":
      // { revoke?: string[], add?: string[] }: a token revoked in Nuki Web answers 401 on every call.
      for (const t of (b.revoke ?? []) as string[]) sim.tokens.delete(String(t));
      for (const t of (b.add ?? []) as string[]) sim.tokens.add(String(t));
      return json({ tokens: sim.tokens.size });
    case "POST /config":
      Object.assign(sim.config, b);
      return json(sim.config);
    case "POST /chaos":
      Object.assign(sim.chaos, b);
      return json(sim.chaos);
    case "POST /fail-next":
      // { route: "POST /smartlock/{id}/auth/{id}" | "*", status, count?, retryAfterSec?, body? }
      sim.faults.push({
        route: String(b.route ?? "*"),
        status: Number(b.status),
        remaining: Number(b.count ?? 1),
        retryAfterSec: b.retryAfterSec,
        body: b.body,
      });
      return noContent;
    case "POST /stall-next-creates":
      // Inferred switch (see SimConfig.stallCreates): the next N creates wait for the daily sync.
      sim.stallNextCreates += Number(b.count ?? 1);
      return noContent;
    case "POST /daily-sync":
      sim.dailySync();
      await sim.webhooks.settle();
      return noContent;
    case "POST /never-apply-next":
      sim.neverApplyNext += Number(b.count ?? 1);
      return noContent;
    case "POST /webhooks/script":
      Object.assign(sim.webhooks.script, b);
      return json(sim.webhooks.script);
    case "POST /flush":
      await sim.flush();
      return noContent;
    case "POST /clock/advance": {
      const clock = sim.manualClock;
      if (!clock) return json({ error: "the simulator runs on the real clock" }, 409);
      clock.advance(Number(b.ms ?? 0));
      await sim.webhooks.settle();
      return json({ now: clock.now() });
    }
    case "POST /entry":
      return json(sim.entry(Number(b.smartlockId), { authId: b.authId, code: b.code }));
    case "POST /external-edit":
      sim.externalEdit(String(b.id), b.delete ? "delete" : (b.patch ?? {}));
      return noContent;
    case "POST /battery": {
      const lock = sim.locks.get(Number(b.smartlockId));
      if (lock) Object.assign(lock, { batteryCharge: Number(b.charge), batteryCritical: Number(b.charge) < 15 });
      return noContent;
    }
  }
  return json({ error: `no control route ${req.method} ${req.path}` }, 404);
}
