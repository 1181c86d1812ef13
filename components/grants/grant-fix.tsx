"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { regenerateCodeAction, resendInviteAction } from "@/app/actions/customers";
import { retryGrantAction } from "@/app/actions/windows";
import { useToast } from "@/components/ui/toast";

/** What the page knows about one failing (or stuck) door of one customer, and what the viewer may do about it. */
export type GrantFixProps = {
  grantId: string;
  customerId: string;
  who: string; // "Anna Adler on Studio A": names the buttons for screen readers when several rows have them
  status: string;
  credential: "app" | "keypad";
  error: string | null;
  /** `/calendar?window=…&date=…`, or null when the grant has no window left (a removal that failed). */
  windowHref: string | null;
  canRetry: boolean; // access.write
  canManageCredentials: boolean; // customers.write
  /** The customer page also offers "Re-send invite" for a sent or expired invite, not only on failure. */
  inviteNeedsResend?: boolean;
};

const STUCK = new Set(["failed", "pending", "removing"]);

/**
 * The fix, right where the failure is shown: Retry, Re-send invite or New code (the same server actions as
 * the calendar and the customer page), and the exact window in the calendar. A read-only role sees the link only.
 */
export function GrantFix(p: GrantFixProps) {
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const router = useRouter();
  const failed = p.status === "failed";
  const showRetry = p.canRetry && STUCK.has(p.status);
  const showResend = p.canManageCredentials && p.credential === "app" && (failed || !!p.inviteNeedsResend);
  // A code clash is fixed by a new code; other keypad failures by a retry.
  const showNewCode = p.canManageCredentials && p.credential === "keypad" && failed && /\bcode\b/i.test(p.error ?? "");

  async function run(label: string, action: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>) {
    setBusy(true);
    const r = await action();
    setBusy(false);
    toast(r.ok ? { tone: "info", message: label } : { tone: "error", message: r.error.message });
    router.refresh();
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2" data-testid="grant-fix">
      {showRetry ? (
        <button
          type="button"
          className="btn-secondary px-2 py-0.5 text-xs"
          disabled={busy}
          aria-label={`Retry ${p.who}`}
          onClick={() => run("Trying again now.", () => retryGrantAction({ grantId: p.grantId }))}
        >
          Retry
        </button>
      ) : null}
      {showResend ? (
        <button
          type="button"
          className="btn-secondary px-2 py-0.5 text-xs"
          disabled={busy}
          aria-label={`Re-send invite: ${p.who}`}
          onClick={() =>
            run("A new invite is on its way (the old one stops working).", () =>
              resendInviteAction({ grantId: p.grantId }),
            )
          }
        >
          Re-send invite
        </button>
      ) : null}
      {showNewCode ? (
        <button
          type="button"
          className="btn-secondary px-2 py-0.5 text-xs"
          disabled={busy}
          aria-label={`New code for ${p.who.split(" on ")[0]}`}
          onClick={() => {
            if (
              !window.confirm(
                "Give this customer a new keypad code on all their doors? The old code stops working as each lock confirms.",
              )
            )
              return;
            void run("A new code is on its way to the locks.", () =>
              regenerateCodeAction({ customerId: p.customerId }),
            );
          }}
        >
          New code
        </button>
      ) : null}
      {p.windowHref ? (
        <Link className="text-xs text-indigo-700 underline" href={p.windowHref}>
          Show in calendar<span className="sr-only"> ({p.who})</span>
        </Link>
      ) : null}
    </span>
  );
}
