import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";

export const metadata = { title: "Portier", description: "Door access scheduling for Nuki smart locks" };

/**
 * Every page renders per request: the CSP nonce proxy.ts makes is applied to Next's scripts while
 * rendering, and a page prerendered at build time would carry none (and be blocked).
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
