import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { sweep } from "@/scripts/log-sweep.mjs";

describe("the log sweep run after every full test run", () => {
  it("finds each kind of secret a log could leak", () => {
    const leaks = [
      '{"level":30,"data":{"code":345678},"msg":"created"}',
      "[reconciler] keypad code: 451278 for Anna",
      '{"headers":{"authorization":"Bearer abcdefgh12345"}}',
      '{"password":"hunter22hunter"}',
      '{"webhookSecret":"0123456789abcdef"}',
      "signed in with portier-desk",
      "GET /smartlock Bearer sim-token",
    ];
    for (const line of leaks) expect(sweep(line).finds, line).toHaveLength(1);
  });

  it("passes what Portier really logs: redacted fields, ids, routes, counts", () => {
    const clean = [
      '{"level":30,"data":{"code":"[redacted]"},"requestId":"abcDEF123","msg":"created"}',
      '{"component":"nuki","route":"PUT /smartlock/{id}/auth","status":204,"ms":12,"msg":"nuki call"}',
      "[reconciler] resync { drifted: 0, vanished: 1, orphansDeleted: 0 }",
      "smartlock 17179870977 online; 123456 bytes",
      '{"authorization":"[redacted]"}',
    ];
    for (const line of clean) expect(sweep(line).finds, line).toEqual([]);
  });
});
