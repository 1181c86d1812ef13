"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { confirmVanishedAction, deleteFeedAction, pollFeedNowAction, setFeedStateAction } from "@/app/actions/feeds";
import { useToast } from "@/components/ui/toast";

/** A feed's buttons: poll now, enable/pause, delete — and Confirm when the disappearance guard holds it. */
export function FeedActions({
  feedId,
  version,
  state,
  name,
  held,
}: {
  feedId: string;
  version: number;
  state: "preview" | "active" | "paused" | "held";
  name: string;
  held: { vanished: number; future: number } | null;
}) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const run = async (
    work: () => Promise<{ ok: true; data: unknown } | { ok: false; error: { message: string } }>,
    done: string,
  ) => {
    setBusy(true);
    const r = await work();
    setBusy(false);
    toast(r.ok ? { tone: "info", message: done } : { tone: "error", message: r.error.message });
    router.refresh();
  };
  return (
    <div className="flex flex-wrap gap-2">
      {state === "held" && held ? (
        <button
          type="button"
          className="btn-primary"
          disabled={busy}
          data-testid="confirm-vanished"
          onClick={() => {
            if (
              window.confirm(
                `Remove the ${held.vanished} stay(s) that vanished from “${name}”? Their windows and codes are deleted from the locks.`,
              )
            )
              void run(() => confirmVanishedAction({ feedId, expectedVersion: version }), "Vanished stays removed.");
          }}
        >
          Confirm removal
        </button>
      ) : null}
      {state === "active" || state === "held" ? (
        <button
          type="button"
          className="btn-secondary"
          disabled={busy}
          onClick={() =>
            run(async () => {
              const r = await pollFeedNowAction({ feedId });
              return r.ok && r.data.error ? { ok: false as const, error: { message: r.data.error } } : r;
            }, "Polled.")
          }
        >
          Poll now
        </button>
      ) : null}
      {state === "preview" || state === "paused" ? (
        <button
          type="button"
          className="btn-primary"
          disabled={busy}
          onClick={() =>
            run(() => setFeedStateAction({ feedId, expectedVersion: version, state: "active" }), "Enabled.")
          }
        >
          Enable
        </button>
      ) : null}
      {state === "active" ? (
        <button
          type="button"
          className="btn-secondary"
          disabled={busy}
          onClick={() =>
            run(() => setFeedStateAction({ feedId, expectedVersion: version, state: "paused" }), "Paused.")
          }
        >
          Pause
        </button>
      ) : null}
      <button
        type="button"
        className="btn-secondary"
        disabled={busy}
        onClick={() => {
          if (
            window.confirm(`Delete the feed “${name}”? The windows it made stay on the calendar as ordinary windows.`)
          )
            void run(() => deleteFeedAction({ feedId, expectedVersion: version }), "Feed deleted.");
        }}
      >
        Delete
      </button>
    </div>
  );
}
