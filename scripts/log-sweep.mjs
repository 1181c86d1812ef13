// `node scripts/log-sweep.mjs <log files…>`: the end of every full test run greps what the run
// logged (Vitest's output, the e2e servers' JSON logs) for what must never be in a log: keypad
// codes, API and session tokens, passwords, webhook secrets. Known test values are matched
// exactly; codes by shape wherever a log names them. Exits 1 and names file:line on a find.
import { existsSync, readFileSync } from "node:fs";

export const KNOWN_SECRETS = [
  // Demo and e2e sign-in passwords (lib/demo-building.ts) and the e2e AUTH_SECRET (playwright.config.ts).
  "portier-admin",
  "portier-manager",
  "portier-desk",
  "portier-customer",
  "e2e-only-secret-not-for-production-0123456789",
  // The simulator's API token as a credential, and the fixed webhook secrets tests sign with.
  "Bearer sim-token",
  "race-webhook-secret",
];

export const PATTERNS = [
  { what: "a keypad code", re: /"(?:code|keypadCode|newCode|pin)"\s*:\s*"?[1-9]{6}\b/i },
  { what: "a keypad code", re: /\b(?:keypad )?code(?: is)?\s*[:=]\s*[1-9]{6}\b/i },
  { what: "a bearer token", re: /authorization"?\s*[:=]\s*"?Bearer\s+(?!\[redacted\])\S{8,}/i },
  { what: "a password field", re: /"password"\s*:\s*"(?!\[redacted\])[^"]+"/i },
  { what: "a secret field", re: /"(?:secret|webhookSecret|token|apiKey)"\s*:\s*"(?!\[redacted\])[^"]{8,}"/i },
];

export function sweep(text, file = "log") {
  const finds = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    for (const s of KNOWN_SECRETS)
      if (line.includes(s)) finds.push(`${file}:${i + 1}: a known test secret (${s.slice(0, 6)}…)`);
    for (const p of PATTERNS) if (p.re.test(line)) finds.push(`${file}:${i + 1}: ${p.what}`);
  });
  return { lines: lines.length, finds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.slice(2).filter((f) => existsSync(f));
  let lines = 0;
  const finds = [];
  for (const f of files) {
    const r = sweep(readFileSync(f, "utf8"), f);
    lines += r.lines;
    finds.push(...r.finds);
  }
  for (const f of finds.slice(0, 50)) console.log(`[log sweep] ${f}`);
  console.log(`log sweep: ${files.length} files, ${lines} lines, ${finds.length} secrets found`);
  process.exit(finds.length ? 1 : 0);
}
