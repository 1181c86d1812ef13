"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { updateRetentionAction } from "@/app/actions/settings";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";

type Periods = {
  lockEventsDays: number;
  webhookInboxDays: number;
  loginAttemptsDays: number;
  outboxDays: number;
  loginLinksDays: number;
  webhookDeliveriesDays: number;
  apiUsageDays: number;
  bulkJobsDays: number;
};

const FIELDS: { key: keyof Periods; label: string; hint: string; min: number }[] = [
  { key: "lockEventsDays", label: "Lock activity", hint: "Who entered which door when (Activity page, CSV).", min: 7 },
  { key: "webhookInboxDays", label: "Webhook inbox", hint: "Applied deliveries from Nuki.", min: 7 },
  { key: "loginAttemptsDays", label: "Sign-in attempts", hint: "Used by the sign-in throttle and for review.", min: 2 },
  { key: "outboxDays", label: "Sent email", hint: "Counted from when it was sent.", min: 7 },
  { key: "loginLinksDays", label: "Used or expired sign-in links", hint: "Customers' one-time links.", min: 2 },
  {
    key: "webhookDeliveriesDays",
    label: "Outgoing webhook deliveries",
    hint: "Delivered or given up, counted from when queued; waiting ones are kept.",
    min: 2,
  },
  {
    key: "apiUsageDays",
    label: "API usage counts",
    hint: "Hourly read counts per key, and Idempotency-Key records.",
    min: 2,
  },
  {
    key: "bulkJobsDays",
    label: "Finished bulk jobs",
    hint: "Counted from when they finished; running ones are kept.",
    min: 7,
  },
];

export function RetentionForm({ periods }: { periods: Periods }) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [values, setValues] = useState<Record<keyof Periods, string>>(
    Object.fromEntries(Object.entries(periods).map(([k, v]) => [k, String(v)])) as Record<keyof Periods, string>,
  );
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [saving, setSaving] = useState(false);
  const ready = useHydrated();

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const r = await updateRetentionAction(
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)])) as Periods,
    );
    setSaving(false);
    if (!r.ok) {
      setErrors(r.error.fieldErrors ?? {});
      toast({ tone: "error", message: r.error.message });
      return;
    }
    setErrors({});
    toast({ tone: "info", message: "Retention periods saved." });
    router.refresh();
  };

  return (
    <form onSubmit={save} className="space-y-4" data-testid="retention-form">
      {FIELDS.map((f) => (
        <div key={f.key}>
          <label htmlFor={`${id}-${f.key}`} className="block text-sm font-medium">
            {f.label} (days)
          </label>
          <input
            id={`${id}-${f.key}`}
            name={f.key}
            type="number"
            inputMode="numeric"
            min={f.min}
            max={3650}
            required
            className="input mt-1 w-32"
            aria-describedby={`${id}-${f.key}-hint`}
            aria-invalid={errors[f.key] ? true : undefined}
            value={values[f.key]}
            onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
          />
          <p id={`${id}-${f.key}-hint`} className="mt-1 text-xs text-slate-500">
            {errors[f.key]?.join(" ") ?? `${f.hint} At least ${f.min} days.`}
          </p>
        </div>
      ))}
      <button type="submit" className="btn-primary" disabled={!ready || saving}>
        {saving ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
