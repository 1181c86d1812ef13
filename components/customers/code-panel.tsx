"use client";

import { useState } from "react";
import { regenerateCodeAction, revealCodesAction } from "@/app/actions/customers";
import type { RevealedCodes } from "@/lib/access/codes/reveal-codes";
import { useToast } from "@/components/ui/toast";

/** The keypad code, hidden until someone allowed to see it asks; regenerate for those who may change it. */
export function CodePanel({
  customerId,
  hasCode,
  canReveal,
  canRegenerate,
}: {
  customerId: string;
  hasCode: boolean;
  canReveal: boolean;
  canRegenerate: boolean;
}) {
  const [codes, setCodes] = useState<RevealedCodes | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  async function reveal() {
    setBusy(true);
    const r = await revealCodesAction({ customerId });
    setBusy(false);
    if (r.ok) setCodes(r.data);
    else toast({ tone: "error", message: r.error.message });
  }
  async function regenerate() {
    if (
      !window.confirm(
        "Give this customer a new keypad code on all their doors? The old code stops working as each lock confirms.",
      )
    )
      return;
    setBusy(true);
    const r = await regenerateCodeAction({ customerId });
    setBusy(false);
    setCodes(null);
    toast(
      r.ok
        ? { tone: "info", message: `New code sent to ${r.data.doors} door(s).` }
        : { tone: "error", message: r.error.message },
    );
  }
  return (
    <div className="space-y-2" data-testid="code-panel">
      <p className="font-mono text-2xl tracking-widest" aria-live="polite" data-testid="code-value">
        {codes?.code ? String(codes.code) : hasCode ? "••••••" : "—"}
      </p>
      {codes?.differs ? (
        <ul className="text-xs text-amber-800">
          {codes.doors
            .filter((d) => d.code !== codes.code)
            .map((d) => (
              <li key={d.doorName}>
                {d.doorName}: <span className="font-mono">{d.code}</span> (the usual code was taken on this lock)
              </li>
            ))}
        </ul>
      ) : null}
      <div className="flex gap-2">
        {canReveal && hasCode ? (
          <button type="button" className="btn-secondary py-1" onClick={reveal} disabled={busy}>
            {codes ? "Shown (audited)" : "Reveal code"}
          </button>
        ) : null}
        {!canReveal && hasCode ? (
          <p className="text-xs text-slate-500">Your role cannot reveal codes; a manager can.</p>
        ) : null}
        {canRegenerate && hasCode ? (
          <button type="button" className="btn-secondary py-1" onClick={regenerate} disabled={busy}>
            New code
          </button>
        ) : null}
      </div>
    </div>
  );
}
