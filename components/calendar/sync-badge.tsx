import { SYNC_WORDS, type SyncState } from "@/lib/model/sync-state";

export { syncLabel } from "@/lib/model/sync-state";

// Colour is never the only signal: each state has a word and a glyph (words: lib/model/sync-state), and the
// longer sentence is in the title.
const LOOK: Record<SyncState, { glyph: string; className: string }> = {
  pending: { glyph: "↻", className: "bg-sky-50 text-sky-800 ring-sky-300" },
  awaiting_lock: { glyph: "⧗", className: "bg-indigo-50 text-indigo-800 ring-indigo-300" },
  applied: { glyph: "✓", className: "bg-emerald-50 text-emerald-800 ring-emerald-300" },
  failed: { glyph: "✕", className: "bg-red-50 text-red-800 ring-red-300" },
  lock_offline: { glyph: "⚠", className: "bg-amber-50 text-amber-900 ring-amber-300" },
  removing: { glyph: "↻", className: "bg-slate-100 text-slate-700 ring-slate-300" },
  removed: { glyph: "–", className: "bg-slate-100 text-slate-700 ring-slate-300" },
  scheduled: { glyph: "◷", className: "bg-violet-50 text-violet-800 ring-violet-300" },
};

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
  const words = SYNC_WORDS[state];
  return (
    <span
      data-sync-state={state}
      title={detail ? `${words.explain} ${detail}` : words.explain}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-1.5 py-px text-[11px] font-medium ring-1 ring-inset ${look.className}`}
    >
      <span aria-hidden>{look.glyph}</span>
      {compact ? null : words.label}
      {compact ? <span className="sr-only">{words.label}</span> : null}
    </span>
  );
}

/**
 * Only the state's glyph in its colours, for a timeline bar: the bar's accessible name already says
 * the state in words, so this is for the eye (and one element instead of three on a crowded grid).
 */
export function SyncGlyph({ state }: { state: SyncState }) {
  const look = LOOK[state];
  return (
    <span
      aria-hidden
      data-sync-state={state}
      className={`inline-flex shrink-0 rounded-full px-1 text-[11px] font-medium ring-1 ring-inset ${look.className}`}
    >
      {look.glyph}
    </span>
  );
}
