"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False in the server's HTML and during hydration, true once React runs the page. A button whose
 * only behaviour is an onClick handler does nothing when clicked before hydration (the click is
 * lost, not replayed): disable it until then, so a quick click on a loaded-but-busy machine waits
 * instead of silently doing nothing.
 */
export const useHydrated = () =>
  useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
