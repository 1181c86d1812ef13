import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "@/test/engine";
import { startReconciler } from "./loop";

let e: Engine;
afterEach(async () => e?.close());

describe("reconciler loop", () => {
  it("runs the full resync once at start, not again right after as the periodic one (issue 15)", async () => {
    e = await createEngine();
    e.sim.calls.length = 0;
    const r = startReconciler(e, { workerId: "app", pollMs: 5, resyncAtStart: true });
    for (let i = 0; i < 400 && r.passes < 5; i++) await new Promise((ok) => setTimeout(ok, 10));
    await r.stop();
    expect(r.passes).toBeGreaterThanOrEqual(5);
    // The resync starts with GET /smartlock; nothing else in an idle loop lists the locks.
    expect(e.sim.calls.filter((c) => c === "GET /smartlock")).toHaveLength(1);
  });
});
