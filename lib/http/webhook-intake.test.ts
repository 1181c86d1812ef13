import { describe, expect, it } from "vitest";
import { intakeWebhook, jsonDepthExceeds, WEBHOOK_LIMITS } from "./webhook-intake";

const SIG = "a".repeat(64);
const post = (body: BodyInit | null, headers: Record<string, string> = { "x-sig": SIG }) =>
  new Request("http://x/api/webhooks/nuki", { method: "POST", body, headers, duplex: "half" } as RequestInit);

/** A body that counts how much of it was pulled: proves the intake stops reading early. */
function meteredStream(chunk: Uint8Array, chunks: number, delayMs = 0) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (pulled++ >= chunks) return controller.close();
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

describe("webhook intake (issue 14 #7)", () => {
  it("refuses a missing or malformed signature without reading the body", async () => {
    const body = meteredStream(new Uint8Array(1024 * 1024), 200);
    expect(await intakeWebhook(post(body.stream, {}), "x-sig")).toMatchObject({ ok: false, status: 401 });
    expect(await intakeWebhook(post("{}", { "x-sig": "short" }), "x-sig")).toMatchObject({ status: 401 });
    expect(body.pulled()).toBeLessThanOrEqual(1);
  });

  it("refuses a declared length over the cap at once, and stops reading an undeclared one at the cap", async () => {
    const declared = post("x", { "x-sig": SIG, "content-length": String(200 * 1024 * 1024) });
    expect(await intakeWebhook(declared, "x-sig")).toMatchObject({ ok: false, status: 413 });
    const body = meteredStream(new Uint8Array(16 * 1024), 200 * 64); // 200 MiB if read to the end
    expect(await intakeWebhook(post(body.stream), "x-sig")).toMatchObject({ ok: false, status: 413 });
    expect(body.pulled() * 16 * 1024).toBeLessThan(WEBHOOK_LIMITS.maxBytes + 64 * 1024);
  });

  it("times out a sender that trickles", async () => {
    const body = meteredStream(new Uint8Array(10), 1000, 50);
    const started = Date.now();
    const r = await intakeWebhook(post(body.stream), "x-sig", { ...WEBHOOK_LIMITS, timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, status: 408 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses JSON nested deeper than the bound, counting only brackets outside strings", async () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`; // 40 KB: under the size cap
    expect(await intakeWebhook(post(deep), "x-sig")).toMatchObject({ ok: false, status: 400 });
    expect(jsonDepthExceeds('{"a":{"b":[1,2,{"c":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"["}]}}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":{"b":[{"c":{}}]}}', 4)).toBe(true);
  });

  it("passes a normal signed body through untouched", async () => {
    const raw = JSON.stringify({ feature: "DEVICE_STATUS", smartlockId: 1 });
    expect(await intakeWebhook(post(raw), "x-sig")).toEqual({ ok: true, raw });
  });
});
