import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCodeVault } from "./code-vault";
import { chooseDoorCode, generateKeypadCode, isGuessable } from "./generate-code";

describe("code vault: stored values stay readable", () => {
  // Sealed once with master key 0x07…07; a change to the key derivation or format would make every
  // stored keypad code and webhook secret unreadable after an upgrade.
  const vault = createCodeVault(Buffer.alloc(32, 7));
  it("opens values sealed by earlier releases", () => {
    expect(vault.decrypt("v1:pmOn6WKW4Nkc/peo:khxeVmm3Tk2croReVMa0Zw==:/LDskrvO")).toBe(345678);
    expect(vault.openText("v1:STHGs61ttPCcZvaL:wRMSiIpb+jtPO6gymVI+0w==:Es125O4=")).toBe("hello");
  });
  it("fingerprints a door's code with HKDF-SHA256 + HMAC-SHA256 (vector computed with Python's hmac)", () => {
    expect(vault.doorHmac("door-1", 345678)).toBe("006b52dbe09fafdeb5c02f1173096c8c71b67fa645465c617b79cd57fcb4ad60");
  });
  it("refuses unreadable values and short keys", () => {
    for (const bad of ["", "v2:a:b:c", "v1::b:c", "v1:a::c", "v1:a:b:", "v1:a:b"])
      expect(() => vault.decrypt(bad), bad).toThrow("unreadable sealed value");
    expect(() => createCodeVault(randomBytes(16))).toThrow("code encryption key must be 32 bytes");
    expect(() => createCodeVault(randomBytes(33))).toThrow("code encryption key must be 32 bytes");
  });
  it("uses a fresh 12-byte nonce and a 16-byte tag per value", () => {
    const [v, iv, tag] = vault.sealText("x").split(":");
    expect(v).toBe("v1");
    expect(Buffer.from(iv!, "base64")).toHaveLength(12);
    expect(Buffer.from(tag!, "base64")).toHaveLength(16);
  });
});

describe("guessable codes", () => {
  it("knows every family it refuses, and lets ordinary codes through", () => {
    const guessable = [111111, 999999, 234567, 456789, 987654, 876543, 454545, 787878, 345345, 989989];
    const fine = [
      345678 + 1, // 345679
      112233,
      111112,
      211111,
      454546,
      345346,
      975318,
      234568,
      876542,
      545454 + 1,
    ];
    for (const c of guessable) expect(isGuessable(c), String(c)).toBe(true);
    for (const c of fine) expect(isGuessable(c), String(c)).toBe(false);
  });
  it("draws six digits 1–9 from the random source, skipping what Nuki refuses or anyone would guess", () => {
    // 1,1,1,1,1,1 (guessable) then 3,4,5,6,7,9 → 345679 is taken as drawn.
    const draws = [0, 0, 0, 0, 0, 0, 2, 3, 4, 5, 6, 8];
    const random = (max: number) => {
      expect(max).toBe(9);
      return draws.shift()!;
    };
    expect(generateKeypadCode(random)).toBe(345679);
    // 1,2,… starts with 12 (Nuki refuses), then 9,8,7,1,2,3.
    const second = [0, 1, 2, 3, 4, 5, 8, 7, 6, 0, 1, 2];
    expect(generateKeypadCode(() => second.shift()!)).toBe(987123);
  });
  it("gives up with a clear error after 1000 taken codes", async () => {
    let asked = 0;
    await expect(
      chooseDoorCode(345679, async () => {
        asked++;
        return true;
      }),
    ).rejects.toThrow("could not find a free keypad code for this door");
    expect(asked).toBe(1001);
  });
});
