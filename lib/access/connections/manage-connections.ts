import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { DEFAULT_CONNECTION_ID, doors, nukiConnections, nukiTokenHealth } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";
import {
  type CreateConnectionInput,
  connectionIdInput,
  createConnectionInput,
  rotateTokenInput,
  setDisabledInput,
  testTokenInput,
  updateBudgetInput,
} from "./schemas";

/**
 * Tries a token against an account before it is saved (an account-wide read). Passed in by the
 * edge (app/actions), which builds the HTTP client; the domain only decides what to do with the verdict.
 */
export type TokenProbe = (o: {
  apiBaseUrl: string;
  token: string;
}) => Promise<{ ok: true; locks: number } | { ok: false; message: string }>;

type AuditActor = Pick<Actor, "id" | "label"> | { id: null; label: string };

/** What is kept to tell tokens apart: its last four characters, never more. */
const hintOf = (token: string) => `…${token.slice(-4)}`;

/** The connection id a domain path works for: the env-configured account unless told otherwise. */
export const connectionOf = (e: { connectionId?: string }) => e.connectionId ?? DEFAULT_CONNECTION_ID;

/** A per-account engine job's name (resync, lock sync): the default connection keeps the historical name. */
export const scopedJobName = (name: string, e: { connectionId?: string }) =>
  connectionOf(e) === DEFAULT_CONNECTION_ID ? name : `${name}:${connectionOf(e)}`;

async function probeOrThrow(probe: TokenProbe, apiBaseUrl: string, token: string) {
  const verdict = await probe({ apiBaseUrl, token });
  if (!verdict.ok)
    throw new AppError("INVALID_INPUT", `Nuki did not accept this token, so nothing was saved: ${verdict.message}`);
  return verdict;
}

/**
 * Records a connection (sealed token) and audits it, without trying the token first: the admin
 * action tries it first (createConnection); a benchmark or test that starts its own simulator calls
 * this directly. Reconcilers pick a new connection up within seconds (their lane list is re-read).
 */
export async function registerConnection(
  ctx: AccessContext,
  by: AuditActor,
  raw: CreateConnectionInput,
): Promise<{ id: string }> {
  const input = createConnectionInput.parse(raw);
  const id = randomUUID();
  const now = new Date(ctx.now());
  await ctx.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: nukiConnections.id })
      .from(nukiConnections)
      .where(sql`lower(${nukiConnections.name}) = lower(${input.name})`);
    if (taken) throw new AppError("CONFLICT", `A connection named “${input.name}” exists already.`);
    await tx.insert(nukiConnections).values({
      id,
      name: input.name,
      apiBaseUrl: input.apiBaseUrl,
      tokenEnc: ctx.vault.sealText(input.token),
      tokenHint: hintOf(input.token),
      requestsPerSec: input.requestsPerSec,
      burst: input.burst,
      createdAt: now,
      updatedAt: now,
    });
    await appendAudit(tx, {
      actor: by,
      action: "nuki_connection.create",
      entityType: "nuki_connection",
      entityId: id,
      // Never the token: its hint names it well enough for a reader of the audit.
      after: {
        name: input.name,
        apiBaseUrl: input.apiBaseUrl,
        tokenHint: hintOf(input.token),
        requestsPerSec: input.requestsPerSec,
        burst: input.burst,
      },
    });
  });
  ctx.wake();
  return { id };
}

/** "Test token" before saving: what Nuki answers to an account-wide read, never the token. Admins only. */
export async function testConnectionToken(actor: Actor, raw: unknown, o: { probe: TokenProbe }) {
  assertCan(actor, "settings.admin");
  const input = testTokenInput.parse(raw);
  return o.probe({ apiBaseUrl: input.apiBaseUrl, token: input.token });
}

/** An admin connects another Nuki account: the token is tried first, then sealed; never shown back. */
export async function createConnection(
  ctx: AccessContext,
  actor: Actor,
  raw: CreateConnectionInput,
  o: { probe: TokenProbe },
): Promise<{ id: string; locks: number }> {
  assertCan(actor, "settings.admin");
  const input = createConnectionInput.parse(raw);
  const verdict = await probeOrThrow(o.probe, input.apiBaseUrl, input.token);
  const { id } = await registerConnection(ctx, actor, raw);
  await ctx.db
    .update(nukiConnections)
    .set({ lastOkAt: new Date(ctx.now()) })
    .where(eq(nukiConnections.id, id));
  return { id, locks: verdict.locks };
}

async function lockedRow(
  tx: Parameters<Parameters<AccessContext["db"]["transaction"]>[0]>[0],
  id: string,
  version?: number,
) {
  const [row] = await tx.select().from(nukiConnections).where(eq(nukiConnections.id, id)).for("update");
  if (!row) throw new AppError("NOT_FOUND", "That Nuki connection does not exist (any more).");
  if (version !== undefined && row.version !== version)
    throw new AppError("CONFLICT", "Someone changed this connection meanwhile; reload and try again.");
  return row;
}

const envManaged = () =>
  new AppError(
    "INVALID_INPUT",
    "The default connection's token comes from NUKI_API_TOKEN: change it there and restart Portier.",
  );

/**
 * A new token for a connection (the old one was revoked or is being replaced): tried first, then
 * sealed. A refusal recorded for the connection is probed again at once, so its lane resumes now.
 */
