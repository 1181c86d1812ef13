"use client";

import { useState } from "react";
import { createIcalLinkAction, requestNewInviteAction, revealMyCodeAction } from "@/app/(portal)/portal/actions";
import type { RevealedCodes } from "@/lib/access/codes/reveal-codes";

export function RevealMyCode() {
  const [codes, setCodes] = useState<RevealedCodes | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2" data-testid="my-code">
      <p className="font-mono text-3xl tracking-widest" aria-live="polite" data-testid="my-code-value">
        {codes?.code ? String(codes.code) : "••••••"}
      </p>
      {codes?.differs ? (
        <ul className="text-sm text-amber-800">
          {codes.doors
            .filter((d) => d.code !== codes.code)
            .map((d) => (
              <li key={d.doorName}>
                At {d.doorName} use <span className="font-mono">{d.code}</span>.
              </li>
            ))}
        </ul>
      ) : null}
      {!codes ? (
        <button
          type="button"
          className="btn-secondary"
          onClick={async () => {
            const r = await revealMyCodeAction({});
            if (r.ok) setCodes(r.data);
            else setError(r.error.message);
          }}
        >
          Show my code
        </button>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function RequestInvite({ grantId }: { grantId: string }) {
  const [done, setDone] = useState(false);
  return done ? (
    <span className="text-xs text-slate-600">The front desk has been asked.</span>
  ) : (
    <button
      type="button"
      className="btn-secondary px-2 py-0.5 text-xs"
      onClick={async () => {
        const r = await requestNewInviteAction({ grantId });
        setDone(r.ok);
      }}
    >
      Ask for a new invite
    </button>
  );
}

export function IcalLink() {
  const [url, setUrl] = useState<string | null>(null);
  return url ? (
    <p className="text-sm">
      Add this address to your calendar app (keep it private):{" "}
      <code className="break-all rounded bg-slate-100 px-1" data-testid="ical-url">
        {url}
      </code>
    </p>
  ) : (
    <button
      type="button"
      className="btn-secondary"
      onClick={async () => {
        const r = await createIcalLinkAction({});
        if (r.ok) setUrl(r.data.url);
      }}
    >
      Get a calendar feed link
    </button>
  );
}
