import { afterEach, describe, expect, it, vi } from "vitest";
import type { EngineContext } from "@/lib/access/context";

// Demo data must never reach a deployment that talks to real locks.
describe("demo start", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("refuses to run when a Nuki API token is set (not demo mode)", async () => {
    vi.stubEnv("NUKI_API_TOKEN", "a-real-token");
    vi.resetModules(); // lib/env caches the parsed environment
    const { startDemo } = await import("./start-demo");
    await expect(startDemo({} as EngineContext)).rejects.toThrow(/not in demo mode/);
  });

  it("prints every demo sign-in, the portal customer included", async () => {
    const { demoSignInLines } = await import("./sign-ins");
    const text = demoSignInLines().join("\n");
    for (const s of ["admin@portier.test", "manager@portier.test", "desk@portier.test", "anna.adler.1@example.com"])
      expect(text).toContain(s);
    expect(text).toContain("portier-customer");
  });
});
