"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import {
  createWebhookEndpointAction,
  resendWebhookDeliveryAction,
  updateWebhookEndpointAction,
} from "@/app/actions/webhooks";
import { useToast } from "@/components/ui/toast";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType, webhookEventTypeList } from "@/lib/model/webhook-events";

/** Register an endpoint; its `whsec_` signing secret is shown here once. */
export function WebhookEndpointForm() {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<Set<WebhookEventType>>(new Set(webhookEventTypeList));
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [created, setCreated] = useState<{ secret: string; url: string } | null>(null);
  const [saving, setSaving] = useState(false);
  // Until React has hydrated, a click would submit the form natively.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const toggle = (t: WebhookEventType) =>
    setEvents((s) => {
      const next = new Set(s);
      if (next.has(t)) next.delete(t);
      else next.add(t);
      return next;
    });

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const r = await createWebhookEndpointAction({ url, description, eventTypes: [...events] });
    setSaving(false);
    if (!r.ok) {
      setErrors(r.error.fieldErrors ?? { url: [r.error.message] });
      toast({ tone: "error", message: r.error.message });
      return;
    }
    setErrors({});
    setCreated({ secret: r.data.secret, url });
    setUrl("");
    setDescription("");
    router.refresh();
  };

  return (
    <div className="space-y-4">
      {created ? (
        <div className="rounded border border-amber-300 bg-amber-50 p-3" role="status" data-testid="webhook-secret">
          <p className="text-sm font-medium">
            Copy the signing secret for {created.url} now — it is not shown again. Your receiver verifies each
            delivery's <code>webhook-signature</code> with it (any Standard Webhooks library).
          </p>
          <code className="mt-2 block select-all break-all rounded bg-white p-2 text-sm">{created.secret}</code>
          <div className="mt-2 flex gap-2">
            <button
              type="button"
              className="btn-secondary py-1"
              onClick={() =>
                navigator.clipboard
                  ?.writeText(created.secret)
                  .then(() => toast({ tone: "info", message: "Secret copied." }))
                  .catch(() => toast({ tone: "error", message: "Copy failed; select the secret and copy it by hand." }))
              }
            >
              Copy
            </button>
            <button type="button" className="btn-secondary py-1" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      <form onSubmit={save} className="space-y-4" data-testid="webhook-endpoint-form">
        <div className="flex flex-wrap items-end gap-4">
          <div className="w-full sm:w-auto">
            <label htmlFor={`${id}-url`} className="block text-sm font-medium">
              Receiver URL
            </label>
            <input
              id={`${id}-url`}
              className="input mt-1 w-full sm:w-96"
              required
              type="url"
              maxLength={2000}
              placeholder="https://pms.example.com/hooks/portier"
              value={url}
              aria-invalid={errors.url ? true : undefined}
              aria-describedby={errors.url ? `${id}-url-error` : undefined}
              onChange={(e) => setUrl(e.target.value)}
            />
            {errors.url ? (
              <p id={`${id}-url-error`} className="field-error">
                {errors.url.join(" ")}
              </p>
            ) : null}
          </div>
          <div className="w-full sm:w-auto">
            <label htmlFor={`${id}-description`} className="block text-sm font-medium">
              Description (optional)
            </label>
            <input
              id={`${id}-description`}
              className="input mt-1 w-full sm:w-64"
              maxLength={200}
              placeholder="e.g. Booking PMS"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
        </div>
        <fieldset>
          <legend className="text-sm font-medium">Events</legend>
          <div className="mt-1 grid grid-cols-1 gap-1 sm:grid-cols-3">
            {webhookEventTypeList.map((t) => (
              <label key={t} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={events.has(t)} onChange={() => toggle(t)} />
                {WEBHOOK_EVENT_TYPES[t]} <code className="text-xs text-slate-500">{t}</code>
              </label>
            ))}
          </div>
          {errors.eventTypes ? <p className="field-error">{errors.eventTypes.join(" ")}</p> : null}
        </fieldset>
        <button type="submit" className="btn-primary" disabled={!ready || saving || events.size === 0}>
          {saving ? "Adding…" : "Add endpoint"}
        </button>
      </form>
    </div>
  );
}

/** Enable or disable: a disabled endpoint gets nothing; what it missed waits (up to 24 h) until it is enabled again. */
export function WebhookEnabledToggle({ id, version, enabled }: { id: string; version: number; enabled: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const flip = async () => {
    setBusy(true);
    const r = await updateWebhookEndpointAction({ id, expectedVersion: version, enabled: !enabled });
    setBusy(false);
    if (!r.ok) toast({ tone: "error", message: r.error.message });
    router.refresh();
  };
  return (
    <button type="button" className="btn-secondary py-1" disabled={busy} onClick={() => void flip()}>
      {enabled ? "Disable" : "Enable"}
    </button>
  );
}

/** Send again: a new attempt with the same webhook-id, so a receiver that already has it can drop it. */
export function ResendDeliveryButton({ id }: { id: string }) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const resend = async () => {
    setBusy(true);
    const r = await resendWebhookDeliveryAction({ id });
    setBusy(false);
    if (!r.ok) toast({ tone: "error", message: r.error.message });
    else toast({ tone: "info", message: "Queued; it goes out within a few seconds." });
    router.refresh();
  };
  return (
    <button type="button" className="btn-secondary py-1" disabled={busy} onClick={() => void resend()}>
      Send again
    </button>
  );
}
