import "server-only";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "../client";
import { customers } from "../schema";

/**
 * Customer tags — the "#k3f9qz" in every auth name Portier creates — from one allocator for every
 * way a customer is made (the form, the CSV import, booking feeds, adoption, the demo seed).
 *
 * A tag is 6 characters of base 36: what the auth-name pattern reads (lib/access/grants/auth-name.ts)
 * and what fits Nuki's 20-character keypad-code names beside a 12-character customer name. (The
 * column's old default, 6 hex characters = 16.7 M values, drew equal tags ~3 times per 10,000
 * customers, and the form's insert then failed.) 36^6 = 2.2 billion values make a clash rare; the
 * allocator makes it impossible: it draws tags nobody holds, and a unique violation on the tag (a
 * concurrent insert took it between the look and the insert) draws again inside a savepoint.
 */
export const TAG_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
export const TAG_LENGTH = 6;

export type DrawTag = () => string;

/** One random tag. (Byte % 36 leans a little towards the first four characters: harmless for a non-secret label.) */
export const drawTag: DrawTag = () => [...randomBytes(TAG_LENGTH)].map((b) => TAG_ALPHABET[b % 36]).join("");

/** `n` distinct tags no customer holds now (looked up in one query per round). */
export async function freeTags(db: DbOrTx, n: number, draw: DrawTag = drawTag): Promise<string[]> {
  const out = new Set<string>();
  while (out.size < n) {
    const candidates = new Set<string>();
    // Bounded: a draw that keeps repeating itself (a broken generator) must not spin forever.
    for (let tries = 0; candidates.size < n - out.size && tries < 10 * n + 10; tries++) {
      const tag = draw();
      if (!out.has(tag)) candidates.add(tag);
    }
    if (candidates.size === 0) throw new Error("customer tags: the generator gave no new tag");
    const list = [...candidates];
    const taken = new Set(
      (
        await db
          .select({ tag: customers.tag })
          .from(customers)
          .where(sql`${customers.tag} = any(${sql.param(list)}::text[])`)
      ).map((r) => r.tag),
    );
    for (const tag of list) if (!taken.has(tag)) out.add(tag);
  }
  return [...out];
}

/** A unique violation on customers.tag (and not on the email, which callers report as their own conflict). */
export function isTagViolation(e: unknown): boolean {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    const pg = c as { code?: string; constraint?: string };
    if (pg.code === "23505") return pg.constraint === "customers_tag_unique";
  }
  return false;
}

const ATTEMPTS = 5;

/**
 * Runs `insert` with `n` free tags inside a savepoint of `tx`; when another transaction took one of
 * them meanwhile, the savepoint is rolled back and new tags drawn (at most 5 rounds — at 2.2 billion
 * values a second clash in a row means something else is wrong).
 */
export async function withFreeTags<T>(
  tx: DbOrTx,
  n: number,
  insert: (sp: Tx, tags: string[]) => Promise<T>,
  draw: DrawTag = drawTag,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const tags = await freeTags(tx, n, draw);
    try {
      return await tx.transaction((sp) => insert(sp, tags));
    } catch (e) {
      if (!isTagViolation(e) || attempt >= ATTEMPTS) throw e;
    }
  }
}
