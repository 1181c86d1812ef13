"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/actions/api-keys";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { ActionButton } from "./action-button";
import { OneTimeSecret } from "./one-time-secret";

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
  const ready = useHydrated();

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
        <OneTimeSecret secret={created.key} testId="api-key-secret" noun="Key" onDone={() => setCreated(null)}>
          Copy the key for “{created.name}” now — Portier keeps only a hash and cannot show it again.
        </OneTimeSecret>
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
  return (
    <ActionButton
      label="Revoke"
      confirm={`Revoke “${name}”? Systems using it stop working at once.`}
      success={`“${name}” revoked.`}
      run={() => revokeApiKeyAction({ id })}
    />
  );
}
