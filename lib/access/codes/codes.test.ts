import fc from "fast-check";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isValidKeypadCode } from "@/lib/nuki/schemas";
import { createCodeVault } from "./code-vault";
import { chooseDoorCode, generateKeypadCode, isGuessable } from "./generate-code";

describe("keypad codes", () => {
  it("always generates codes Nuki accepts and nobody guesses first", () => {
    for (let i = 0; i < 5000; i++) {
      const c = generateKeypadCode();
      expect(isValidKeypadCode(c)).toBe(true);
      expect(isGuessable(c)).toBe(false);
    }
  });
  it("knows Nuki's rules", () => {
    expect(isValidKeypadCode(345678)).toBe(true);
    expect(isValidKeypadCode(123987)).toBe(false); // starts with 12
    expect(isValidKeypadCode(345078)).toBe(false); // zero
    expect(isValidKeypadCode(34567)).toBe(false);
    expect(isGuessable(111111) && isGuessable(234567) && isGuessable(454545) && isGuessable(987654)).toBe(true);
  });
  it("keeps the customer's code on a door that does not hold it, and finds another where it does", async () => {
    expect(await chooseDoorCode(345678, async () => false)).toEqual({ code: 345678, differsFromPreferred: false });
    const r = await chooseDoorCode(345678, async (c) => c === 345678);
    expect(r.differsFromPreferred).toBe(true);
    expect(r.code).not.toBe(345678);
  });
});

describe("code vault", () => {
  const vault = createCodeVault(randomBytes(32));
  it("round-trips and never writes the code in clear", () => {
    fc.assert(
      fc.property(fc.integer({ min: 111111, max: 999999 }), (code) => {
        const sealed = vault.encrypt(code);
        expect(sealed).not.toContain(String(code));
        expect(vault.decrypt(sealed)).toBe(code);
      }),
    );
  });
  it("seals the same code differently each time, but fingerprints it the same per door", () => {
    expect(vault.encrypt(345678)).not.toBe(vault.encrypt(345678));
    expect(vault.doorHmac("d1", 345678)).toBe(vault.doorHmac("d1", 345678));
    expect(vault.doorHmac("d1", 345678)).not.toBe(vault.doorHmac("d2", 345678));
  });
  it("refuses a tampered value", () => {
    const sealed = vault.encrypt(345678).split(":");
    sealed[3] = Buffer.from("999999").toString("base64");
    expect(() => vault.decrypt(sealed.join(":"))).toThrow();
  });
});
