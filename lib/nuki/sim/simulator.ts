import { randomBytes } from "node:crypto";
import { AUTH_TYPE, type NukiAccountUser, type NukiSmartlockLog, type WebhookFeature } from "../schemas";
import { ManualClock, RealClock, type SimClock } from "./clock";
import { authAllows } from "../lock-semantics";
import { timezoneIdOf } from "../time-zones";
import { seededRandom } from "./rng";
import { javaError, json, noContent } from "./responses";
import { validateCreate, validateRestrictions, validateUpdate } from "./validate";
import { WebhookSender } from "./webhooks";
import type {
  Chaos,
  HttpFault,
  PendingOp,
  SimAuth,
  SimConfig,
  SimLock,
  SimResponse,
  SimSnapshot,
  Webhook,
} from "./types";

export type SimulatorOptions = {
  clock?: "real" | "manual" | SimClock;
  seed?: number;
  tokens?: string[];
  /** Nuki's account id on every lock (several accounts in one simulator process differ here). */
  accountId?: number;
  config?: Partial<SimConfig>;
  /** Used to deliver webhooks; tests may pass the app's handler directly. */
  fetch?: typeof fetch;
};

const RESTRICTION_KEYS = [
  "allowedFromDate",
  "allowedUntilDate",
  "allowedWeekDays",
  "allowedFromTime",
  "allowedUntilTime",
] as const;
export const DEFAULT_TOKEN = "sim-token";
const ACCOUNT_ID = 4711;
const OPENER = 2;

/** An auth that was on the lock before Portier came (Nuki Web, the app, the keypad): applied at once, no webhook. */
export type PreexistingAuth = {
  smartlockId: number;
  name: string;
  /** An app user: found by email among the account users, created if missing. */
  user?: { email: string; name: string };
  /** A keypad code (type 13) instead. */
  code?: number;
  enabled?: boolean;
  allowedFromDate?: string | null;
  allowedUntilDate?: string | null;
  allowedWeekDays?: number;
  allowedFromTime?: number;
  allowedUntilTime?: number;
};

/**
 * An in-memory Nuki Web account that behaves like api.nuki.io where it matters: writes are
 * validated at once, answered 204 and applied later (only while the lock is online); settled
 * changes appear in listings and go out as signed webhooks; further writes to an auth with a
 * change in flight get 423. Behaviour the API notes mark as inferred is a `config` switch.
 */
export class NukiSimulator {
  readonly clock: SimClock;
  readonly config: SimConfig;
  readonly tokens: Set<string>;
  readonly accountId: number;
  chaos: Chaos = { http5xx: 0, http429: 0, neverApply: 0, webhookDrop: 0, webhookDuplicate: 0, webhookReorder: 0 };
  readonly faults: HttpFault[] = [];
  neverApplyNext = 0;
  /** The next N creates stall until the daily sync, whatever `config.stallCreates` says. */
  stallNextCreates = 0;
  readonly webhooks: WebhookSender;
  /** Every API request the simulator answered (route key), for call-count benchmarks. */
  readonly calls: string[] = [];

  locks = new Map<number, SimLock>();
  auths = new Map<string, SimAuth>();
  accountUsers = new Map<number, NukiAccountUser>();
  logs: NukiSmartlockLog[] = [];
  pending = new Map<string, PendingOp>();
  hooks: Webhook[] = [];
  readonly random: () => number;
  #seq = 0;
  #idPrefix: string;

  constructor(o: SimulatorOptions = {}) {
    this.clock = o.clock === "manual" ? new ManualClock() : o.clock === "real" || !o.clock ? new RealClock() : o.clock;
    this.random = seededRandom(o.seed ?? 1);
    this.#idPrefix = (o.seed ?? randomBytes(4).readUInt32BE()).toString(16).padStart(8, "0").slice(-8);
    this.tokens = new Set(o.tokens ?? [DEFAULT_TOKEN]);
    this.accountId = o.accountId ?? ACCOUNT_ID;
    this.config = {
      applyDelayMs: 1500,
      createVisibility: "after-apply",
      stallCreates: false,
      dailySyncEveryMs: 24 * 60 * 60_000,
      webhookBodies: "full",
      clockOffsetMs: 0,
      webhookDelayMs: 50,
      maxAppAuths: 200,
      maxKeypadCodes: 200,
      allowHttpWebhooks: true,
      ...o.config,
    };
    this.webhooks = new WebhookSender(
      this.clock,
      o.fetch ?? ((...a) => fetch(...a)),
      this.random,
      () => this.chaos,
      () => this.config.webhookDelayMs,
    );
    const daily = () => {
      this.dailySync();
      this.clock.schedule(this.clock.now() + this.config.dailySyncEveryMs, daily);
    };
    this.clock.schedule(this.clock.now() + this.config.dailySyncEveryMs, daily);
  }

