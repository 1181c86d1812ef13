import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Keypad codes at rest. A code has ~19 bits (9^6), so hashing it would protect nothing and we
 * must send it to Nuki and show it to its customer: it is encrypted (AES-256-GCM, random nonce per
 * value). Uniqueness per lock is enforced on a keyed HMAC of (door, code), so the database can
 * refuse a duplicate without ever holding a code in clear.
 */
export type CodeVault = {
  encrypt(code: number): string;
  decrypt(sealed: string): number;
  /** Keyed fingerprint of a code on one door; equal codes on the same door collide, nothing else leaks. */
  doorHmac(doorId: string, code: number): string;
  /** Other secrets at rest (the Nuki webhook secret), same scheme. */
  sealText(text: string): string;
  openText(sealed: string): string;
};

export function createCodeVault(masterKey: Buffer): CodeVault {
  if (masterKey.length !== 32) throw new Error("code encryption key must be 32 bytes");
  const encKey = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "portier keypad code encryption v1", 32));
  const macKey = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "portier keypad code door hmac v1", 32));
  const seal = (text: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", encKey, iv);
    const ct = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
    return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
  };
  const open = (sealed: string) => {
    const [v, iv, tag, ct] = sealed.split(":");
    if (v !== "v1" || !iv || !tag || !ct) throw new Error("unreadable sealed value");
    const decipher = createDecipheriv("aes-256-gcm", encKey, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64")), decipher.final()]).toString("utf8");
  };
  return {
    encrypt: (code) => seal(String(code)),
    decrypt: (sealed) => Number(open(sealed)),
    sealText: seal,
    openText: open,
    doorHmac(doorId, code) {
      return createHmac("sha256", macKey).update(`${doorId}:${code}`).digest("hex");
    },
  };
}
