import "server-only";
import { createHash, randomBytes } from "node:crypto";

/**
 * One-time link tokens (setup link, staff invites): 32 random bytes, base64url. Only the SHA-256
 * is stored, and a token is looked up BY its hash (an index probe on a value the caller cannot
 * steer), so no stored secret is ever compared byte by byte: there is no timing oracle to read.
 */
export const newLinkToken = () => randomBytes(32).toString("base64url");
export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");
/** Anything else is refused before the database is asked (and counts as a failed attempt). */
export const plausibleToken = (token: string) => /^[A-Za-z0-9_-]{20,100}$/.test(token);
