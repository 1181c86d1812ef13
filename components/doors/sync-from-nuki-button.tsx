"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { type LockSyncSummary, syncFromNukiAction } from "@/app/actions/doors";

const list = (label: string, names: string[]) => (names.length ? `${label}: ${names.join(", ")}` : null);

/** One sentence per kind of change, so the admin sees what the sync did without opening the audit. */
export function summarize(s: LockSyncSummary): string {
  if (s.emptyListIgnored)
    return "Nuki listed no devices at all for this token, so nothing was archived. Check that the token belongs to the building's Nuki account.";
  const parts = [
    list("New, awaiting a site", s.added),
    list("Renamed", s.renamed),
    list("Archived (removed from Nuki)", s.archived),
    list("Back in the account", s.restored),
    list("Device or keypad changed", s.changed),
  ].filter(Boolean);
  return `Read ${s.locks} device${s.locks === 1 ? "" : "s"} from Nuki. ${parts.length ? parts.join(". ") : "Everything was already in step"}.`;
}

/** "Sync from Nuki" (admins): the result, or Nuki's refusal of the token, stays on the page until the next run. */
export function SyncFromNukiButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const run = async () => {
    setBusy(true);
    const r = await syncFromNukiAction({});
    setBusy(false);
    setResult(r.ok ? { tone: "ok", text: summarize(r.data) } : { tone: "error", text: r.error.message });
    router.refresh();
  };
  return (
    <div className="flex flex-col items-end gap-2">
      <button type="button" className="btn btn-primary" onClick={run} disabled={busy} data-testid="sync-from-nuki">
        {busy ? "Syncing…" : "Sync from Nuki"}
      </button>
      {result && (
        <p
          role={result.tone === "error" ? "alert" : "status"}
          className={`max-w-xl text-right text-sm ${result.tone === "error" ? "text-red-700" : "text-slate-600"}`}
          data-testid="sync-result"
        >
          {result.text}
        </p>
      )}
    </div>
  );
}
