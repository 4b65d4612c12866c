import { setTimeout as sleep } from 'node:timers/promises';

/** One e-mail as MailDev's REST API (`GET /email`) describes it. */
export interface CapturedEmail {
  id: string;
  subject: string;
  text: string;
  html: string;
  from: { address: string; name: string }[];
  to: { address: string; name: string }[];
  headers: Record<string, string>;
}

/** Every e-mail MailDev at `mailDevUrl` holds for `address` (MailDev is shared by the whole run). */
export async function emailsTo(mailDevUrl: string, address: string): Promise<CapturedEmail[]> {
  const response = await fetch(`${mailDevUrl}/email`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) {
    throw new Error(`MailDev answered ${response.status} to GET /email`);
  }
  const all = (await response.json()) as CapturedEmail[];
  const wanted = address.toLowerCase();
  return all.filter((email) => email.to.some((to) => to.address.toLowerCase() === wanted));
}

/** Waits until MailDev holds at least `count` e-mails for `address`, then returns them all. */
export async function waitForEmails(
  mailDevUrl: string,
  address: string,
  { count = 1, timeoutMs = 20_000 }: { count?: number; timeoutMs?: number } = {},
): Promise<CapturedEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = await emailsTo(mailDevUrl, address);
    if (emails.length >= count) {
      return emails;
    }
    if (Date.now() > deadline) {
      throw new Error(`MailDev holds ${emails.length} e-mail(s) for ${address}, expected ${count}`);
    }
    await sleep(100);
  }
}
