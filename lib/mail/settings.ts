import { env } from '@/lib/env';

/** Where the shop's mails go out and what their links point at. */
export interface MailSettings {
  /** `smtp://` or `smtps://` URL of the SMTP server (credentials included). */
  smtpUrl: string;
  from: string;
  /** The storefront's public URL, for the links in a mail. */
  appUrl: string;
}

/** Callers (and tests) may pass their own settings; null turns mail off. */
export interface MailOptions {
  mail?: MailSettings | null;
  now?: () => Date;
}

/**
 * The settings in effect, or null when no SMTP server is configured: then the shop records no
 * mail and never says one was sent (production refuses to start that way, lib/env.ts).
 */
export function mailSettings(options: MailOptions = {}): MailSettings | null {
  if (options.mail !== undefined) return options.mail;
  if (!env.SMTP_URL) return null;
  return { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, appUrl: env.APP_URL };
}

/** The address shoppers can write to about an order: the one the shop's mails come from. */
export function shopContactEmail(): string {
  return /<([^>]+)>/.exec(env.MAIL_FROM)?.[1] ?? env.MAIL_FROM;
}
