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
  it("says why a body is refused", () => {
    refused("{not json", /^body is not JSON$/);
    refused("null", /^malformed undefined payload/);
    refused('{"feature":42}', /^malformed 42 payload/);
    refused(
      '{"feature":"DEVICE_AUTHS","smartlockAuth":{"id":1}}',
      /^malformed DEVICE_AUTHS payload: smartlockAuth\.\S+ \S/,
    );
  });
  it("refuses a malformed payload of every known feature instead of storing it as unknown", () => {
    refused('{"feature":"DEVICE_STATUS"}', /^malformed DEVICE_STATUS payload: smartlockId /);
    refused('{"feature":"DEVICE_LOGS","smartlockLog":{}}', /^malformed DEVICE_LOGS payload: smartlockLog/);
    refused('{"feature":"ACCOUNT_USER","accountUser":{"accountUserId":"x"}}', /^malformed ACCOUNT_USER payload/);
    refused('{"feature":"DEVICE_MASTERDATA","smartlockId":"x"}', /^malformed DEVICE_MASTERDATA payload/);
    refused('{"feature":"DEVICE_CONFIG","smartlockId":"x"}', /^malformed DEVICE_CONFIG payload/);
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
