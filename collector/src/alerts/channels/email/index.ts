import nodemailer from 'nodemailer';
import { emailChannelOptions as options } from '@argus/api';
import type { z } from 'zod';
import type { AlertChannel, DeliveryResult } from '../types.js';
import { renderEmail } from './render.js';

export type EmailOptions = z.infer<typeof options>;

/** SMTP reply codes 4xx and connection problems are worth retrying; 5xx replies are final. */
function classify(err: unknown): DeliveryResult {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const why = `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`.slice(0, 300);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) return { status: 'failure', error: why };
  return { status: 'retryable', error: why };
}

/** E-mail through nodemailer with the collector's SMTP settings (ARGUS_SMTP_URL, ARGUS_SMTP_FROM): HTML and text. */
export const email: AlertChannel<EmailOptions> = {
  type: 'email',
  optionsSchema: options,
  secretFields: [],
  async send(n, o, ctx) {
    if (!ctx.smtp) return { status: 'failure', error: 'no SMTP server configured: set ARGUS_SMTP_URL and ARGUS_SMTP_FROM' };
    const transport = nodemailer.createTransport({
      url: ctx.smtp.url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 15_000,
    });
    const abort = () => transport.close();
    ctx.signal.addEventListener('abort', abort, { once: true });
    try {
      if (ctx.signal.aborted) return { status: 'retryable', error: 'aborted' };
      const mail = renderEmail(n);
      const info = await transport.sendMail({
        from: ctx.smtp.from,
        to: o.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${n.id}@argus>`,
        headers: { 'X-Argus-Event': n.event.id, 'X-Argus-Notification': n.id },
      });
      return { status: 'success', detail: String(info.response) };
    } catch (err) {
      return ctx.signal.aborted ? { status: 'retryable', error: 'aborted' } : classify(err);
    } finally {
      ctx.signal.removeEventListener('abort', abort);
      transport.close();
    }
  },
};
