"use client";

import { useEffect, useId, useRef } from "react";
import { trapTab } from "./trap-focus";

/**
 * "This occurrence or the whole series?" for a weekly window. A native modal <dialog>: the page
 * behind is inert (focus stays inside), Escape cancels, and focus starts on the safest choice.
 */
export function SeriesChoiceDialog(props: {
  kind: "move" | "delete";
  customerName: string;
  onOccurrence: () => void;
  onSeries: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const verb = props.kind === "move" ? "Move" : "Delete";
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onKeyDown={trapTab}
      onCancel={(e) => {
        e.preventDefault(); // Escape: we unmount the dialog ourselves, so focus handling stays in one place
        props.onCancel();
      }}
      className="m-auto w-[calc(100%-1rem)] max-w-sm rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      data-testid="series-choice"
    >
      <div className="space-y-3 p-5">
        <h2 id={`${id}-title`} className="font-semibold">
          {verb} a weekly window
        </h2>
        <p id={`${id}-text`} className="text-sm text-slate-700">
          {props.customerName} has this window every week. {verb} only this occurrence, or the whole series?
        </p>
        <div className="flex flex-col gap-2">
          <button type="button" className="btn-primary" onClick={props.onOccurrence}>
            Only this occurrence
          </button>
          <button type="button" className="btn-secondary" onClick={props.onSeries}>
            The whole series
          </button>
          <button type="button" className="btn-secondary" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </dialog>
  );
}
