import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import StaffError from "./error";

const render = (error: Error & { digest?: string }) =>
  renderToStaticMarkup(createElement(StaffError, { error, reset: () => {} }));

describe("the staff error page", () => {
  it("does not blame the database or the lock service for an error in the browser", () => {
    const html = render(new RangeError("Invalid time value"));
    expect(html).not.toMatch(/database|lock service/i);
    expect(html).toContain("Something went wrong on this page.");
    expect(html).not.toContain("Invalid time value"); // no internals shown to people
  });

  it("gives a reference to pass on when the server failed", () => {
    const html = render(Object.assign(new Error("boom"), { digest: "1234567" }));
    expect(html).toContain("This page could not be loaded.");
    expect(html).toContain("1234567");
    expect(html).not.toMatch(/database/i);
  });
});
