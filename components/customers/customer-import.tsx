"use client";

import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { importCustomersAction, previewCustomerImportAction } from "@/app/actions/customer-import";
import type { ActionError } from "@/lib/actions/action-result";
import {
  IMPORT_FIELD_LABELS,
  type ImportPreview,
  type ImportResult,
  type ImportRowPlan,
  MAX_IMPORT_BYTES,
} from "@/lib/model/customer-import";
import { Badge } from "@/components/ui/badge";

const PAGE = 100; // rows per page of the preview: 10,000 rows stay quick to draw
type Show = "all" | ImportRowPlan["action"];

const ACTION_LABEL: Record<ImportRowPlan["action"], { word: string; tone: "good" | "info" | "neutral" | "bad" }> = {
  create: { word: "New", tone: "good" },
  update: { word: "Update", tone: "info" },
  unchanged: { word: "Unchanged", tone: "neutral" },
  error: { word: "Error", tone: "bad" },
};

const shown = (v: string | null) => (v === null || v === "" ? "—" : v);

/** Upload or paste a CSV → preview every row → import (all or nothing). */
export function CustomerImport() {
  const id = useId();
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewedText, setPreviewedText] = useState<string | null>(null);
  const [error, setError] = useState<ActionError | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  const [show, setShow] = useState<Show>("all");
  const [page, setPage] = useState(0);

  const rows = useMemo(
    () => (preview ? (show === "all" ? preview.rows : preview.rows.filter((r) => r.action === show)) : []),
    [preview, show],
  );
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));

  function showPreview(p: ImportPreview, forText: string) {
    setPreview(p);
    setPreviewedText(forText);
    // Problems first: a file with errors opens on them.
    setShow(p.totals.error > 0 ? "error" : "all");
    setPage(0);
  }

  async function onFile(file: File | undefined) {
    setResult(null);
    setError(null);
    setPreview(null);
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setFileName(null);
      setText("");
      setError({
        code: "INVALID_INPUT",
        message: `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
      });
      return;
    }
    setFileName(file.name);
    setText(await file.text());
  }

  async function runPreview(e: React.FormEvent) {
    e.preventDefault();
    setBusy("preview");
    setError(null);
    setResult(null);
    const r = await previewCustomerImportAction({ text });
    setBusy(null);
    if (!r.ok) return setError(r.error);
    showPreview(r.data, text);
  }

  async function runImport() {
    if (!preview || previewedText === null) return;
    setBusy("import");
    setError(null);
    const r = await importCustomersAction({ text: previewedText, digest: preview.digest });
    setBusy(null);
    if (!r.ok) {
      setError(r.error);
      // Refused because of row errors or a changed database: the fresh preview shows why.
      const fresh = (r.error.details as { preview?: ImportPreview } | undefined)?.preview;
      if (fresh) showPreview(fresh, previewedText);
      return;
    }
    setResult(r.data);
    setPreview(null);
  }

  const t = preview?.totals;
  const blocked = !preview || preview.fileErrors.length > 0 || (t?.error ?? 0) > 0;
  const stale = preview !== null && previewedText !== text;
  return (
    <div className="space-y-4">
      <form onSubmit={runPreview} className="card space-y-3 p-4">
        <div>
          <label htmlFor={`${id}-file`} className="block text-sm font-medium">
            CSV file
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv,text/plain"
            className="mt-1 block text-sm"
            onChange={(e) => onFile(e.target.files?.[0])}
          />
          {fileName ? <p className="mt-1 text-xs text-slate-500">{fileName} loaded.</p> : null}
        </div>
        <div>
          <label htmlFor={`${id}-text`} className="block text-sm font-medium">
            Or paste CSV
          </label>
          <textarea
            id={`${id}-text`}
            className="input mt-1 h-32 font-mono text-xs"
            placeholder={"name,email,phone,group,credential\nAnna Adler,anna@example.com,+49 30 1234,Studio B,keypad"}
            value={fileName ? "" : text}
            disabled={!!fileName}
            onChange={(e) => {
              setText(e.target.value);
              setResult(null);
            }}
          />
          {fileName ? (
            <button
              type="button"
              className="mt-1 text-xs text-indigo-700 underline"
              onClick={() => {
                setFileName(null);
                setText("");
                setPreview(null);
              }}
            >
              Clear the file and paste instead
            </button>
          ) : null}
        </div>
        <button type="submit" className="btn-primary" disabled={!text.trim() || busy !== null}>
          {busy === "preview" ? "Checking…" : "Preview import"}
        </button>
      </form>

      {error ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-200">
          {error.message}
        </p>
      ) : null}

      {result ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-200">
          Imported: {result.created} new, {result.updated} updated, {result.unchanged} unchanged.{" "}
          <Link className="underline" href="/customers">
            Open customers
          </Link>
        </p>
      ) : null}

      {preview && t ? (
        <section aria-labelledby={`${id}-preview`} className="card">
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 p-4">
            <div>
              <h2 id={`${id}-preview`} className="font-semibold text-slate-900">
                Preview
              </h2>
              <p className="text-sm text-slate-600" data-testid="import-totals">
                {t.rows} rows: {t.create} new, {t.update} to update, {t.unchanged} unchanged, {t.error} with errors.
              </p>
            </div>
            <button
              type="button"
              className="btn-primary"
              disabled={blocked || stale || busy !== null}
              onClick={runImport}
            >
              {busy === "import"
                ? "Importing…"
                : `Import ${t.create + t.update} ${t.create + t.update === 1 ? "customer" : "customers"}`}
            </button>
          </div>
          {preview.fileErrors.map((m) => (
            <p key={m} className="border-b border-slate-100 px-4 py-2 text-sm text-red-800">
              {m}
            </p>
          ))}
          {blocked && !preview.fileErrors.length ? (
            <p className="border-b border-slate-100 px-4 py-2 text-sm text-red-800">
              Fix the rows with errors in your file and preview again; nothing is imported while any row has one.
            </p>
          ) : null}
          {stale ? (
            <p className="border-b border-slate-100 px-4 py-2 text-sm text-amber-800">
              The text changed since this preview; preview again.
            </p>
          ) : null}
          {preview.notes.length ? (
            <ul className="border-b border-slate-100 px-4 py-2 text-xs text-slate-600">
              {preview.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
          {t.rows > 0 ? (
            <>
              <div className="flex flex-wrap items-center gap-2 px-4 py-2">
                <label htmlFor={`${id}-show`} className="text-sm">
                  Show
                </label>
                <select
                  id={`${id}-show`}
                  className="input max-w-xs"
                  value={show}
                  onChange={(e) => {
                    setShow(e.target.value as Show);
                    setPage(0);
                  }}
                >
                  <option value="all">All rows ({t.rows})</option>
                  <option value="error">Errors ({t.error})</option>
                  <option value="create">New ({t.create})</option>
                  <option value="update">Updates ({t.update})</option>
                  <option value="unchanged">Unchanged ({t.unchanged})</option>
                </select>
              </div>
              <div className="overflow-x-auto">
                <table className="table" data-testid="import-preview">
                  <thead>
                    <tr>
                      <th>Row</th>
                      <th>Name</th>
                      <th>Email</th>
                      <th>Result</th>
                      <th>Details</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {rows.slice(page * PAGE, (page + 1) * PAGE).map((r) => (
                      <tr key={r.row}>
                        <td className="tabular-nums">{r.row}</td>
                        <td className="[overflow-wrap:anywhere]">{shown(r.name)}</td>
                        <td className="[overflow-wrap:anywhere]">{shown(r.email)}</td>
                        <td>
                          <Badge tone={ACTION_LABEL[r.action].tone}>{ACTION_LABEL[r.action].word}</Badge>
                        </td>
                        <td className="text-sm">
                          {r.errors?.length ? (
                            <ul className="text-red-800">
                              {r.errors.map((m) => (
                                <li key={m}>{m}</li>
                              ))}
                            </ul>
                          ) : r.changes?.length ? (
                            <ul>
                              {r.changes.map((c) => (
                                <li key={c.field}>
                                  {IMPORT_FIELD_LABELS[c.field]}: {shown(c.from)} → {shown(c.to)}
                                </li>
                              ))}
                            </ul>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {pages > 1 ? (
                <nav aria-label="Preview pages" className="flex items-center gap-3 border-t border-slate-100 px-4 py-2">
                  <button
                    type="button"
                    className="btn-secondary"
                    disabled={page === 0}
                    onClick={() => setPage(page - 1)}
                  >
                    Previous
                  </button>
                  <span className="text-sm text-slate-600">
                    Page {page + 1} of {pages}
                  </span>
                  <button
                    type="button"
                    className="btn-secondary"
                    disabled={page + 1 >= pages}
                    onClick={() => setPage(page + 1)}
                  >
                    Next
                  </button>
                </nav>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
