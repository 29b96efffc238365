import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { PantauError } from '../../../src/lib/core/errors';
import { escapeHtml, LABELS, requestSignal, safeError, severityLabel } from './format';
import type { Channel, ChannelAddress, OutgoingMessage, SendResult } from './types';

/**
 * Email over SMTP with Nodemailer's own parts: MailComposer builds the MIME message (text + HTML),
 * SMTPConnection speaks to the server (STARTTLS when offered, AUTH). One connection per message: alerts
 * are few per person, and a connection of our own is one the caller's AbortSignal can close mid-transaction
 * (a pooled transport cannot be aborted per message).
 */

export interface EmailConfig {
  host: string;
  port: number;
  /** smtps:// (TLS from the first byte, port 465); smtp:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  /**
   * smtp:// with a password to a host other than this machine: STARTTLS is required, so a network
   * that strips the server's STARTTLS offer cannot make us send the password in clear. A relay on
   * loopback (a local Postfix) may take it without.
   */
  requireTls: boolean;
  user: string;
  pass: string;
  /** `Pantau <pantau@bpbd.samarinda.go.id>` */
  from: string;
}

/** Address shape only (deliverability is the server's answer); no whitespace, so no header injection. */
const EMAIL = /^[^\s@<>(),;:"[\]\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const FROM = /^(?:[^<>\r\n]{0,100}<[^\s<>]+@[^\s<>]+>|[^\s<>]+@[^\s<>]+)$/;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i;

/** SMTP_URL + SMTP_FROM; null when neither is set; a coded error naming what is missing or wrong. */
export function parseEmailConfig(env: Record<string, string | undefined>): EmailConfig | null {
  const url = env.SMTP_URL ?? '';
  const from = env.SMTP_FROM ?? '';
  if (!url && !from) return null;
  if (!url) throw new PantauError('CONFIG_SMTP_URL', 'email is half configured: SMTP_FROM is set, SMTP_URL (smtp[s]://user:pass@host:port) is missing');
  if (!from) throw new PantauError('CONFIG_SMTP_FROM', 'email is half configured: SMTP_URL is set, SMTP_FROM (the sender, "Pantau <pantau@example.org>") is missing');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PantauError('CONFIG_SMTP_URL', 'SMTP_URL must be smtp[s]://user:pass@host:port (not quoted back: it may hold a password)');
  }
  if ((u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || !u.hostname) throw new PantauError('CONFIG_SMTP_URL', 'SMTP_URL must start with smtp:// or smtps:// and name a host');
  if (!FROM.test(from)) throw new PantauError('CONFIG_SMTP_FROM', `SMTP_FROM must be an address or "Name <address>", got "${from.slice(0, 100)}"`);
  const secure = u.protocol === 'smtps:';
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return {
    host,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    requireTls: !secure && u.password !== '' && !LOOPBACK.test(host),
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    from
  };
}

/** The HTML part: the plain body escaped line by line, the acknowledge link as a button. */
export function emailHtml(message: OutgoingMessage): string {
  const label = LABELS[message.language];
  const paragraphs = message.body
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 12px">${p.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('\n');
  const button = (href: string, text: string, colour: string): string =>
    `<a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 16px;margin:4px 8px 4px 0;border-radius:6px;background:${colour};color:#fff;text-decoration:none;font-weight:bold">${escapeHtml(text)}</a>`;
  const buttons = [message.ackUrl ? button(message.ackUrl, label.ack, '#b91c1c') : '', button(message.url, label.open, '#1f2937')].join('');
  return [
    '<!doctype html>',
    `<html lang="${message.language}"><body style="font-family:sans-serif;font-size:15px;line-height:1.4;color:#111">`,
    `<h2 style="font-size:18px;margin:0 0 12px">${escapeHtml(`[${severityLabel(message.language, message.severity)}] ${message.title}`)}</h2>`,
    paragraphs,
    `<p>${buttons}</p>`,
    '</body></html>'
  ].join('\n');
}

interface Composed {
  raw: Buffer;
  envelope: { from: string; to: string[] };
}

function compose(config: EmailConfig, to: string, message: OutgoingMessage): Promise<Composed> {
  const mail = new MailComposer({
    from: config.from,
    to,
    subject: `[${severityLabel(message.language, message.severity)}] ${message.title}`,
    text: message.body,
    html: emailHtml(message),
    headers: {
      'X-Pantau-Alerts': message.alertIds.join(',').slice(0, 900),
      // Machine-sent: no vacation auto-replies back to us.
      'Auto-Submitted': 'auto-generated',
      // Critical alerts ask mail clients to flag them (MailComposer, unlike the transport, does not map `priority`).
      ...(message.severity === 'critical' ? { 'X-Priority': '1 (Highest)', Importance: 'High' } : {})
    }
  });
  const node = mail.compile();
  const envelope = node.getEnvelope() as { from: string | false; to: string[] };
  return new Promise((resolve, reject) =>
    node.build((err, raw) => (err ? reject(err) : resolve({ raw, envelope: { from: envelope.from || '', to: envelope.to } })))
  );
}

/** 4xx replies and connection trouble may pass later; 5xx replies (and a refused login) will not. */
export function classifySmtpError(err: unknown, secrets: readonly string[]): SendResult {
  const e = err as Error & { code?: string; responseCode?: number; response?: string };
  const code = e?.responseCode;
  const retryable = code !== undefined ? code >= 400 && code < 500 : e?.code !== 'EAUTH' && e?.code !== 'EENVELOPE' && e?.code !== 'EMESSAGE';
  const detail = [code ? `SMTP ${code}` : e?.code, e?.response ?? e?.message].filter(Boolean).join(': ');
  return { ok: false, retryable, error: safeError(`email: ${detail || 'failed'}`, secrets) };
}

function transact(config: EmailConfig, mail: Composed, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = new SMTPConnection({ host: config.host, port: config.port, secure: config.secure, requireTLS: config.requireTls, logger: false });
    let settled = false;
    const finish = (err: unknown, response?: string): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (err) conn.close();
      else conn.quit();
      if (err) reject(err);
      else resolve(response ?? '');
    };
    const onAbort = (): void => finish(Object.assign(new Error('timed out or aborted'), { code: 'ETIMEDOUT' }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    conn.on('error', (err) => finish(err));
    conn.connect((err) => {
      if (err) return finish(err);
      const send = (): void => conn.send(mail.envelope, mail.raw, (e, info) => finish(e, info?.response));
      if (!config.user) return send();
      conn.login({ user: config.user, pass: config.pass }, (e) => (e ? finish(e) : send()));
    });
  });
}

/** Shape of an email address; a message saying what is wrong, or null. */
export function checkEmailAddress(address: unknown): string | null {
  if (typeof address !== 'string') return 'an email address is a string';
  return EMAIL.test(address) && address.length <= 254 ? null : 'not an email address (name@domain, no spaces)';
}

export function createEmailChannel(config: EmailConfig | null, deps: { timeoutMs: number }): Channel | null {
  if (!config) return null;
  const secrets = [config.pass];
  return {
    kind: 'email',
    checkAddress: checkEmailAddress,
    async send(address: ChannelAddress, message: OutgoingMessage, signal?: AbortSignal): Promise<SendResult> {
      const problem = checkEmailAddress(address);
      if (problem) return { ok: false, retryable: false, error: `email: ${problem}` };
      try {
        const mail = await compose(config, address as string, message);
        const response = await transact(config, mail, requestSignal(deps.timeoutMs, signal));
        return { ok: true, providerId: response.slice(0, 120) };
      } catch (err) {
        return classifySmtpError(err, secrets);
      }
    }
  };
}
