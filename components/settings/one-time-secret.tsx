"use client";

import { useToast } from "@/components/ui/toast";

/**
 * A secret shown once (a new API key, a webhook signing secret, a rotated one): the reason it is
 * not shown again, the secret to select or copy, and Done to put it away.
 */
export function OneTimeSecret({
  secret,
  testId,
  noun,
  children,
  onDone,
}: {
  secret: string;
  testId: string;
  /** What is being copied, for the toasts: "Key", "Secret". */
  noun: string;
  /** The sentence above the secret: what it is for and why it is not shown again. */
  children: React.ReactNode;
  onDone: () => void;
}) {
  const toast = useToast();
  return (
    <div className="rounded border border-amber-300 bg-amber-50 p-3" role="status" data-testid={testId}>
      <p className="text-sm font-medium">{children}</p>
      <code className="mt-2 block select-all break-all rounded bg-white p-2 text-sm">{secret}</code>
      <div className="mt-2 flex gap-2">
        <button
          type="button"
          className="btn-secondary py-1"
          onClick={() =>
            navigator.clipboard
              ?.writeText(secret)
              .then(() => toast({ tone: "info", message: `${noun} copied.` }))
              .catch(() =>
                toast({ tone: "error", message: `Copy failed; select the ${noun.toLowerCase()} and copy it by hand.` }),
              )
          }
        >
          Copy
        </button>
        <button type="button" className="btn-secondary py-1" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
