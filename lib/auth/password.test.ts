import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horsf", hash)).toBe(false);
  });
  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("x")).not.toBe(await hashPassword("x"));
  });
  it("rejects malformed stored values instead of throwing", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "bcrypt$whatever")).toBe(false);
    // A stored cost far above ours (a forged row) is refused, not computed.
    expect(await verifyPassword("x", "scrypt$4194304$8$1$c2FsdA==$aGFzaA==")).toBe(false);
  });
  it("asks for a re-hash of anything cheaper than today's parameters", async () => {
    expect(needsRehash("scrypt$16384$8$1$s$h")).toBe(true);
    expect(needsRehash(await hashPassword("x"))).toBe(false);
  });
});
