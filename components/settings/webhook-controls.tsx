"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  rotateWebhookSecretAction,
  updateWebhookEndpointAction,
} from "@/app/actions/webhooks";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType, webhookEventTypeList } from "@/lib/model/webhook-events";
import { ActionButton } from "./action-button";
import { OneTimeSecret } from "./one-time-secret";

export type EditableEndpoint = {
  id: string;
  version: number;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
};

/**
 * Register an endpoint (its `whsec_` signing secret is shown here once), or — given `editing` —
 * change its URL, description, events and whether it is enabled. An edit carries the version the
 * page showed: if someone changed the endpoint meanwhile, nothing is saved and the page reloads
 * with their change.
 */
export function WebhookEndpointForm({ editing }: { editing?: EditableEndpoint }) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [url, setUrl] = useState(editing?.url ?? "");
  const [description, setDescription] = useState(editing?.description ?? "");
  const [events, setEvents] = useState<Set<WebhookEventType>>(
    new Set(editing ? (editing.eventTypes as WebhookEventType[]) : webhookEventTypeList),
  );
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [created, setCreated] = useState<{ secret: string; url: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const ready = useHydrated();

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
    const fields = { url, description, eventTypes: [...events] };
    const r = editing
      ? await updateWebhookEndpointAction({ id: editing.id, expectedVersion: editing.version, ...fields, enabled })
      : await createWebhookEndpointAction(fields);
    setSaving(false);
    if (!r.ok) {
      setErrors(r.error.fieldErrors ?? (r.error.code === "INVALID_INPUT" ? { url: [r.error.message] } : {}));
      toast({ tone: "error", message: r.error.message });
      if (r.error.code === "CONFLICT" || r.error.code === "NOT_FOUND") router.refresh();
      return;
    }
    setErrors({});
    if (editing) {
      toast({ tone: "info", message: "Endpoint saved." });
      router.push("/settings/webhooks");
    } else if ("secret" in r.data) {
      setCreated({ secret: r.data.secret, url });
      setUrl("");
      setDescription("");
    }
    router.refresh();
  };

  return (
    <div className="space-y-4">
      {created ? (
        <OneTimeSecret secret={created.secret} testId="webhook-secret" noun="Secret" onDone={() => setCreated(null)}>
          Copy the signing secret for {created.url} now — it is not shown again. Your receiver verifies each delivery's{" "}
          <code>webhook-signature</code> with it (any Standard Webhooks library).
        </OneTimeSecret>
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
              aria-invalid={errors.description ? true : undefined}
              onChange={(e) => setDescription(e.target.value)}
            />
            {errors.description ? <p className="field-error">{errors.description.join(" ")}</p> : null}
          </div>
          {editing ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
              Enabled
            </label>
          ) : null}
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
        <div className="flex gap-2">
          <button type="submit" className="btn-primary" disabled={!ready || saving || events.size === 0}>
            {editing ? (saving ? "Saving…" : "Save changes") : saving ? "Adding…" : "Add endpoint"}
          </button>
          {editing ? (
            <Link className="btn-secondary" href="/settings/webhooks">
              Cancel
            </Link>
          ) : null}
        </div>
      </form>
    </div>
  );
}

/** Enable or disable: a disabled endpoint gets nothing; what it missed waits (up to 24 h) until it is enabled again. */
export function WebhookEnabledToggle({ id, version, enabled }: { id: string; version: number; enabled: boolean }) {
  return (
    <ActionButton
      label={enabled ? "Disable" : "Enable"}
      run={() => updateWebhookEndpointAction({ id, expectedVersion: version, enabled: !enabled })}
    />
  );
}

/** Delete: the endpoint and its delivery log go, waiting deliveries included (said before asking). */
export function DeleteEndpointButton({ id, version, url }: { id: string; version: number; url: string }) {
  return (
    <ActionButton
      label="Delete"
      confirm={`Delete the endpoint ${url}? Its delivery log goes with it, and deliveries still waiting are dropped.`}
      success="Endpoint deleted."
      href="/settings/webhooks"
      run={() => deleteWebhookEndpointAction({ id, expectedVersion: version })}
    />
  );
}

/**
 * Rotate the signing secret: the new one is shown here once; the old one keeps signing next to it
 * for the hours chosen (a day by default), so the receiver can switch without missing a delivery.
 */
export function RotateSecretControl({ id, version, url }: { id: string; version: number; url: string }) {
  const fieldId = useId();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [hours, setHours] = useState("24");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rotated, setRotated] = useState<{ secret: string; until: string | null } | null>(null);
  const ready = useHydrated();

  const rotate = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const r = await rotateWebhookSecretAction({ id, expectedVersion: version, graceHours: Number(hours) });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.fieldErrors?.graceHours?.join(" ") ?? r.error.message);
      toast({ tone: "error", message: r.error.message });
      router.refresh();
      return;
    }
    setError(null);
    setOpen(false);
    setRotated({
      secret: r.data.secret,
      // The page states when (on the building's clock) once it has reloaded; here only whether.
      until: r.data.previousSecretExpiresAt ? "set" : null,
    });
    router.refresh();
  };

  if (rotated)
    return (
      <OneTimeSecret
        secret={rotated.secret}
        testId="webhook-rotated-secret"
        noun="Secret"
        onDone={() => setRotated(null)}
      >
        New signing secret for {url} — it is not shown again.{" "}
        {rotated.until
          ? "Until the time stated above every delivery carries two signatures, one per secret: switch your receiver before then."
          : "The old secret no longer signs."}
      </OneTimeSecret>
    );
  if (!open)
    return (
      <button type="button" className="btn-secondary py-1" onClick={() => setOpen(true)}>
        Rotate secret
      </button>
    );
  return (
    <form onSubmit={rotate} className="flex flex-wrap items-end gap-2" data-testid="rotate-secret-form">
      <div>
        <label htmlFor={`${fieldId}-hours`} className="block text-xs font-medium">
          Old secret stays valid (hours)
        </label>
        <input
          id={`${fieldId}-hours`}
          type="number"
          inputMode="numeric"
          min={0}
          max={168}
          required
          className="input mt-1 w-24"
          value={hours}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
          onChange={(e) => setHours(e.target.value)}
        />
        {error ? (
          <p id={`${fieldId}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="btn-primary py-1" disabled={!ready || busy}>
        {busy ? "Rotating…" : "Rotate"}
      </button>
      <button type="button" className="btn-secondary py-1" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

/** Send again: a new attempt with the same webhook-id, so a receiver that already has it can drop it. */
export function ResendDeliveryButton({ id }: { id: string }) {
  return (
    <ActionButton
      label="Send again"
      success="Queued; it goes out within a few seconds."
      run={() => resendWebhookDeliveryAction({ id })}
    />
  );
}
