import "server-only";
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** OWASP's scrypt floor (N=2^17, r=8, p=1): 128 MiB and a few hundred ms per hash. */
export const PASSWORD_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEYLEN = 32;
/** Stored hashes may name at most this cost: a forged row cannot make one sign-in eat the server. */
const MAX_N = 2 ** 20;
const memoryFor = (N: number, r: number) => 128 * N * r + 16 * 1024 * 1024;

/**
 * At most two hashes at a time per process: each holds 128 MiB, so a burst of sign-in attempts
 * queues here instead of exhausting memory (the throttle still counts each attempt).
 */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** `scrypt$N$r$p$saltB64$hashB64` — parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = PASSWORD_PARAMS;
  const hash = await limited(() => scrypt(password, salt, KEYLEN, { N, r, p, maxmem: memoryFor(N, r) }));
  return ["scrypt", N, r, p, salt.toString("base64"), hash.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, hashB64] = stored.split("$");
  if (scheme !== "scrypt" || !saltB64 || !hashB64) return false;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  if (![N, R, P].every(Number.isInteger) || N < 2 || N > MAX_N || R < 1 || R > 32 || P < 1 || P > 16) return false;
  const expected = Buffer.from(hashB64, "base64");
  const actual = await limited(() =>
    scrypt(password, Buffer.from(saltB64, "base64"), expected.length, { N, r: R, p: P, maxmem: memoryFor(N, R) }),
  );
  // The key is derived at the stored length, so the lengths always match; the check only keeps
  // timingSafeEqual from throwing should that ever change.
  // Stryker disable next-line ConditionalExpression: equivalent, see above
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** True when a stored hash was made at a lower cost than today's: re-hash it on the next sign-in. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split("$");
  return (
    scheme !== "scrypt" ||
    Number(n) < PASSWORD_PARAMS.N ||
    Number(r) < PASSWORD_PARAMS.r ||
    Number(p) < PASSWORD_PARAMS.p
  );
}

/** A hash of nothing in particular: unknown accounts cost the same time as known ones (no timing oracle). */
let dummy: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummy ??= hashPassword(randomBytes(12).toString("hex")));
