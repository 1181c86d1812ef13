"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { updateSiteDeliveryAction } from "@/app/actions/sites";
import type { ActionError } from "@/lib/actions/action-result";
import { CODE_MARKER_RE, type MessageValues, PLACEHOLDERS, renderMessage } from "@/lib/model/message-templates";
import type { SiteDeliveryFormValues } from "@/lib/access/sites/schemas";

type Values = {
  leadHours: string;
  deadlineHours: string;
  subject: string;
  text: string;
  html: string;
  deskContact: string;
};

/**
 * The site's guest message: when it goes out, when the desk is alerted instead, and its wording, with
 * a live preview filled with sample values (escaped exactly as the delivery job escapes them). The
 * HTML preview runs in a sandboxed frame: an admin's markup cannot script the page.
 */
export function SiteDeliveryForm({
  siteId,
  version,
  initial,
  sample,
  canWrite,
}: {
  siteId: string;
  version: number;
  initial: SiteDeliveryFormValues;
  sample: MessageValues;
  canWrite: boolean;
}) {
  const id = useId();
  const router = useRouter();
  const [v, setV] = useState<Values>({
    ...initial,
    leadHours: String(initial.leadHours),
    deadlineHours: String(initial.deadlineHours),
  });
  const [error, setError] = useState<ActionError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const preview = useMemo(() => {
    const m = renderMessage(
      { subject: v.subject, text: v.text, html: v.html },
      { ...sample, desk_contact: v.deskContact || sample.desk_contact },
    );
    const code = (s: string) => s.replace(CODE_MARKER_RE, "123456");
    return { subject: code(m.subject), text: code(m.text), html: code(m.html) };
  }, [v, sample]);
  const field = (k: keyof Values) => error?.fieldErrors?.[`settings.${k}`]?.[0];
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    const r = await updateSiteDeliveryAction({
      siteId,
      expectedVersion: version,
      settings: { ...v, leadHours: Number(v.leadHours), deadlineHours: Number(v.deadlineHours) },
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setSaved(true);
    router.refresh();
  }
  const label = (k: keyof Values, text: string) => (
    <label htmlFor={`${id}-${k}`} className="block text-sm font-medium">
      {text}
    </label>
  );
  const err = (k: keyof Values) => (field(k) ? <p className="field-error">{field(k)}</p> : null);
  const input = (k: keyof Values, text: string, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      {label(k, text)}
      <input
        id={`${id}-${k}`}
        className="input mt-1"
        value={v[k]}
        onChange={(e) => setV({ ...v, [k]: e.target.value })}
        aria-invalid={!!field(k)}
        disabled={!canWrite}
        {...extra}
      />
      {err(k)}
    </div>
  );
  const area = (k: keyof Values, text: string) => (
    <div>
      {label(k, text)}
      <textarea
        id={`${id}-${k}`}
        className="input mt-1 h-40 font-mono text-xs"
        value={v[k]}
        onChange={(e) => setV({ ...v, [k]: e.target.value })}
        aria-invalid={!!field(k)}
        disabled={!canWrite}
      />
      {err(k)}
    </div>
  );
  return (
    <section className="card p-4" aria-labelledby={`${id}-t`} data-testid="site-delivery">
      <h2 id={`${id}-t`} className="font-semibold">
        Guest access message
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        Sent once the lock has confirmed every door of the arrival, and not before the lead time. Not confirmed by the
        deadline: the guest gets nothing and the desk is alerted (sent later if the lock confirms before arrival).
      </p>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <form onSubmit={submit} className="space-y-3">
          <div className="grid grid-cols-2 gap-3">
            {input("leadHours", "Send (hours before arrival)", { inputMode: "decimal" })}
            {input("deadlineHours", "Deadline (hours before arrival)", { inputMode: "decimal" })}
          </div>
          {input("deskContact", "Desk contact (empty = the front-desk email)", { placeholder: sample.desk_contact })}
          {input("subject", "Subject")}
          {area("text", "Plain text")}
          {area("html", "HTML")}
          <p className="text-xs text-slate-500">
            Placeholders:{" "}
            {Object.entries(PLACEHOLDERS).map(([k, what]) => (
              <span key={k} title={what} className="mr-2 font-mono">{`{{${k}}}`}</span>
            ))}
          </p>
          {error && !error.fieldErrors ? (
            <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800">
              {error.message}
            </p>
          ) : null}
          {canWrite ? (
            <div className="flex items-center justify-end gap-2">
              {saved ? <span className="text-sm text-slate-600">Saved.</span> : null}
              <button type="submit" className="btn-primary" disabled={busy}>
                {busy ? "Saving…" : "Save message"}
              </button>
            </div>
          ) : null}
        </form>
        <div className="space-y-2" aria-live="polite">
          <h3 className="text-sm font-medium">Preview (sample guest and code)</h3>
          <p className="text-sm" data-testid="preview-subject">
            <span className="text-slate-500">Subject:</span> {preview.subject}
          </p>
          <pre className="whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs" data-testid="preview-text">
            {preview.text}
          </pre>
          <iframe
            title="HTML preview"
            sandbox=""
            srcDoc={preview.html}
            className="h-64 w-full rounded border border-slate-200 bg-white"
            data-testid="preview-html"
          />
        </div>
      </div>
    </section>
  );
}
