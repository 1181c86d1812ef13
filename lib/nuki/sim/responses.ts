import type { SimResponse } from "./types";

/** Most 4xx: a serialised Java exception (§7.1 shape 1). */
export const javaError = (status: number, detailMessage?: string): SimResponse => ({
  status,
  body: { ...(detailMessage ? { detailMessage } : {}), stackTrace: [], suppressedExceptions: [] },
});

/** 422: a Restlet status representation (§7.1 shape 2, forum/35593). */
export const restletError = (description: string): SimResponse => ({
  status: 422,
  body: {
    code: 422,
    reasonPhrase: "Unprocessable Entity",
    description,
    uri: "http://www.webdav.org/specs/rfc2518.html#STATUS_422",
    homeRef: "/",
  },
});

export const invalidParam = (param: string, value: unknown) =>
  javaError(
    400,
    `The supplied value '${value === undefined ? "null" : String(value)}' for parameter '${param}' is not valid`,
  );

export const noContent: SimResponse = { status: 204 };
export const json = (body: unknown, status = 200): SimResponse => ({ status, body });
