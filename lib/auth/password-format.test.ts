import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dummyPasswordHash, verifyPassword } from "./password";

/** Stored hashes carry their own parameters; anything else in the column verifies nothing. */
describe("stored password hashes", () => {
  const salt = randomBytes(16);
  const stored = (password: string, N: number, r: number, p: number, keylen = 32) =>
    [
      "scrypt",
      N,
      r,
      p,
      salt.toString("base64"),
      scryptSync(password, salt, keylen, { N, r, p }).toString("base64"),
    ].join("$");

  it("verifies with the parameters and length written in the hash, not today's defaults", async () => {
    expect(await verifyPassword("old pass", stored("old pass", 1024, 4, 2))).toBe(true);
    expect(await verifyPassword("old pass", stored("old pass", 1024, 4, 2, 64))).toBe(true);
    expect(await verifyPassword("old pasS", stored("old pass", 1024, 4, 2))).toBe(false);
  });
  it("refuses a hash with a missing part or another scheme, whatever the password", async () => {
    const good = stored("pw", 1024, 8, 1).split("$");
    expect(await verifyPassword("pw", good.join("$"))).toBe(true);
    expect(await verifyPassword("pw", ["bcrypt", ...good.slice(1)].join("$"))).toBe(false);
    expect(await verifyPassword("pw", [...good.slice(0, 4), "", good[5]].join("$"))).toBe(false);
    expect(await verifyPassword("pw", [...good.slice(0, 5), ""].join("$"))).toBe(false);
    expect(await verifyPassword("pw", good.slice(0, 5).join("$"))).toBe(false);
  });
  it("a shorter stored hash never matches a longer derived one", async () => {
    const parts = stored("pw", 1024, 8, 1).split("$");
    const truncated = Buffer.from(parts[5]!, "base64").subarray(0, 16).toString("base64");
    // The derived key takes the stored length, so the first 16 bytes match: still one scrypt, same answer.
    expect(await verifyPassword("pw", [...parts.slice(0, 5), truncated].join("$"))).toBe(true);
    expect(await verifyPassword("px", [...parts.slice(0, 5), truncated].join("$"))).toBe(false);
  });
  it("the dummy hash (for unknown accounts) is made once and matches nothing guessable", async () => {
    const a = await dummyPasswordHash();
    expect(await dummyPasswordHash()).toBe(a);
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword("", a)).toBe(false);
    expect(await verifyPassword("password", a)).toBe(false);
  });
});