  get manualClock(): ManualClock | null {
    return this.clock instanceof ManualClock ? this.clock : null;
  }
  /** Nuki's clock, as its timestamps show it (config.clockOffsetMs). */
  nowIso() {
    return new Date(this.clock.now() + this.config.clockOffsetMs).toISOString();
  }
  /** ObjectId-like 24-hex ids, unique per simulator instance. */
  newId() {
    return this.#idPrefix + (++this.#seq).toString(16).padStart(16, "0");
  }

  // ── Setup and control ────────────────────────────────────────────────────

  addLock(l: Partial<SimLock> & { smartlockId: number; name: string }): SimLock {
    const lock: SimLock = {
      accountId: this.accountId,
      deviceType: 4,
      timeZone: "Europe/Berlin",
      keypadPaired: l.deviceType !== OPENER,
      serverState: 0,
      lockState: 1,
      batteryCharge: 87,
      batteryCritical: false,
      nextSlot: 1,
      updateDate: this.nowIso(),
      ...l,
    };
    if (lock.deviceType === OPENER) lock.keypadPaired = false; // an Opener has no keypad of its own
    this.locks.set(lock.smartlockId, lock);
    return lock;
  }

  /** Renamed in the Nuki app or Nuki Web (also `POST /smartlock/{id}` with a name). */
  renameLock(smartlockId: number, name: string): SimLock | null {
    const lock = this.#lock(smartlockId);
    if (!lock) return null;
    lock.name = name;
    lock.updateDate = this.nowIso();
    return lock;
  }

  /** A keypad paired with or removed from a lock (never on an Opener). */
  setKeypadPaired(smartlockId: number, paired: boolean): SimLock | null {
    const lock = this.#lock(smartlockId);
    if (!lock) return null;
    lock.keypadPaired = paired && lock.deviceType !== OPENER;
    lock.updateDate = this.nowIso();
    return lock;
  }

  /**
   * The device left the account (`DELETE /smartlock/{id}`, or removed in the app): it and its auths
   * vanish from every listing, and changes still travelling to it are dropped. Whether Nuki sends a
   * webhook for this is not documented [INF]: none is sent; Portier learns it by reading GET /smartlock.
   */
  removeLock(smartlockId: number): boolean {
    if (!this.locks.delete(smartlockId)) return false;
    for (const [id, a] of this.auths) if (a.smartlockId === smartlockId) this.auths.delete(id);
    for (const [id, op] of this.pending)
      if (op.smartlockId === smartlockId) {
        op.cancel?.();
        this.pending.delete(id);
      }
    return true;
  }

  /** Puts an auth on a lock as if it had been there before Portier (see PreexistingAuth). */
  addPreexistingAuth(p: PreexistingAuth): SimAuth {
    const lock = this.#lock(p.smartlockId);
    if (!lock) throw new Error(`unknown lock ${p.smartlockId}`);
    let accountUserId: number | undefined;
    if (p.user) {
      const email = p.user.email.toLowerCase();
      const found = [...this.accountUsers.values()].find((u) => u.email.toLowerCase() === email);
      accountUserId = found?.accountUserId;
      if (!found) {
        const made = this.createAccountUser({ email: p.user.email, name: p.user.name });
        accountUserId = (made.body as NukiAccountUser).accountUserId;
      }
    }
    const body: Record<string, unknown> = {
      name: p.name,
      type: p.code !== undefined ? AUTH_TYPE.keypadCode : AUTH_TYPE.app,
      remoteAllowed: p.code === undefined,
      ...(p.code !== undefined ? { code: p.code } : { accountUserId }),
      allowedFromDate: p.allowedFromDate ?? null,
      allowedUntilDate: p.allowedUntilDate ?? null,
      allowedWeekDays: p.allowedWeekDays ?? 127,
      allowedFromTime: p.allowedFromTime ?? 0,
      allowedUntilTime: p.allowedUntilTime ?? 0,
    };
    const bad =
      validateRestrictions(body) ??
      validateCreate(body, lock, this.#authsIncludingPendingCreates(lock.smartlockId), this.config, (u) =>
        this.accountUsers.has(u),
      );
    if (bad) throw new Error(`pre-existing auth refused: ${JSON.stringify(bad.body)}`);
    const auth = this.#newAuth(this.newId(), lock.smartlockId, body, null);
    auth.authId = lock.nextSlot++;
    if (p.enabled === false) auth.enabled = false;
    auth.creationDate = auth.updateDate = "2025-06-01T09:00:00.000Z";
    this.auths.set(auth.id, auth);
    return auth;
  }

