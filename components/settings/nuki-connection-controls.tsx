"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import {
  createNukiConnectionAction,
  removeNukiConnectionAction,
  rotateNukiTokenAction,
  setNukiConnectionDisabledAction,
  testNukiTokenAction,
} from "@/app/actions/nuki-connections";
import { useToast } from "@/components/ui/toast";

const DEFAULT_BASE = "https://api.nuki.io";

/**
 * Connect another Nuki account. The token is tried against the account before saving ("Test token",
 * and again by Save); it is sealed at rest and never shown back — the field empties after saving.
 */
export function NukiConnectionCreateForm() {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState("");
  const [apiBaseUrl, setApiBaseUrl] = useState(DEFAULT_BASE);
  const [token, setToken] = useState("");
  const [requestsPerSec, setRequestsPerSec] = useState("1");
  const [burst, setBurst] = useState("10");
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [busy, setBusy] = useState<"test" | "save" | null>(null);
  const [tested, setTested] = useState<string | null>(null);
  // Until React has hydrated, a click would submit the form natively (a GET with the token in the URL).
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const test = async () => {
    setBusy("test");
    const r = await testNukiTokenAction({ apiBaseUrl, token });
    setBusy(null);
    if (!r.ok) {
      setErrors(r.error.fieldErrors ?? {});
      toast({ tone: "error", message: r.error.message });
      return;
    }
    setErrors({});
    setTested(r.data.ok ? `Nuki accepts this token: ${r.data.locks} device(s) in the account.` : r.data.message);
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy("save");
    const r = await createNukiConnectionAction({ name, apiBaseUrl, token, requestsPerSec, burst });
    setBusy(null);
    if (!r.ok) {
      setErrors(r.error.fieldErrors ?? {});
      toast({ tone: "error", message: r.error.message });
      return;
    }
    setErrors({});
    setToken("");
    setName("");
    setTested(null);
    toast({ tone: "info", message: `Connected: ${r.data.locks} device(s). Lock sync imports them within a minute.` });
    router.refresh();
  };

  const field = (key: string, label: string, input: React.ReactNode, hint?: string) => (
    <div>
      <label htmlFor={`${id}-${key}`} className="block text-sm font-medium">
        {label}
      </label>
      {input}
      {hint ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
      {errors[key] ? (
        <p id={`${id}-${key}-error`} className="field-error">
          {errors[key]!.join(" ")}
        </p>
      ) : null}
    </div>
  );
  const invalid = (key: string) =>
    errors[key] ? { "aria-invalid": true as const, "aria-describedby": `${id}-${key}-error` } : {};

  return (
    <form onSubmit={save} className="space-y-4" data-testid="nuki-connection-form" autoComplete="off">
      <div className="flex flex-wrap items-start gap-4">
        {field(
          "name",
          "Name",
          <input
            id={`${id}-name`}
            className="input mt-1 w-64"
            required
            maxLength={80}
            placeholder="e.g. Annex (owner B)"
            value={name}
            onChange={(e) => setName(e.target.value)}
            {...invalid("name")}
          />,
        )}
        {field(
          "apiBaseUrl",
          "API address",
          <input
            id={`${id}-apiBaseUrl`}
            className="input mt-1 w-72"
            required
            value={apiBaseUrl}
            onChange={(e) => setApiBaseUrl(e.target.value)}
            {...invalid("apiBaseUrl")}
          />,
        )}
      </div>
      {field(
        "token",
        "API token",
        <input
          id={`${id}-token`}
          className="input mt-1 w-full max-w-xl font-mono"
          type="password"
          required
          value={token}
          onChange={(e) => {
            setToken(e.target.value);
            setTested(null);
          }}
          {...invalid("token")}
        />,
        "From that account's Nuki Web (Menu → API). Stored encrypted; never shown again.",
      )}
      <div className="flex flex-wrap items-start gap-4">
        {field(
          "requestsPerSec",
          "Requests per second",
          <input
            id={`${id}-requestsPerSec`}
            className="input mt-1 w-28"
            inputMode="decimal"
            value={requestsPerSec}
            onChange={(e) => setRequestsPerSec(e.target.value)}
            {...invalid("requestsPerSec")}
          />,
        )}
        {field(
          "burst",
          "Burst",
          <input
            id={`${id}-burst`}
            className="input mt-1 w-24"
            inputMode="numeric"
            value={burst}
            onChange={(e) => setBurst(e.target.value)}
            {...invalid("burst")}
          />,
          "Nuki publishes no limit; 1 per second, bursts of 10 is safe.",
        )}
      </div>
      {tested ? (
        <p role="status" className="text-sm" data-testid="nuki-token-test">
          {tested}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="button" className="btn-secondary" disabled={!ready || busy !== null} onClick={() => void test()}>
          {busy === "test" ? "Testing…" : "Test token"}
        </button>
        <button type="submit" className="btn-primary" disabled={!ready || busy !== null}>
          {busy === "save" ? "Connecting…" : "Connect account"}
        </button>
      </div>
    </form>
  );
}

/** Rotate (new token, tried first), disable/enable, remove (only without doors). */
export function NukiConnectionActions({
  id,
  name,
  version,
  disabled,
  doors,
}: {
  id: string;
  name: string;
  version: number;
  disabled: boolean;
  doors: number;
}) {
  const router = useRouter();
  const toast = useToast();
  const formId = useId();
  const [rotating, setRotating] = useState(false);
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const done = (r: { ok: boolean; error?: { message: string } }, message: string) => {
    setBusy(false);
    if (!r.ok) toast({ tone: "error", message: r.error!.message });
    else toast({ tone: "info", message });
    router.refresh();
  };
  const rotate = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const r = await rotateNukiTokenAction({ id, token, version });
    setToken("");
    if (r.ok) setRotating(false);
    done(r, `New token saved for “${name}”.`);
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      {rotating ? (
        <form onSubmit={rotate} className="flex items-center gap-2" autoComplete="off">
          <label htmlFor={`${formId}-token`} className="sr-only">
            New API token for {name}
          </label>
          <input
            id={`${formId}-token`}
            className="input w-56 py-1 font-mono"
            type="password"
            required
            placeholder="New API token"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
          <button type="submit" className="btn-primary py-1" disabled={busy}>
            {busy ? "Testing…" : "Save"}
          </button>
          <button type="button" className="btn-secondary py-1" onClick={() => setRotating(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className="btn-secondary py-1" onClick={() => setRotating(true)}>
          Rotate token
        </button>
      )}
      <button
        type="button"
        className="btn-secondary py-1"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          done(
            await setNukiConnectionDisabledAction({ id, disabled: !disabled, version }),
            disabled ? `“${name}” enabled.` : `“${name}” disabled: nothing is sent to it.`,
          );
        }}
      >
        {disabled ? "Enable" : "Disable"}
      </button>
      {doors === 0 ? (
        <button
          type="button"
          className="btn-secondary py-1"
          disabled={busy}
          onClick={async () => {
            if (!window.confirm(`Remove “${name}”? Its token is forgotten.`)) return;
            setBusy(true);
            done(await removeNukiConnectionAction({ id }), `“${name}” removed.`);
          }}
        >
          Remove
        </button>
      ) : null}
    </div>
  );
}
