import { COMMON_PASSWORDS } from "./common-passwords";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** "Password123!" → "password": the core people decorate with digits and symbols. */
const core = (s: string) =>
  s
    .toLowerCase()
    .replace(/^[^a-z]+|[^a-z]+$/g, "")
    .replace(/0/g, "o")
    .replace(/[1!|]/g, "i")
    .replace(/3/g, "e")
    .replace(/4|@/g, "a")
    .replace(/5|\$/g, "s");

/** "123456789012", "987654", "abcdefghijkl": every step one up (or one down), digits wrapping 9→0. */
function isRun(s: string): boolean {
  if (s.length < 4) return false;
  const step = (a: string, b: string) => {
    const d = b.charCodeAt(0) - a.charCodeAt(0);
    return /\d/.test(a) && /\d/.test(b) && Math.abs(d) === 9 ? -Math.sign(d) : d;
  };
  const first = step(s[0]!, s[1]!);
  if (Math.abs(first) !== 1) return false;
  for (let i = 2; i < s.length; i++) if (step(s[i - 1]!, s[i]!) !== first) return false;
  return true;
}

/**
 * Rules for a password someone is setting (NIST 800-63B style: length, not a known password, not
 * about the account; no composition rules). Returns the problems in words, empty when it is fine.
 */
export function passwordProblems(password: string, account: { email: string; name?: string }): string[] {
  const problems: string[] = [];
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) problems.push(`Use at least ${PASSWORD_MIN_LENGTH} characters.`);
  if (chars.length > PASSWORD_MAX_LENGTH) problems.push(`Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  const lower = password.toLowerCase();
  const stripped = lower.replace(/[^a-z0-9]/g, "");
  if (
    COMMON_PASSWORDS.has(lower) ||
    COMMON_PASSWORDS.has(stripped) ||
    COMMON_PASSWORDS.has(core(password)) ||
    /^(.)\1+$/.test(password) ||
    isRun(stripped)
  )
    problems.push("This password is among the most common ones; choose another.");
  const local = account.email.split("@")[0]!.toLowerCase();
  const nameParts = (account.name ?? "")
    .toLowerCase()
    .split(/\s+/)
    .filter((p) => p.length >= 4);
  if ((local.length >= 4 && lower.includes(local)) || nameParts.some((p) => lower.includes(p)))
    problems.push("Do not use your name or email address in the password.");
  return problems;
}