  reset() {
    for (const op of this.pending.values()) op.cancel?.();
    this.locks.clear();
    this.auths.clear();
    this.accountUsers.clear();
    this.logs = [];
    this.pending.clear();
    this.hooks = [];
    this.faults.length = 0;
    this.neverApplyNext = 0;
    this.stallNextCreates = 0;
    this.calls.length = 0;
    this.chaos = { http5xx: 0, http429: 0, neverApply: 0, webhookDrop: 0, webhookDuplicate: 0, webhookReorder: 0 };
    this.webhooks.reset();
  }

  /** serverState 4 = offline: writes are still accepted, and wait for the lock to return (§2.5). */
  setOnline(smartlockId: number, online: boolean) {
    const lock = this.#lock(smartlockId);
    if (!lock || (lock.serverState === 0) === online) return;
    lock.serverState = online ? 0 : 4;
    lock.updateDate = this.nowIso();
    this.#emit("DEVICE_STATUS", { smartlockId, serverState: lock.serverState, state: this.#state(lock) });
    if (online)
      for (const op of this.pending.values()) if (op.smartlockId === smartlockId && !op.cancel) this.#scheduleApply(op);
  }

  /**
   * Nuki's daily sync (inferred: the documentation says only that one runs): every change that
   * missed the fast sync goes to its lock now, if the lock is online (else when it comes back).
   */
  dailySync() {
    for (const op of this.pending.values()) {
      if (!op.stalled) continue;
      op.stalled = false;
      op.cancel?.();
      op.cancel = undefined;
      this.#settle(op); // an offline lock keeps it pending; setOnline() reschedules it
    }
  }

  /** Applies every due-or-not pending change on online locks now and waits for webhooks. */
  async flush() {
    for (const op of [...this.pending.values()]) {
      if (!op.stalled && this.locks.get(op.smartlockId)?.serverState === 0) {
        op.cancel?.();
        this.#settle(op);
      }
    }
    await this.webhooks.settle();
  }

  registerWebhook(url: string, features: WebhookFeature[]): Webhook {
    const hook = { id: this.hooks.length + 1, url, features, secret: randomBytes(20).toString("hex") };
    this.hooks.push(hook);
    return hook;
  }

  /** Someone at the door: the lock checks the auth (or keypad code) now and logs the outcome. */
  entry(smartlockId: number, who: { authId?: string; code?: number }): NukiSmartlockLog {
    const lock = this.#lock(smartlockId);
    if (!lock) throw new Error(`unknown lock ${smartlockId}`);
    const auth = [...this.auths.values()].find(
      (a) =>
        a.smartlockId === smartlockId &&
        a.authId != null &&
        (who.authId ? a.id === who.authId : a.type === AUTH_TYPE.keypadCode && a.code === who.code),
    );
    const allowed = !!auth && authAllows(auth, this.clock.now(), lock.timeZone);
    const log: NukiSmartlockLog = {
      id: this.newId(),
      smartlockId,
      deviceType: lock.deviceType,
      accountUserId: auth?.accountUserId ?? null,
      authId: auth?.id ?? null,
      name: auth?.name ?? "",
      action: 1,
      trigger: auth?.type === AUTH_TYPE.keypadCode || who.code ? 255 : 5,
      state: allowed ? 0 : auth ? 9 : 224,
      autoUnlock: false,
      date: this.nowIso(),
      source: auth?.type === AUTH_TYPE.keypadCode || who.code ? 1 : 0,
    };
    this.logs.unshift(log);
    if (allowed) {
      lock.lockState = 3;
      if (auth) {
        auth.lockCount += 1;
        auth.lastActiveDate = log.date;
      }
    }
    this.#emit("DEVICE_LOGS", { smartlockLog: log });
    return log;
  }

  /** A change made outside Portier (Nuki Web, the app over BLE): drift for the reconciler to find. */
  externalEdit(id: string, patch: Partial<SimAuth> | "delete") {
    const auth = this.auths.get(id);
    if (!auth) return;
    if (patch === "delete") this.auths.delete(id);
    else Object.assign(auth, patch, { updateDate: this.nowIso() });
    this.#emit("DEVICE_AUTHS", { deleted: patch === "delete", smartlockAuth: auth });
  }

