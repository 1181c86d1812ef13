import { z } from "zod";

/**
 * The fallback wording for any zod check that has no message of its own, so nobody ever reads
 * "Too big: expected string to have <=120 characters". Schema-level messages still win (zod's
 * precedence). Installed once per process/bundle by importing this module.
 */
const customError: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "too_big":
      if (issue.origin === "string") return `Keep this under ${Number(issue.maximum) + 1} characters.`;
      if (issue.origin === "array") return `Pick at most ${issue.maximum}.`;
      return `Enter at most ${issue.maximum}.`;
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1 ? "Fill this in." : `Use at least ${issue.minimum} characters.`;
      if (issue.origin === "array") return `Pick at least ${issue.minimum}.`;
      return `Enter at least ${issue.minimum}.`;
    case "invalid_format":
      if (issue.format === "email") return "That is not a valid email address.";
      if (issue.format === "uuid") return "That choice is no longer available; reload the page.";
      return "This is not in the expected format.";
    case "invalid_type":
      return issue.input === undefined ? "Fill this in." : "This value is not valid here.";
    case "invalid_value":
      return "Choose one of the offered options.";
    default:
      return "This value is not valid here.";
  }
};
z.config({ customError });

/** The one sentence to show for a failed validation: the first issue's own message, never a field path. */
export const firstMessage = (error: z.ZodError) => error.issues[0]?.message ?? "Check the form and try again.";
