"use client";

import { useEffect, useState } from "react";

/**
 * False until React has hydrated the page. A form's submit button stays disabled until then: a
 * click before hydration would submit the form natively (a GET with the values in the URL).
 */
export function useHydrated(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return ready;
}