  /** Is access granted on this lock to this auth/code at `at` by what the lock holds now? */
  lockAllows(smartlockId: number, who: { accountUserId?: number; code?: number }, at = this.clock.now()): boolean {
    const lock = this.#lock(smartlockId);
    if (!lock) return false;
    return [...this.auths.values()].some(
      (a) =>
        a.smartlockId === smartlockId &&
        a.authId != null &&
        (who.code !== undefined
          ? a.type === AUTH_TYPE.keypadCode && a.code === who.code
          : a.type === AUTH_TYPE.app && a.accountUserId === who.accountUserId) &&
        authAllows(a, at, lock.timeZone),
    );
  }

  snapshot(): SimSnapshot {
    return {
      locks: [...this.locks.values()],
      auths: [...this.auths.values()],
      accountUsers: [...this.accountUsers.values()],
      logs: this.logs.slice(0, 200),
      pending: [...this.pending.values()].map(({ cancel: _c, ...op }) => op),
      webhooks: this.hooks.map(({ secret: _s, ...h }) => h),
      deliveries: this.webhooks.deliveries.slice(-200),
    };
  }

  // ── API operations (called by routes.ts) ─────────────────────────────────

  authorized(header: string | null) {
    const token = header?.match(/^Bearer\s+(.+)$/i)?.[1];
    return !!token && this.tokens.has(token);
  }

  /** Scripted or dice-rolled failure for this route, or null. */
  takeFault(route: string): SimResponse | null {
    const i = this.faults.findIndex(
      (f) => f.route === route || f.route === "*" || (f.route.endsWith("*") && route.startsWith(f.route.slice(0, -1))),
    );
    if (i >= 0) {
      const f = this.faults[i]!;
      if (--f.remaining <= 0) this.faults.splice(i, 1);
      return {
        status: f.status,
        headers: f.retryAfterSec !== undefined ? { "retry-after": String(f.retryAfterSec) } : undefined,
        body: f.body ?? javaError(f.status).body,
      };
    }
    if (this.random() < this.chaos.http429)
      return { status: 429, headers: { "retry-after": "1" }, body: javaError(429, "Too many requests").body };
    if (this.random() < this.chaos.http5xx) return { status: 502, body: "<html><body>502 Bad Gateway</body></html>" };
    return null;
  }

  /** The Smartlock object as GET /smartlock reports it (§2.2): type, config.timezoneId, keypad pairing, flags. */
  lockView(lock: SimLock) {
    const opener = lock.deviceType === OPENER;
    return {
      smartlockId: lock.smartlockId,
      accountId: lock.accountId,
      type: lock.deviceType,
      authId: 0,
      name: lock.name,
      favorite: false,
      config: {
        name: lock.name,
        timezoneId: timezoneIdOf(lock.timeZone),
        // Nuki reports the first keypad and a Keypad 2 in separate flags; either takes codes (§3.5).
        keypadPaired: lock.keypadPaired && !lock.keypad2,
        keypad2Paired: lock.keypadPaired && !!lock.keypad2,
        deviceType: lock.deviceType,
        ...(opener ? { operatingMode: 0 } : {}),
      },
      opener,
      keyturner: !opener && lock.deviceType !== 1,
      state: this.#state(lock),
      serverState: lock.serverState,
      adminPinState: 0,
      firmwareVersion: 199175,
      creationDate: "2025-01-01T00:00:00.000Z",
      updateDate: lock.updateDate,
    };
  }

  /** Visible auths: applied ones, plus in-flight creates when createVisibility is "immediately". */
  visibleAuths(filter: (a: SimAuth) => boolean = () => true): SimAuth[] {
    return [...this.auths.values()].filter(filter);
  }

