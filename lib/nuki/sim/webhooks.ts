import { signNukiWebhook } from "../webhook";
import type { SimClock } from "./clock";
import type { Chaos, Webhook } from "./types";

export type Delivery = { feature: string; status: number | "dropped" | "error"; at: number };
export type WebhookScript = { drop: number; duplicate: number; reorder: number; delayMs: number };

/**
 * Posts signed device webhooks like Nuki does (§5.3/5.4): raw JSON, `X-Nuki-Signature-SHA256`.
 * Nuki documents no retries or ordering, so delivery here is best-effort and scriptable: drop,
 * duplicate, delay or reorder the next N deliveries, or roll dice with the chaos settings.
 */
export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  readonly script: WebhookScript = { drop: 0, duplicate: 0, reorder: 0, delayMs: 0 };
  #held: (() => void) | null = null;
  #scheduled = new Set<() => void>();
  #inFlight = new Set<Promise<void>>();

  constructor(
    private readonly clock: SimClock,
    private readonly fetchImpl: typeof fetch,
    private readonly random: () => number,
    private readonly chaos: () => Chaos,
    private readonly baseDelayMs: () => number,
  ) {}

  emit(hooks: Webhook[], feature: string, payload: Record<string, unknown>) {
    for (const hook of hooks) {
      if (!hook.features.includes(feature as Webhook["features"][number])) continue;
      const body = JSON.stringify({ feature, ...payload });
      const send = () => this.#post(hook, feature, body);
      const c = this.chaos();
      if (this.script.drop > 0 || this.random() < c.webhookDrop) {
        if (this.script.drop > 0) this.script.drop--;
        this.deliveries.push({ feature, status: "dropped", at: this.clock.now() });
        continue;
      }
      const copies = this.script.duplicate > 0 || this.random() < c.webhookDuplicate ? 2 : 1;
      if (this.script.duplicate > 0) this.script.duplicate--;
      const delay = this.baseDelayMs() + this.script.delayMs;
      for (let i = 0; i < copies; i++) {
        if (this.script.reorder > 0 || this.random() < c.webhookReorder) {
          // Hold this one back; it goes out right after the next delivery.
          if (this.script.reorder > 0) this.script.reorder--;
          const prev = this.#held;
          this.#held = () => {
            prev?.();
            send();
          };
          continue;
        }
        const cancel = this.clock.schedule(this.clock.now() + delay, () => {
          this.#scheduled.delete(cancel);
          send();
          const held = this.#held;
          this.#held = null;
          held?.();
        });
        this.#scheduled.add(cancel);
      }
    }
  }

  /** Forgets everything not yet sent (simulator reset). */
  reset() {
    for (const cancel of this.#scheduled) cancel();
    this.#scheduled.clear();
    this.#held = null;
    Object.assign(this.script, { drop: 0, duplicate: 0, reorder: 0, delayMs: 0 });
  }

  /** Releases held (reordered) deliveries and waits for every POST in flight. */
  async settle() {
    const held = this.#held;
    this.#held = null;
    held?.();
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }

  #post(hook: Webhook, feature: string, body: string) {
    const p = this.fetchImpl(hook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=UTF-8",
        "x-nuki-signature-sha256": signNukiWebhook(body, hook.secret),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (res) => {
        await res.arrayBuffer().catch(() => {});
        this.deliveries.push({ feature, status: res.status, at: this.clock.now() });
      })
      .catch(() => {
        this.deliveries.push({ feature, status: "error", at: this.clock.now() });
      })
      .finally(() => this.#inFlight.delete(p));
    this.#inFlight.add(p);
  }
}
