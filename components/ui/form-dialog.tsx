"use client";

import { type ReactNode, type RefObject, useEffect, useState } from "react";
import type { ActionError } from "@/lib/actions/action-result";

/** A button that opens a dialog, mounted only while open (so each opening starts from fresh values). */
export function DialogButton({
  label,
  primary,
  dialog,
}: {
  label: string;
  primary: boolean;
  dialog: (onClose: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={primary ? "btn-primary" : "btn-secondary"} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open ? dialog(() => setOpen(false)) : null}
    </>
  );
}

/**
 * A modal form (the customer and site editors): opens itself, names itself by its heading, shows a
 * message that belongs to no field as an alert, and ends with Cancel and Save. The caller keeps
 * `dialogRef` to close it after a successful save.
 */
export function FormDialog({
  id,
  dialogRef,
  title,
  testId,
  error,
  busy,
  onSubmit,
  onClose,
  children,
  extraActions,
}: {
  id: string;
  dialogRef: RefObject<HTMLDialogElement | null>;
  title: string;
  testId: string;
  error: ActionError | null;
  busy: boolean;
  onSubmit: () => Promise<void>;
  onClose: () => void;
  children: ReactNode;
  /** Buttons before Cancel (e.g. Delete). */
  extraActions?: ReactNode;
}) {
  useEffect(() => {
    dialogRef.current?.showModal();
  }, [dialogRef]);
  return (
    <dialog
      ref={dialogRef}
      onClose={onClose}
      aria-labelledby={`${id}-t`}
      className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
        className="space-y-3 p-5"
        data-testid={testId}
      >
        <h2 id={`${id}-t`} className="text-lg font-semibold">
          {title}
        </h2>
        {children}
        {error && !error.fieldErrors ? (
          <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800">
            {error.message}
          </p>
        ) : null}
        <div className="flex flex-wrap justify-end gap-2">
          {extraActions}
          <button type="button" className="btn-secondary" onClick={() => dialogRef.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
