import "server-only";
import { randomInt } from "node:crypto";
import { isValidKeypadCode } from "@/lib/nuki/schemas";

/** Codes anyone would try first: one digit repeated, straight runs, two-digit repeats. */
export function isGuessable(code: number): boolean {
  const s = String(code);
  if (/^(\d)\1{5}$/.test(s)) return true;
  if ("123456789".includes(s) || "987654321".includes(s)) return true;
  if (/^(\d\d)\1\1$/.test(s) || /^(\d\d\d)\1$/.test(s)) return true;
  return false;
}

/** A random keypad code Nuki accepts (6 digits 1–9, not "12…") that is not trivially guessable. */
export function generateKeypadCode(random: (max: number) => number = (max) => randomInt(max)): number {
  for (;;) {
    let s = "";
    for (let i = 0; i < 6; i++) s += String(1 + random(9));
    const code = Number(s);
    if (isValidKeypadCode(code) && !isGuessable(code)) return code;
  }
}

/** Nuki's per-lock ceiling for keypad codes (§3.8) and the point where Portier starts warning. */
export const KEYPAD_SLOTS = 200;
export const KEYPAD_SLOTS_WARN_AT = 180;

/**
 * The customer's own code if the door does not already hold it (for someone else), otherwise a
 * fresh one for this door only. `isTaken` checks a code against the door (its HMAC index and the
 * codes seen on the lock that Portier does not own).
 */
export async function chooseDoorCode(
  preferred: number,
  isTaken: (code: number) => Promise<boolean>,
  random?: (max: number) => number,
): Promise<{ code: number; differsFromPreferred: boolean }> {
  if (!(await isTaken(preferred))) return { code: preferred, differsFromPreferred: false };
  for (let i = 0; i < 1000; i++) {
    const code = generateKeypadCode(random);
    if (!(await isTaken(code))) return { code, differsFromPreferred: true };
  }
  throw new Error("could not find a free keypad code for this door");
}
