"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { adoptAuthAction } from "@/app/actions/adopt";
import { useToast } from "@/components/ui/toast";

export type AdoptCustomerOption = { id: string; name: string; email: string; preferredCredential: "app" | "keypad" };

/**
 * Adopt one auth: to an existing customer (only those on the same credential kind are offered — Portier keeps one
 * kind per customer) or a new one named after the auth. The server re-checks everything and says why it refuses.
 */
export function AdoptForm(p: {
  unmanagedId: string;
  version: number;
  authName: string;
  kind: "app" | "keypad";
  accountUserEmail: string | null;
  suggestedCustomerId: string | null;
  customers: AdoptCustomerOption[];
  onDone: () => void;
}) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [mode, setMode] = useState<"existing" | "new">(
    p.suggestedCustomerId || p.customers.length ? "existing" : "new",
  );
  const [search, setSearch] = useState("");
  const [customerId, setCustomerId] = useState(p.suggestedCustomerId ?? "");
  const [name, setName] = useState(p.authName);
  const [email, setEmail] = useState(p.accountUserEmail ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const eligible = useMemo(() => {
    const q = search.trim().toLowerCase();
    return p.customers
      .filter((c) => c.preferredCredential === p.kind)
      .filter((c) => !q || c.name.toLowerCase().includes(q) || c.email.toLowerCase().includes(q))
      .slice(0, 50);
  }, [p.customers, p.kind, search]);

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    const r = await adoptAuthAction({
      unmanagedId: p.unmanagedId,
      expectedVersion: p.version,
      customer: mode === "existing" ? { id: customerId } : { create: { name, email } },
    });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    toast({ tone: "info", message: `“${p.authName}” is managed by Portier now; its windows are on the calendar.` });
    p.onDone();
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-2 rounded-md bg-slate-50 p-3 text-sm" data-testid="adopt-form">
      <fieldset className="flex flex-wrap gap-4">
        <legend className="sr-only">Adopt to</legend>
        <label className="inline-flex items-center gap-1">
          <input type="radio" name={`${id}-mode`} checked={mode === "existing"} onChange={() => setMode("existing")} />
          Existing customer
        </label>
        <label className="inline-flex items-center gap-1">
          <input type="radio" name={`${id}-mode`} checked={mode === "new"} onChange={() => setMode("new")} />
          New customer
        </label>
      </fieldset>
      {mode === "existing" ? (
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col gap-1">
            <span>Search</span>
            <input
              className="input"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Name or email"
            />
          </label>
          <label className="flex flex-col gap-1">
            <span>Customer ({p.kind === "app" ? "app invites" : "keypad codes"})</span>
            <select className="input" value={customerId} onChange={(e) => setCustomerId(e.target.value)} required>
              <option value="">Choose…</option>
              {eligible.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} · {c.email}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col gap-1">
            <span>Name</span>
            <input className="input" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
          </label>
          <label className="flex flex-col gap-1">
            <span>Email</span>
            <input className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </label>
        </div>
      )}
      {error ? (
        <p role="alert" className="text-red-800">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary py-1" disabled={busy}>
          Adopt
        </button>
        <button type="button" className="btn-secondary py-1" onClick={p.onDone}>
          Cancel
        </button>
      </div>
      <p className="text-xs text-slate-600">
        Nothing is created on the lock: Portier keeps this authorization{p.kind === "keypad" ? " and its code" : ""},
        turns its time restriction into windows, and only renames it to carry Portier&apos;s tag.
      </p>
    </form>
  );
}
