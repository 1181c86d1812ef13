import { describe, expect, it } from "vitest";
import {
  parseNukiWebhook,
  signNukiWebhook,
  verifyNukiSignature,
  webhookDedupeKey,
  WebhookPayloadError,
} from "./webhook";

const SECRET = "5f2c1c8b7e3a4d6f9a0b1c2d3e4f5a6b7c8d9e0f";
const BODY =
  '{"feature":"DEVICE_AUTHS","deleted":false,"smartlockAuth":{"id":"6650c0ffee0000000000a1b2","smartlockId":17600000001,"authId":17,"type":13,"name":"R204 Grüße ✓","enabled":true,"remoteAllowed":false,"lockCount":0}}';

describe("webhook signature", () => {
  const sig = signNukiWebhook(BODY, SECRET);

  it("is lowercase hex HMAC-SHA256 of the raw body (known vector)", () => {
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    // Computed independently (Python hmac) so the test does not check the code against itself.
    expect(signNukiWebhook('{"feature":"DEVICE_STATUS"}', "secret")).toBe(
      "d69e3a1d8eafc1741575e8775dbd17f6f6326516a598adc8fe4c37a9bdc19353",
    );
  });
  it("accepts a valid signature, also in upper case", () => {
    expect(verifyNukiSignature(BODY, sig, SECRET)).toBe(true);
    expect(verifyNukiSignature(BODY, sig.toUpperCase(), SECRET)).toBe(true);
  });
  it("rejects a tampered body (one byte, or re-serialised JSON)", () => {
    expect(verifyNukiSignature(BODY.replace("17,", "18,"), sig, SECRET)).toBe(false);
    expect(verifyNukiSignature(JSON.stringify(JSON.parse(BODY), null, 1), sig, SECRET)).toBe(false);
    expect(verifyNukiSignature(`${BODY} `, sig, SECRET)).toBe(false);
  });
  it("rejects the wrong secret", () => {
    expect(verifyNukiSignature(BODY, sig, "another-secret")).toBe(false);
  });
  it("rejects bad hex, wrong length and a missing header without throwing", () => {
    expect(verifyNukiSignature(BODY, `zz${sig.slice(2)}`, SECRET)).toBe(false);
    expect(verifyNukiSignature(BODY, sig.slice(0, 63), SECRET)).toBe(false);
    expect(verifyNukiSignature(BODY, `sha256=${sig}`, SECRET)).toBe(false);
    expect(verifyNukiSignature(BODY, null, SECRET)).toBe(false);
    expect(verifyNukiSignature(BODY, "", SECRET)).toBe(false);
    expect(verifyNukiSignature(BODY, sig, "")).toBe(false);
  });
  it("compares every byte of the signature, not a prefix", () => {
    // Flip one hex digit in each of the 32 bytes in turn: each must be refused (a 16-byte or
    // first-mismatch-only comparison would let the tail through).
    for (let i = 0; i < 64; i += 2) {
      const flipped = `${sig.slice(0, i)}${sig[i] === "0" ? "1" : "0"}${sig.slice(i + 1)}`;
      expect(verifyNukiSignature(BODY, flipped, SECRET), `byte ${i / 2}`).toBe(false);
    }
    expect(verifyNukiSignature(BODY, `${sig.slice(0, 32)}${"0".repeat(32)}`, SECRET)).toBe(false);
  });
  it("never accepts a body signed with an empty secret, even when one is in the list", () => {
    const emptyKeyed = signNukiWebhook(BODY, "");
    expect(verifyNukiSignature(BODY, emptyKeyed, ["", SECRET])).toBe(false);
    expect(verifyNukiSignature(BODY, emptyKeyed, "")).toBe(false);
    expect(verifyNukiSignature(BODY, emptyKeyed, [])).toBe(false);
    // The real secret next to an empty one still verifies.
    expect(verifyNukiSignature(BODY, sig, ["", SECRET])).toBe(true);
  });
  it("accepts either secret during a rotation", () => {
    expect(verifyNukiSignature(BODY, sig, ["new-secret", SECRET])).toBe(true);
    expect(verifyNukiSignature(BODY, sig, ["new-secret", "older"])).toBe(false);
  });
  it("dedupes on the body hash", () => {
    expect(webhookDedupeKey(BODY)).toBe(webhookDedupeKey(BODY));
    expect(webhookDedupeKey(BODY)).not.toBe(webhookDedupeKey(`${BODY} `));
  });
});

describe("parseNukiWebhook", () => {
  it("parses DEVICE_AUTHS with deleted defaulting to false", () => {
    const e = parseNukiWebhook(BODY);
    expect(e.feature).toBe("DEVICE_AUTHS");
    if (e.feature === "DEVICE_AUTHS") expect(e.smartlockAuth.authId).toBe(17);
  });
  it("parses DEVICE_STATUS and DEVICE_LOGS", () => {
    expect(parseNukiWebhook('{"feature":"DEVICE_STATUS","smartlockId":1,"serverState":4}').feature).toBe(
      "DEVICE_STATUS",
    );
    expect(
      parseNukiWebhook(
        '{"feature":"DEVICE_LOGS","smartlockLog":{"id":"a","smartlockId":1,"name":"x","action":1,"trigger":255,"state":0,"date":"2026-01-01T00:00:00.000Z"}}',
      ).feature,
    ).toBe("DEVICE_LOGS");
  });
  it("keeps unknown features as UNKNOWN and refuses malformed ones", () => {
    expect(parseNukiWebhook('{"feature":"SOMETHING_NEW","x":1}').feature).toBe("UNKNOWN");
    expect(parseNukiWebhook('{"feature":"DEVICE_AUTHS"}')).toMatchObject({
      feature: "SPARSE",
      of: "DEVICE_AUTHS",
      smartlockId: null,
    });
    // The documented DEVICE_AUTHS fields only: a signal to read that lock back, not an error.
    const minimal = { id: "a1", smartlockId: 17, authId: 3, code: 123456, type: 13, name: "Anna #k3f9qz" };
    expect(parseNukiWebhook(JSON.stringify({ feature: "DEVICE_AUTHS", smartlockAuth: minimal }))).toMatchObject({
      feature: "SPARSE",
      of: "DEVICE_AUTHS",
      smartlockId: 17,
    });
    expect(() => parseNukiWebhook("not json")).toThrow(WebhookPayloadError);
  });
});