  createAuths(body: Record<string, unknown>, smartlockIds: number[]): SimResponse {
    if (!Array.isArray(smartlockIds) || smartlockIds.length === 0)
      return javaError(400, "The supplied value for parameter 'smartlockIds' is not valid");
    // Validate every lock first: the multi-lock create is all-or-nothing here [INF; §6.3 caveat].
    for (const id of smartlockIds) {
      const lock = this.#lock(id);
      if (!lock) return javaError(403, `Smartlock ${id} is not in this account`);
      const bad = validateCreate(body, lock, this.#authsIncludingPendingCreates(id), this.config, (u) =>
        this.accountUsers.has(u),
      );
      if (bad) return bad;
    }
    for (const smartlockId of smartlockIds) {
      const id = this.newId();
      const op: PendingOp = {
        id: this.newId(),
        kind: "create",
        smartlockId,
        authId: id,
        body,
        acceptedAt: this.clock.now(),
        neverApply: this.#rollNeverApply(),
        stalled: this.#rollStall(),
      };
      if (this.config.createVisibility === "immediately")
        this.auths.set(id, this.#newAuth(id, smartlockId, body, op.id));
      this.pending.set(op.id, op);
      this.#scheduleApply(op);
    }
    return noContent;
  }

  updateAuth(smartlockId: number | null, id: string, body: Record<string, unknown>): SimResponse {
    const target = this.auths.get(id);
    if (!target || (smartlockId !== null && target.smartlockId !== smartlockId))
      return javaError(404, `Authorization ${id} not found`);
    // A listed create still travelling to the lock is held by its operation like any other change.
    if (target.operationId) return javaError(423);
    if (target.authId == null) return javaError(404, `Authorization ${id} not found`);
    const bad = validateUpdate(body, target, this.#authsIncludingPendingCreates(target.smartlockId));
    if (bad) return bad;
    this.#enqueue("update", target, body);
    return noContent;
  }

  deleteAuth(smartlockId: number | null, id: string): SimResponse {
    const target = this.auths.get(id);
    if (!target || (smartlockId !== null && target.smartlockId !== smartlockId))
      return javaError(404, `Authorization ${id} not found`);
    if (target.operationId) return javaError(423);
    this.#enqueue("delete", target, {});
    return noContent;
  }

  createAccountUser(body: Record<string, unknown>): SimResponse {
    if (typeof body.email !== "string" || !/^[^@\s]+@[^@\s]+$/.test(body.email))
      return javaError(400, `The supplied value '${String(body.email)}' for parameter 'email' is not valid`);
    if (typeof body.name !== "string" || !body.name)
      return javaError(400, "The supplied value 'null' for parameter 'name' is not valid");
    const existing = [...this.accountUsers.values()].find(
      (u) => u.email.toLowerCase() === (body.email as string).toLowerCase(),
    );
    if (existing) return javaError(409, "An account user with this email already exists");
    const user: NukiAccountUser = {
      accountUserId: 1000 + this.accountUsers.size + 1 + this.#seq++,
      accountId: this.accountId,
      type: 0,
      email: body.email,
      name: body.name,
      language: typeof body.language === "string" ? body.language : "en",
      creationDate: this.nowIso(),
      updateDate: this.nowIso(),
    };
    this.accountUsers.set(user.accountUserId, user);
    this.#emit("ACCOUNT_USER", { deleted: false, accountUser: user });
    return json(user);
  }

  deleteAccountUser(accountUserId: number): SimResponse {
    const user = this.accountUsers.get(accountUserId);
    if (!user) return javaError(404);
    this.accountUsers.delete(accountUserId);
    this.#emit("ACCOUNT_USER", { deleted: true, accountUser: user });
    return noContent;
  }

  // ── Internals ────────────────────────────────────────────────────────────

  #lock(id: number) {
    return this.locks.get(id);
  }

  #state(lock: SimLock) {
    if (lock.deviceType === OPENER)
      // Opener states differ from locks': 1 = online, no battery percentage or door sensor [§2.3].
      return { mode: 2, state: 1, trigger: 0, lastAction: 0, batteryCritical: lock.batteryCritical, nightMode: false };
    return {
      mode: 2,
      state: lock.lockState,
      trigger: 0,
      lastAction: lock.lockState === 1 ? 2 : 1,
      batteryCritical: lock.batteryCritical,
      batteryCharging: false,
      batteryCharge: lock.batteryCharge,
      keypadBatteryCritical: false,
      doorState: 2,
      nightMode: false,
    };
  }

  #authsIncludingPendingCreates(smartlockId: number): SimAuth[] {
    const applied = [...this.auths.values()].filter((a) => a.smartlockId === smartlockId);
    const creating = [...this.pending.values()]
      .filter((op) => op.kind === "create" && op.smartlockId === smartlockId && !this.auths.has(op.authId!))
      .map((op) => this.#newAuth(op.authId!, smartlockId, op.body, op.id));
    return [...applied, ...creating];
  }

