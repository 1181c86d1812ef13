import { describe, expect, it } from "vitest";
import { RequestBudget } from "./budget";
import { NukiClient } from "./client";
import { NukiApiError } from "./errors";
import { virtualClock } from "./testing";

/**
 * Which Nuki answers are worth repeating, as a hand-written table (not derived from the code):
 * only 429, 5xx and transport failures may succeed later. 423 means another change to the same
 * auth is still running on the lock — repeating at once only collides again, so the client must
 * not retry it (the reconciler comes back after a fixed pause instead).
 */
const EXPECTED: [status: number, kind: string, retryable: boolean][] = [
  [400, "bad_request", false],
  [401, "unauthorized", false],
  [402, "forbidden", false],
  [403, "forbidden", false],
  [404, "not_found", false],
  [405, "bad_request", false],
  [409, "conflict", false],
  [422, "unprocessable", false],
  [423, "locked", false],
  [426, "bad_request", false],
  [429, "rate_limited", true],
  [500, "server", true],
  [502, "server", true],
  [503, "server", true],
  [504, "server", true],
];

function countingClient(status: number) {
  const clock = virtualClock();
  let calls = 0;
  const c = new NukiClient({
    baseUrl: "https://api.nuki.io",
    token: "t",
    clock,
    budget: new RequestBudget({ ratePerSec: 100, burst: 100, clock }),
    random: () => 0.5,
    retry: { attempts: 3, baseDelayMs: 10 },
    fetch: async () => {
      calls++;
      return new Response(JSON.stringify({ detailMessage: `status ${status}` }), {
        status,
        headers: { "content-type": "application/json" },
      });
    },
  });
  return { c, calls: () => calls };
}

describe("Nuki retry policy", () => {
  for (const [status, kind, retryable] of EXPECTED) {
    it(`${status} is ${kind}, ${retryable ? "retried" : "not retried"}`, async () => {
      expect(new NukiApiError({ status, method: "GET", path: "/x" })).toMatchObject({ kind, status, retryable });
      const { c, calls } = countingClient(status);
      const err = await c.listSmartlocks().catch((x) => x);
      expect(err).toBeInstanceOf(NukiApiError);
      expect(err).toMatchObject({ kind, status });
      expect(calls()).toBe(retryable ? 3 : 1);
    });
  }
  it("a transport failure is retryable; an unknown 4xx is a bad request, not retried", () => {
    expect(new NukiApiError({ status: 0, method: "GET", path: "/x", kind: "network" }).retryable).toBe(true);
    expect(new NukiApiError({ status: 418, method: "GET", path: "/x" })).toMatchObject({
      kind: "bad_request",
      retryable: false,
    });
  });
});
