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
  it("refuses only a body that is not JSON, and says so", () => {
    refused("{not json", /^body is not JSON$/);
  });
  it("keeps a JSON body without a known feature as UNKNOWN", () => {
    expect(parseNukiWebhook("null")).toMatchObject({ feature: "UNKNOWN", raw: null });
    expect(parseNukiWebhook('{"feature":42}')).toMatchObject({ feature: "UNKNOWN" });
  });
  // Issue 15: a known feature lacking fields is a signal to read the lock back, never refused;
  // `missing` says which field, `smartlockId` which lock (when the body names one).
  const sparse = (raw: string, of: string, missing: RegExp, smartlockId: number | null = null) => {
    const e = parseNukiWebhook(raw);
    expect(e).toMatchObject({ feature: "SPARSE", of, smartlockId });
    expect((e as { missing: string }).missing).toMatch(missing);
  };
  it("keeps a known feature with missing or mistyped fields as SPARSE, saying which field and which lock", () => {
    sparse('{"feature":"DEVICE_AUTHS","smartlockAuth":{"id":1}}', "DEVICE_AUTHS", /^smartlockAuth\.\S+: \S/);
    sparse(
      '{"feature":"DEVICE_AUTHS","smartlockAuth":{"id":"a","smartlockId":7}}',
      "DEVICE_AUTHS",
      /^smartlockAuth\./,
      7,
    );
    sparse('{"feature":"DEVICE_STATUS"}', "DEVICE_STATUS", /^smartlockId: /);
    sparse('{"feature":"DEVICE_LOGS","smartlockLog":{}}', "DEVICE_LOGS", /^smartlockLog/);
    sparse('{"feature":"ACCOUNT_USER","accountUser":{"accountUserId":"x"}}', "ACCOUNT_USER", /^accountUser/);
    sparse('{"feature":"DEVICE_MASTERDATA","smartlockId":"x"}', "DEVICE_MASTERDATA", /^smartlockId/);
    sparse('{"feature":"DEVICE_CONFIG","smartlockId":"x"}', "DEVICE_CONFIG", /^smartlockId/);
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
