"use client";

import type { Announcement } from "./use-sync-announcements";

/** Two always-present live regions: outcomes read when the reader is idle, failures at once. */
export function LiveRegions({ text }: { text: Announcement }) {
  return (
    <>
      <div role="status" aria-live="polite" className="sr-only" data-testid="announce-polite">
        {text.polite}
      </div>
      <div role="alert" aria-live="assertive" className="sr-only" data-testid="announce-assertive">
        {text.assertive}
      </div>
    </>
  );
}
