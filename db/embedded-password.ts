import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// No server-only marker: e2e helpers and scripts outside Next read the password too.

export const EMBEDDED_USER = "portier";
export const EMBEDDED_DATABASE = "portier";
/** Data dirs made before passwords were generated used this one; they are moved to a generated one at start. */
export const LEGACY_PASSWORD = "portier";
/** The generated password lives beside the data it protects (mode 600), never in code or logs. */
const PASSWORD_FILE = "portier-password";

export const passwordFile = (dataDir: string) => path.join(dataDir, PASSWORD_FILE);
export const readPassword = (dataDir: string) =>
  existsSync(passwordFile(dataDir)) ? readFileSync(passwordFile(dataDir), "utf8").trim() : null;
export const writePassword = (dataDir: string, password: string) =>
  writeFileSync(passwordFile(dataDir), `${password}\n`, { mode: 0o600 });

/** How to reach an embedded server from outside (scripts, e2e helpers): its generated password. */
export const embeddedDatabaseUrl = (dataDir: string, port: number) =>
  `postgres://${EMBEDDED_USER}:${encodeURIComponent(readPassword(dataDir) ?? LEGACY_PASSWORD)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
