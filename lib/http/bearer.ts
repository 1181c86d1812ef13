import { createHash, timingSafeEqual } from "node:crypto";

/**
 * `Authorization: Bearer <token>` against the expected token in constant time: both sides are
 * hashed first so the comparison never depends on (or leaks) the token's length.
 */
export function bearerMatches(header: string | null, expected: string): boolean {
  const given = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!given) return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