  #newAuth(id: string, smartlockId: number, body: Record<string, unknown>, operationId: string | null): SimAuth {
    const now = this.nowIso();
    const type = (body.type as number) ?? 0;
    return {
      id,
      smartlockId,
      authId: null,
      type,
      name: body.name as string,
      accountUserId: type === AUTH_TYPE.app ? (body.accountUserId as number) : null,
      code: type === AUTH_TYPE.keypadCode ? (body.code as number) : null,
      enabled: true,
      remoteAllowed: body.remoteAllowed as boolean,
      lockCount: 0,
      allowedFromDate: (body.allowedFromDate as string) ?? null,
      allowedUntilDate: (body.allowedUntilDate as string) ?? null,
      allowedWeekDays: (body.allowedWeekDays as number) ?? null,
      allowedFromTime: (body.allowedFromTime as number) ?? null,
      allowedUntilTime: (body.allowedUntilTime as number) ?? null,
      creationDate: now,
      updateDate: now,
      operationId,
    };
  }

  #rollStall() {
    if (this.stallNextCreates > 0) {
      this.stallNextCreates--;
      return true;
    }
    return this.config.stallCreates;
  }

  #rollNeverApply() {
    if (this.neverApplyNext > 0) {
      this.neverApplyNext--;
      return true;
    }
    return this.random() < this.chaos.neverApply;
  }

  #enqueue(kind: "update" | "delete", target: SimAuth, body: Record<string, unknown>) {
    const op: PendingOp = {
      id: this.newId(),
      kind,
      smartlockId: target.smartlockId,
      authId: target.id,
      body,
      acceptedAt: this.clock.now(),
      neverApply: this.#rollNeverApply(),
    };
    target.operationId = op.id;
    this.pending.set(op.id, op);
    this.#scheduleApply(op);
  }

  #scheduleApply(op: PendingOp) {
    op.cancel?.();
    op.cancel = undefined;
    if (op.stalled) return; // waits for dailySync()
    const at = Math.max(this.clock.now(), op.acceptedAt + this.config.applyDelayMs);
    op.cancel = this.clock.schedule(at, () => {
      op.cancel = undefined;
      this.#settle(op);
    });
  }

  /** The moment the lock takes (or, for "never applied", silently loses) the change. */
  #settle(op: PendingOp) {
    const lock = this.#lock(op.smartlockId);
    if (!lock) {
      this.pending.delete(op.id);
      return;
    }
    if (lock.serverState !== 0) return; // stays pending; setOnline() reschedules it
    this.pending.delete(op.id);
    const target = op.authId ? this.auths.get(op.authId) : undefined;
    if (target && target.operationId === op.id) target.operationId = null;
    if (op.neverApply) {
      if (op.kind === "create" && target && target.authId == null) this.auths.delete(target.id);
      return;
    }
    const now = this.nowIso();
    if (op.kind === "create") {
      const auth = target ?? this.#newAuth(op.authId!, op.smartlockId, op.body, null);
      auth.operationId = null;
      auth.authId = lock.nextSlot++;
      auth.updateDate = now;
      this.auths.set(auth.id, auth);
      this.#emit("DEVICE_AUTHS", { deleted: false, smartlockAuth: auth });
    } else if (op.kind === "update" && target) {
      // Full replacement: a restriction left out of the body is cleared (forum/40095).
      for (const k of RESTRICTION_KEYS) (target as Record<string, unknown>)[k] = op.body[k] ?? null;
      target.name = op.body.name as string;
      if (typeof op.body.enabled === "boolean") target.enabled = op.body.enabled;
      if (typeof op.body.remoteAllowed === "boolean") target.remoteAllowed = op.body.remoteAllowed;
      if (op.body.code != null) target.code = op.body.code as number;
      target.updateDate = now;
      this.#emit("DEVICE_AUTHS", { deleted: false, smartlockAuth: target });
    } else if (op.kind === "delete" && target) {
      this.auths.delete(target.id);
      this.#emit("DEVICE_AUTHS", { deleted: true, smartlockAuth: { ...target, updateDate: now } });
    }
  }

  #emit(feature: string, payload: Record<string, unknown>) {
    if (feature === "DEVICE_AUTHS" && this.config.webhookBodies === "minimal") {
      const a = payload.smartlockAuth as SimAuth;
      const documented = {
        id: a.id,
        smartlockId: a.smartlockId,
        authId: a.authId,
        code: a.code,
        type: a.type,
        name: a.name,
      };
      payload = { ...payload, smartlockAuth: documented };
    }
    this.webhooks.emit(this.hooks, feature, payload);
  }
}
