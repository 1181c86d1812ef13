import { describe, expect, it } from "vitest";
import { checkOtherConnections } from "./readiness";

describe("readiness of the other Nuki connections (issue #13)", () => {
  it("is absent with one account, counts refusals without names, and fails soft when the database does", async () => {
    expect(await checkOtherConnections(async () => [])).toBeUndefined();
    expect(await checkOtherConnections(async () => [{ tokenRefused: false }, { tokenRefused: false }])).toEqual({
      ok: true,
      detail: "2 more Nuki account(s): tokens accepted",
    });
    expect(await checkOtherConnections(async () => [{ tokenRefused: true }, { tokenRefused: false }])).toEqual({
      ok: false,
      detail: "2 more Nuki account(s): 1 with the token refused (reconciling paused for them)",
    });
    expect(
      await checkOtherConnections(async () => {
        throw new Error("connection refused");
      }),
    ).toEqual({ ok: false, detail: "unknown (database unreachable)" });
  });
});
