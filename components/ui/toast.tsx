"use client";

import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

type Toast = { id: number; message: string; tone: "info" | "error"; action?: { label: string; run: () => void } };
const ToastContext = createContext<(t: Omit<Toast, "id">) => void>(() => {});

/** Small toasts with an optional action (Undo, Retry); announced to screen readers. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((t: Omit<Toast, "id">) => {
    const id = Date.now() + Math.random();
    setToasts((all) => [...all.slice(-3), { ...t, id }]);
    setTimeout(() => setToasts((all) => all.filter((x) => x.id !== id)), t.action ? 8000 : 5000);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50 flex flex-col gap-2">
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.tone === "error" ? "alert" : "status"}
            data-testid="toast"
            className={`pointer-events-auto flex items-center gap-3 rounded-md px-4 py-3 text-sm shadow-lg ${t.tone === "error" ? "bg-red-700 text-white" : "bg-slate-900 text-white"}`}
          >
            <span>{t.message}</span>
            {t.action ? (
              <button
                type="button"
                className="rounded bg-white/15 px-2 py-1 font-medium hover:bg-white/25 focus-visible:outline-2 focus-visible:outline-white"
                onClick={() => {
                  t.action!.run();
                  setToasts((all) => all.filter((x) => x.id !== t.id));
                }}
              >
                {t.action.label}
              </button>
            ) : null}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
