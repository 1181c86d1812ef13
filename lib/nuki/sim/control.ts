import { json, noContent } from "./responses";
import { seedBuildingProfile } from "./building-profile";
import type { NukiSimulator, PreexistingAuth } from "./simulator";
import type { SimRequest, SimResponse } from "./types";

/**
 * /_sim/* — test and demo controls (never part of Nuki's API): reset, add locks, offline/online,
 * scripted failures, "204 but never applied", webhook faults, clock, door events, drift, and the
 * inferred switches of SimConfig (POST /config: createVisibility, stallCreates, webhookBodies,
 * clockOffsetMs; POST /stall-next-creates, POST /daily-sync).
 *
 * The account changing under Portier (what lock sync must follow):
 *   POST   /_sim/locks                 {smartlockId, name, deviceType?, timeZone?, keypadPaired?, keypad2?}
 *   POST   /_sim/locks/{id}/rename     {name}          renamed in the Nuki app
 *   POST   /_sim/locks/{id}/keypad     {paired}        keypad paired / removed (never on an Opener)
 *   DELETE /_sim/locks/{id}                            the device left the account, with its auths
 *   POST   /_sim/auths                 {smartlockId, name, user?: {email, name} | code?, allowed*?, enabled?}
 *                                                      an auth that was there before Portier (no webhook)
 *   POST   /_sim/tokens                {tokens: [...]} the tokens Nuki accepts (drop one = a revoked token, 401)
 *   POST   /_sim/profile               {name: "building"} load the building profile (building-profile.ts)
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
  const lockOp = path.match(/^\/locks\/(\d+)(?:\/(rename|keypad))?$/);
  if (lockOp) {
    const smartlockId = Number(lockOp[1]);
    if (req.method === "DELETE" && !lockOp[2])
      return sim.removeLock(smartlockId) ? noContent : json({ error: `no lock ${smartlockId}` }, 404);
    if (req.method === "POST" && lockOp[2] === "rename") {
      if (typeof b.name !== "string" || !b.name.trim()) return json({ error: "name must be a non-empty string" }, 400);
      return sim.renameLock(smartlockId, b.name) ? noContent : json({ error: `no lock ${smartlockId}` }, 404);
    }
    if (req.method === "POST" && lockOp[2] === "keypad")
      return sim.setKeypadPaired(smartlockId, b.paired !== false)
        ? noContent
        : json({ error: `no lock ${smartlockId}` }, 404);
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
    case "POST /auths":
      try {
        return json(sim.addPreexistingAuth(b as PreexistingAuth));
      } catch (error) {
        return json({ error: (error as Error).message }, 400);
      }
    case "POST /tokens":
      if (!Array.isArray(b.tokens) || b.tokens.some((t: unknown) => typeof t !== "string"))
        return json({ error: "tokens must be a list of strings" }, 400);
      sim.tokens.clear();
      for (const t of b.tokens as string[]) sim.tokens.add(t);
      return noContent;
    case "POST /profile":
      if (b.name !== "building") return json({ error: `unknown profile ${String(b.name)}; known: building` }, 400);
      seedBuildingProfile(sim);
      return json({ locks: sim.locks.size, auths: sim.auths.size });
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
