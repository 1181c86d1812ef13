import type { SyncState } from "@/lib/access/views/calendar-view";

// Colour is never the only signal: each state has a word and a glyph, and the longer sentence is in the title.
const LOOK: Record<SyncState, { label: string; glyph: string; className: string; explain: string }> = {
  pending: {
    label: "Sending to lock",
    glyph: "↻",
    className: "bg-sky-50 text-sky-800 ring-sky-300",
    explain: "Portier sent this to Nuki and waits for the lock to confirm.",
  },
  awaiting_lock: {
    label: "Waiting for lock",
    glyph: "⧗",
    className: "bg-indigo-50 text-indigo-800 ring-indigo-300",
    explain:
      "Nuki accepted this, but the lock has not picked it up yet (it may wait for Nuki's daily sync). Portier keeps looking and does not send it twice.",
  },
  applied: {
    label: "On lock",
    glyph: "✓",
    className: "bg-emerald-50 text-emerald-800 ring-emerald-300",
    explain: "The lock confirmed it holds this window.",
  },
  failed: {
    label: "Failed",
    glyph: "✕",
    className: "bg-red-50 text-red-800 ring-red-300",
    explain: "Nuki refused the change; see the reason and retry.",
  },
  lock_offline: {
    label: "Lock offline",
    glyph: "⚠",
    className: "bg-amber-50 text-amber-900 ring-amber-300",
    explain: "The lock is offline; Nuki delivers the change when it is back.",
  },
  removing: {
    label: "Removing",
    glyph: "↻",
    className: "bg-slate-100 text-slate-700 ring-slate-300",
    explain: "Being removed from the lock.",
  },
  removed: {
    label: "Removed",
    glyph: "–",
    className: "bg-slate-100 text-slate-600 ring-slate-300",
    explain: "Not on the lock.",
  },
  scheduled: {
    label: "Queued",
    glyph: "◷",
    className: "bg-violet-50 text-violet-800 ring-violet-300",
    explain: "The lock holds one window at a time for this customer; this one is pushed as the previous one ends.",
  },
};

export const syncLabel = (s: SyncState) => LOOK[s].label;

export function SyncBadge({
  state,
  compact = false,
  detail,
}: {
  state: SyncState;
  compact?: boolean;
  detail?: string | null;
}) {
  const look = LOOK[state];
  return (
    <span
      data-sync-state={state}
      title={detail ? `${look.explain} ${detail}` : look.explain}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-1.5 py-px text-[11px] font-medium ring-1 ring-inset ${look.className}`}
    >
      <span aria-hidden>{look.glyph}</span>
      {compact ? null : look.label}
      {compact ? <span className="sr-only">{look.label}</span> : null}
    </span>
  );
}
