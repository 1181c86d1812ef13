import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { backoffMs, DEFAULT_DELIVERY_CONFIG } from "./deliver";
import { newEndpointSecret, signedHeaders } from "./sign";

/**
 * The example of the Standard Webhooks specification (standard-webhooks/spec, "Signature scheme"):
 * a fixed secret, id, timestamp and body must give exactly this signature, or no receiver's library
 * would accept Portier's deliveries.
 */
const SPEC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("Standard Webhooks signatures", () => {
  it("signs the specification's example to its published signature", () => {
    const h = signedHeaders([SPEC.secret], SPEC.id, new Date(SPEC.timestamp * 1000), SPEC.body);
    expect(h).toEqual({
      "webhook-id": SPEC.id,
      "webhook-timestamp": String(SPEC.timestamp),
      "webhook-signature": SPEC.signature,
    });
  });

  it("is HMAC-SHA256 over id.timestamp.body with the base64-decoded secret (independent computation)", () => {
    const secret = newEndpointSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const at = new Date("2026-11-29T10:00:00Z");
    const body = JSON.stringify({ type: "window.created", data: { windowId: "w1" } });
    const mac = createHmac("sha256", Buffer.from(secret.slice(6), "base64"))
      .update(`msg_1.${at.getTime() / 1000}.${body}`)
      .digest("base64");
    expect(signedHeaders([secret], "msg_1", at, body)["webhook-signature"]).toBe(`v1,${mac}`);
  });

  it("verifies with the reference Webhook class now, and is refused when tampered, stale or under another secret", () => {
    const secret = newEndpointSecret();
    const body = JSON.stringify({ type: "entry.recorded", timestamp: new Date().toISOString(), data: { doorId: "d" } });
    const headers = signedHeaders([secret], "msg_abc", new Date(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
    expect(() => new Webhook(newEndpointSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "msg_other" })).toThrow();
    // A retry an hour later must carry its own time: the first attempt's headers are stale by then.
    const old = signedHeaders([secret], "msg_abc", new Date(Date.now() - 3_600_000), body);
    expect(() => new Webhook(secret).verify(body, old)).toThrow(/timestamp/i);
  });
});

describe("signatures during a secret rotation", () => {
  it("carries one v1 entry per secret, space-separated; the reference library accepts it with either secret, and not with a third", () => {
    const next = newEndpointSecret();
    const old = newEndpointSecret();
    const body = JSON.stringify({ type: "entry.recorded", data: { doorId: "d" } });
    const headers = signedHeaders([next, old], "msg_rot", new Date(), body);
    const entries = headers["webhook-signature"].split(" ");
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(e).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(next).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(old).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newEndpointSecret()).verify(body, headers)).toThrow();
    // Each entry is exactly the one-secret signature (order: new first).
    expect(entries[0]).toBe(
      signedHeaders([next], "msg_rot", new Date(Number(headers["webhook-timestamp"]) * 1000), body)[
        "webhook-signature"
      ],
    );
  });
});

describe("retry backoff", () => {
  const c = DEFAULT_DELIVERY_CONFIG;
  it("doubles from the base, stays within 50–100 % of it (jitter), and is capped", () => {
    expect(backoffMs(1, c, () => 0)).toBe(c.baseBackoffMs / 2);
    expect(backoffMs(1, c, () => 0.999_999)).toBeCloseTo(c.baseBackoffMs, -1);
    expect(backoffMs(3, c, () => 0.999_999)).toBeCloseTo(4 * c.baseBackoffMs, -1);
    expect(backoffMs(40, c, () => 0.999_999)).toBeCloseTo(c.maxBackoffMs, -1);
    expect(backoffMs(40, c, () => 0)).toBe(c.maxBackoffMs / 2);
  });
});
