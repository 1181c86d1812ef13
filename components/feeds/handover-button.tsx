"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { handOverCodeAction } from "@/app/actions/feeds";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * Shows the guest's code once for the desk to hand over, and marks it handed over. Rendered for
 * every role that may hand over, also once the code was handed over: the refresh that follows the
 * click marks the stay handed over, and the code on screen must outlive it (it used to vanish with
 * the button for the front desk, which may not show it again). `mayShowAgain`: roles that may
 * reveal codes get "Show again".
 */
export function HandoverButton({
  reservationId,
  handedOver,
  mayShowAgain,
}: {
  reservationId: string;
  handedOver: boolean;
  mayShowAgain: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const [code, setCode] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  // A click before hydration would be lost (no form behind this button): it stays disabled until then.
  const hydrated = useHydrated();
  if (code !== null)
    return (
      <span className="font-mono text-lg tracking-widest" aria-live="polite" data-testid="handover-code">
        {code}
      </span>
    );
  if (handedOver && !mayShowAgain) return null;
  return (
    <button
      type="button"
      className={handedOver ? "btn-secondary" : "btn-primary"}
      disabled={busy || !hydrated}
      onClick={async () => {
        setBusy(true);
        const r = await handOverCodeAction({ reservationId });
        setBusy(false);
        if (!r.ok) return toast({ tone: "error", message: r.error.message });
        setCode(r.data.code);
        router.refresh();
      }}
    >
      {handedOver ? "Show again" : "Hand over code"}
    </button>
  );
}
