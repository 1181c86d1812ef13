"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/actions/api-keys";
import { useToast } from "@/components/ui/toast";

/** Create a key; its secret is shown here once (it is stored hashed and cannot be shown again). */
export function ApiKeyCreateForm() {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "read_write">("read_write");
  const [expiresOn, setExpiresOn] = useState("");
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [saving, setSaving] = useState(false);
  // Until React has hydrated, a click would submit the form natively (a GET with the values in the URL).
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    // The expiry is a whole day: the key works through the end of that day in this browser's zone.
    const expiresAt = expiresOn ? new Date(`${expiresOn}T23:59:59`) : null;
    const r = await createApiKeyAction({ name, scope, expiresAt });
    setSaving(false);
    if (!r.ok) {
      setErrors(r.error.fieldErrors ?? {});
      toast({ tone: "error", message: r.error.message });
      return;
    }
    setErrors({});
    setCreated({ key: r.data.key, name });
    setName("");
    router.refresh();
  };

  return (
    <div className="space-y-4">
      {created ? (
        <div className="rounded border border-amber-300 bg-amber-50 p-3" role="status" data-testid="api-key-secret">
          <p className="text-sm font-medium">
            Copy the key for “{created.name}” now — Portier keeps only a hash and cannot show it again.
          </p>
          <code className="mt-2 block select-all break-all rounded bg-white p-2 text-sm">{created.key}</code>
          <div className="mt-2 flex gap-2">
            <button
              type="button"
              className="btn-secondary py-1"
              onClick={() =>
                navigator.clipboard
                  ?.writeText(created.key)
                  .then(() => toast({ tone: "info", message: "Key copied." }))
                  .catch(() => toast({ tone: "error", message: "Copy failed; select the key and copy it by hand." }))
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
      <form onSubmit={save} className="flex flex-wrap items-end gap-4" data-testid="api-key-form">
        <div>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium">
            Name
          </label>
          <input
            id={`${id}-name`}
            className="input mt-1 w-64"
            required
            maxLength={80}
            placeholder="e.g. Booking PMS"
            value={name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-name-error` : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {errors.name ? (
            <p id={`${id}-name-error`} className="field-error">
              {errors.name.join(" ")}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor={`${id}-scope`} className="block text-sm font-medium">
            Scope
          </label>
          <select
            id={`${id}-scope`}
            className="input mt-1 w-auto"
            value={scope}
            onChange={(e) => setScope(e.target.value as "read" | "read_write")}
          >
            <option value="read_write">read and write</option>
            <option value="read">read only</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-expires`} className="block text-sm font-medium">
            Expires (optional)
          </label>
          <input
            id={`${id}-expires`}
            type="date"
            className="input mt-1 w-auto"
            value={expiresOn}
            aria-invalid={errors.expiresAt ? true : undefined}
            onChange={(e) => setExpiresOn(e.target.value)}
          />
          {errors.expiresAt ? <p className="field-error">{errors.expiresAt.join(" ")}</p> : null}
        </div>
        <button type="submit" className="btn-primary" disabled={!ready || saving}>
          {saving ? "Creating…" : "Create key"}
        </button>
      </form>
    </div>
  );
}

export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const toast = useToast();
  const revoke = async () => {
    if (!window.confirm(`Revoke “${name}”? Systems using it stop working at once.`)) return;
    const r = await revokeApiKeyAction({ id });
    if (!r.ok) toast({ tone: "error", message: r.error.message });
    else toast({ tone: "info", message: `“${name}” revoked.` });
    router.refresh();
  };
  return (
    <button type="button" className="btn-secondary py-1" onClick={() => void revoke()}>
      Revoke
    </button>
  );
}
