"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { bulkAdoptAction } from "@/app/actions/adopt";

/** "Adopt app users whose email matches a customer": one click, then what was adopted and what was skipped, and why. */
export function BulkAdoptButton({ doorId, matches }: { doorId?: string; matches: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setBusy(true);
    setError(null);
    const r = await bulkAdoptAction(doorId ? { doorId } : {});
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setResult([
      `Adopted ${r.data.adopted.length}: ${r.data.adopted.map((a) => `${a.name} → ${a.customerName} (${a.doorName})`).join("; ") || "none"}.`,
      ...r.data.skipped.map((s) => `Skipped ${s.name} (${s.doorName}): ${s.reason}`),
    ]);
    router.refresh();
  }

  return (
    <div className="space-y-1 text-sm" data-testid="bulk-adopt">
      <button type="button" className="btn-primary" disabled={busy || matches === 0} onClick={() => void run()}>
        Adopt app users whose email matches a customer ({matches})
      </button>
      {error ? (
        <p role="alert" className="text-red-800">
          {error}
        </p>
      ) : null}
      {result ? (
        <ul role="status" className="list-disc pl-5 text-slate-700">
          {result.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
