import "server-only";
import nodemailer from "nodemailer";

/** SMTP_URL (smtp://user:pass@host:587 or smtps://…) → a nodemailer transport; null without one (demo: outbox page). */
export function smtpTransportFromEnv() {
  const url = process.env.SMTP_URL;
  return url ? nodemailer.createTransport(url) : null;
}

export const mailFrom = () => process.env.MAIL_FROM ?? "Portier <no-reply@portier.local>";
