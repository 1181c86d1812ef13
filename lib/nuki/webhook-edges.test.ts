import { describe, expect, it } from "vitest";
import { parseNukiWebhook, signNukiWebhook, verifyNukiSignature, WebhookPayloadError } from "./webhook";

const SECRET = "edge-secret";
const BODY = '{"feature":"DEVICE_STATUS","smartlockId":1,"serverState":0}';
const sig = signNukiWebhook(BODY, SECRET);

describe("signature header edges", () => {
  it("tolerates surrounding whitespace, but nothing after the 64 hex digits", () => {
    expect(verifyNukiSignature(BODY, `  ${sig}\t`, SECRET)).toBe(true);
    expect(verifyNukiSignature(BODY, `${sig}00`, SECRET)).toBe(false);
    expect(verifyNukiSignature(BODY, `${sig}x`, SECRET)).toBe(false);
    expect(verifyNukiSignature(BODY, `00${sig}`, SECRET)).toBe(false);
  });
});

describe("payload parsing edges", () => {
  const refused = (raw: string, message: RegExp) => {
    let error: unknown;
    try {
      parseNukiWebhook(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect((error as Error).message).toMatch(message);
  };
  it("refuses only a body that is not JSON", () => {
    refused("{not json", /^body is not JSON$/);
  });
  it("turns a known feature with missing or mistyped fields into a read-back hint naming the lock, never an error", () => {
    // Issue 15: Nuki documents only id, smartlockId, authId, code, type, name for DEVICE_AUTHS;
    // a signed delivery that lacks fields must be acknowledged and make Portier read the lock back.
    expect(parseNukiWebhook('{"feature":"DEVICE_AUTHS","smartlockAuth":{"id":1,"smartlockId":7}}')).toMatchObject({
      feature: "SPARSE",
      of: "DEVICE_AUTHS",
      smartlockId: 7,
      missing: expect.stringMatching(/^smartlockAuth\.\S+: \S/),
    });
    expect(parseNukiWebhook('{"feature":"DEVICE_STATUS"}')).toMatchObject({
      feature: "SPARSE",
      of: "DEVICE_STATUS",
      smartlockId: null,
      missing: expect.stringMatching(/^smartlockId: /),
    });
    expect(parseNukiWebhook('{"feature":"DEVICE_LOGS","smartlockLog":{}}')).toMatchObject({ of: "DEVICE_LOGS" });
    expect(parseNukiWebhook('{"feature":"DEVICE_CONFIG","smartlockId":"x"}')).toMatchObject({
      feature: "SPARSE",
      smartlockId: null,
    });
  });
  it("keeps an unknown or missing feature as UNKNOWN with its raw body", () => {
    expect(parseNukiWebhook("null")).toEqual({ feature: "UNKNOWN", raw: null });
    expect(parseNukiWebhook('{"feature":42}')).toEqual({ feature: "UNKNOWN", raw: { feature: 42 } });
  });
  it("keeps well-formed events of the other features", () => {
    expect(parseNukiWebhook('{"feature":"DEVICE_CONFIG","smartlockId":3}')).toMatchObject({ feature: "DEVICE_CONFIG" });
    expect(parseNukiWebhook('{"feature":"ACCOUNT_USER","deleted":true,"accountUser":{"accountUserId":5}}')).toEqual({
      feature: "ACCOUNT_USER",
      deleted: true,
      accountUser: { accountUserId: 5 },
    });
  });
});
