import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Keypad codes at rest. A code has ~19 bits (9^6), so hashing it would protect nothing and we
 * must send it to Nuki and show it to its customer: it is encrypted (AES-256-GCM, random nonce per
 * value). Uniqueness per lock is enforced on a keyed HMAC of (door, code), so the database can
 * refuse a duplicate without ever holding a code in clear.
 *
 * Sealed values name the key that sealed them (`v2:<key id>:…`), so CODE_ENCRYPTION_KEY can be
 * rotated: old keys stay readable while `npm run keys:rotate-code-key` re-seals value by value, and
 * a value already under the current key is never sealed twice. `v1:` values (before key ids) are
 * opened by trying each key; GCM's tag tells the right one.
 */
export type CodeVault = {
  encrypt(code: number): string;
  decrypt(sealed: string): number;
  /** Keyed fingerprint of a code on one door under the current key; equal codes on the same door collide, nothing else leaks. */
  doorHmac(doorId: string, code: number): string;
  /** Other secrets at rest (the Nuki webhook secret), same scheme. */
  sealText(text: string): string;
  openText(sealed: string): string;
  /** Id of the current key (public: a truncated HMAC of the key, not the key). */
  readonly keyId: string;
  /** True when `sealed` is already under the current key (rotation skips it). */
  isCurrent(sealed: string): boolean;
};

type Key = { id: string; enc: Buffer; mac: Buffer };

/** The public id of a key: first 8 hex chars of an HMAC under it, so values can name their key. */
export const keyIdOf = (masterKey: Buffer) =>
  createHmac("sha256", masterKey).update("portier code key id").digest("hex").slice(0, 8);

function derive(masterKey: Buffer): Key {
  if (masterKey.length !== 32) throw new Error("code encryption key must be 32 bytes");
  return {
    id: keyIdOf(masterKey),
    enc: Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "portier keypad code encryption v1", 32)),
    mac: Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "portier keypad code door hmac v1", 32)),
  };
}

function openWith(key: Key, iv: string, tag: string, ct: string): string {
  const decipher = createDecipheriv("aes-256-gcm", key.enc, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64")), decipher.final()]).toString("utf8");
}

/** `masterKey` seals; `oldKeys` (during a rotation) only open. */
export function createCodeVault(masterKey: Buffer, oldKeys: Buffer[] = []): CodeVault {
  const current = derive(masterKey);
  const all = [current, ...oldKeys.map(derive).filter((k) => k.id !== current.id)];
  const seal = (text: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", current.enc, iv);
    // Stryker disable next-line StringLiteral: "utf8" is Node's default for a string; spelled out for the reader
    const ct = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
    return [
      "v2",
      current.id,
      iv.toString("base64"),
      cipher.getAuthTag().toString("base64"),
      ct.toString("base64"),
    ].join(":");
  };
  const open = (sealed: string) => {
    const parts = sealed.split(":");
    if (parts[0] === "v2" && parts.length === 5) {
      const key = all.find((k) => k.id === parts[1]);
      if (!key)
        throw new Error(
          `sealed under key ${parts[1]}, which is not configured (set CODE_ENCRYPTION_KEY_OLD during a rotation)`,
        );
      return openWith(key, parts[2]!, parts[3]!, parts[4]!);
    }
    if (parts[0] === "v1" && parts.length === 4) {
      for (const key of all) {
        try {
          return openWith(key, parts[1]!, parts[2]!, parts[3]!);
        } catch {
          /* not this key: GCM's tag did not verify */
        }
      }
      throw new Error("unreadable sealed value: no configured key opens it");
    }
    throw new Error("unreadable sealed value");
  };
  return {
    encrypt: (code) => seal(String(code)),
    decrypt: (sealed) => Number(open(sealed)),
    sealText: seal,
    openText: open,
    keyId: current.id,
    isCurrent: (sealed) => sealed.startsWith(`v2:${current.id}:`),
    doorHmac(doorId, code) {
      return createHmac("sha256", current.mac).update(`${doorId}:${code}`).digest("hex");
    },
  };
}