export async function rotateConnectionToken(
  ctx: AccessContext,
  actor: Actor,
  raw: unknown,
  o: { probe: TokenProbe },
): Promise<{ version: number }> {
  assertCan(actor, "settings.admin");
  const input = rotateTokenInput.parse(raw);
  if (input.id === DEFAULT_CONNECTION_ID) throw envManaged();
  const [current] = await ctx.db.select().from(nukiConnections).where(eq(nukiConnections.id, input.id));
  if (!current) throw new AppError("NOT_FOUND", "That Nuki connection does not exist (any more).");
  await probeOrThrow(o.probe, current.apiBaseUrl, input.token);
  const now = new Date(ctx.now());
  const version = await ctx.db.transaction(async (tx) => {
    const row = await lockedRow(tx, input.id, input.version);
    await tx
      .update(nukiConnections)
      .set({
        tokenEnc: ctx.vault.sealText(input.token),
        tokenHint: hintOf(input.token),
        lastOkAt: now,
        lastError: null,
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(nukiConnections.id, row.id));
    // The paused lane probes with its new client at once instead of at its backed-off time.
    await tx
      .update(nukiTokenHealth)
      .set({ nextProbeAt: now })
      .where(and(eq(nukiTokenHealth.connection, row.id), sql`${nukiTokenHealth.refusedSince} is not null`));
    await appendAudit(tx, {
      actor,
      action: "nuki_connection.rotate_token",
      entityType: "nuki_connection",
      entityId: row.id,
      before: { tokenHint: row.tokenHint },
      after: { tokenHint: hintOf(input.token) },
    });
    return row.version + 1;
  });
  ctx.wake();
  return { version };
}

/** The request budget Portier keeps to on this account (Nuki publishes no limit; 1/s burst 10 is ours). */
export async function updateConnectionBudget(ctx: AccessContext, actor: Actor, raw: unknown) {
  assertCan(actor, "settings.admin");
  const input = updateBudgetInput.parse(raw);
  if (input.id === DEFAULT_CONNECTION_ID)
    throw new AppError(
      "INVALID_INPUT",
      "The default connection's budget comes from NUKI_REQUESTS_PER_SEC / NUKI_BURST.",
    );
  return ctx.db.transaction(async (tx) => {
    const row = await lockedRow(tx, input.id, input.version);
    await tx
      .update(nukiConnections)
      .set({
        requestsPerSec: input.requestsPerSec,
        burst: input.burst,
        version: row.version + 1,
        updatedAt: new Date(ctx.now()),
      })
      .where(eq(nukiConnections.id, row.id));
    await appendAudit(tx, {
      actor,
      action: "nuki_connection.budget",
      entityType: "nuki_connection",
      entityId: row.id,
      before: { requestsPerSec: row.requestsPerSec, burst: row.burst },
      after: { requestsPerSec: input.requestsPerSec, burst: input.burst },
    });
    return { version: row.version + 1 };
  });
}

/** Disabled: no lane reconciles it and no call goes to it; its doors keep their windows for when it is back. */
export async function setConnectionDisabled(ctx: AccessContext, actor: Actor, raw: unknown) {
  assertCan(actor, "settings.admin");
  const input = setDisabledInput.parse(raw);
  if (input.id === DEFAULT_CONNECTION_ID) throw envManaged();
  const now = new Date(ctx.now());
  const out = await ctx.db.transaction(async (tx) => {
    const row = await lockedRow(tx, input.id, input.version);
    await tx
      .update(nukiConnections)
      .set({ disabledAt: input.disabled ? (row.disabledAt ?? now) : null, version: row.version + 1, updatedAt: now })
      .where(eq(nukiConnections.id, row.id));
    await appendAudit(tx, {
      actor,
      action: input.disabled ? "nuki_connection.disable" : "nuki_connection.enable",
      entityType: "nuki_connection",
      entityId: row.id,
      before: { disabled: row.disabledAt != null },
      after: { disabled: input.disabled },
    });
    return { version: row.version + 1 };
  });
  ctx.wake();
  return out;
}

/** Removed only while no door (not even an archived one) belongs to it: doors keep their history. */
export async function removeConnection(ctx: AccessContext, actor: Actor, raw: unknown) {
  assertCan(actor, "settings.admin");
  const input = connectionIdInput.parse(raw);
  if (input.id === DEFAULT_CONNECTION_ID) throw envManaged();
  await ctx.db.transaction(async (tx) => {
    const row = await lockedRow(tx, input.id);
    const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(doors).where(eq(doors.connectionId, row.id));
    if (n!.n > 0)
      throw new AppError(
        "CONFLICT",
        `“${row.name}” still has ${n!.n} door(s). Disable it instead, or remove its locks from the Nuki account and sync first.`,
      );
    await tx.delete(nukiTokenHealth).where(eq(nukiTokenHealth.connection, row.id));
    await tx.delete(nukiConnections).where(eq(nukiConnections.id, row.id));
    await appendAudit(tx, {
      actor,
      action: "nuki_connection.remove",
      entityType: "nuki_connection",
      entityId: row.id,
      before: { name: row.name, apiBaseUrl: row.apiBaseUrl, tokenHint: row.tokenHint },
    });
  });
  ctx.wake();
}
