"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendAccessMessageNowAction } from "@/app/actions/customers";
import { useToast } from "@/components/ui/toast";

/** "Access message: …" on the customer page, with Send now for staff once the lock confirmed every door. */
export function AccessMessagePanel({
  customerId,
  words,
  canSendNow,
}: {
  customerId: string;
  words: string;
  canSendNow: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const router = useRouter();
  async function send() {
    setBusy(true);
    const r = await sendAccessMessageNowAction({ customerId });
    setBusy(false);
    toast(r.ok ? { tone: "info", message: "Access message queued." } : { tone: "error", message: r.error.message });
    router.refresh();
  }
  return (
    <div className="space-y-2 border-t border-slate-100 pt-2" data-testid="access-message">
      <p className="text-sm">{words}</p>
      {canSendNow ? (
        <button type="button" className="btn-secondary py-1" onClick={send} disabled={busy}>
          Send now
        </button>
      ) : null}
    </div>
  );
}
