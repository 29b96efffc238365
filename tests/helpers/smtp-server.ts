import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/**
 * A real SMTP server on a free port (the `smtp-server` package, what Nodemailer's own tests use) that
 * keeps every message it accepts, parsed enough for a test to read it: headers, the text and HTML parts
 * (quoted-printable and base64 decoded, RFC 2047 subjects decoded), and the links in them. AUTH PLAIN/LOGIN
 * with one user; no TLS (the sender's STARTTLS is exercised against real servers, not here).
 * `failWith()` answers the next transactions with a 4xx/5xx reply, or holds the DATA phase open (hang).
 */

export interface MailPart {
  contentType: string;
  text: string;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Map<string, string>;
  subject: string;
  /** The text/plain and text/html parts, decoded. */
  text: string;
  html: string;
  raw: string;
}

export type SmtpFailure = { at: 'rcpt' | 'data'; code: number; message: string } | { at: 'data'; hang: true };

export interface TestSmtpServer {
  host: string;
  port: number;
  user: string;
  pass: string;
  /** `smtp://user:pass@127.0.0.1:<port>`: what SMTP_URL takes. */
  url: string;
  messages: ReceivedMail[];
  failWith(failure: SmtpFailure | null): void;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft[i] === '=' ? soft.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'latin1'));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`), adjacent words joined. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8')
    );
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function splitEntity(raw: string): { headers: Map<string, string>; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  return m ? { headers: parseHeaders(raw.slice(0, m.index)), body: raw.slice(m.index + m[0].length) } : { headers: parseHeaders(raw), body: '' };
}

/** Decoded to UTF-8 with LF line ends (SMTP carries CRLF). */
function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  const bytes =
    enc === 'quoted-printable' ? decodeQuotedPrintable(body) : enc === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : Buffer.from(body, 'latin1');
  return bytes.toString('utf8').replace(/\r\n/g, '\n');
}

/** The leaf parts of a MIME entity (multipart/* walked recursively). */
export function mimeParts(raw: string): MailPart[] {
  const { headers, body } = splitEntity(raw);
  const contentType = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    return sections.filter((s) => !s.startsWith('--')).flatMap((s) => mimeParts(s.replace(/^\r?\n/, '')));
  }
  return [{ contentType: contentType.split(';')[0].trim().toLowerCase(), text: decodeBody(body, headers.get('content-transfer-encoding')) }];
}

export function parseMail(raw: string, from: string, to: string[]): ReceivedMail {
  const { headers } = splitEntity(raw);
  const parts = mimeParts(raw);
  const part = (type: string): string => parts.find((p) => p.contentType === type)?.text ?? '';
  return { from, to, headers, subject: decodeEncodedWords(headers.get('subject') ?? ''), text: part('text/plain'), html: part('text/html'), raw };
}

export async function startSmtpServer(opts: { user?: string; pass?: string } = {}): Promise<TestSmtpServer> {
  const user = opts.user ?? 'pantau';
  const pass = opts.pass ?? 'smtp-test-password';
  const messages: ReceivedMail[] = [];
  let failure: SmtpFailure | null = null;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    // A hanging test transaction must not hold close() for the default 30 s.
    closeTimeout: 500,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === pass) callback(null, { user });
      else callback(smtpError(535, 'Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      if (failure?.at === 'rcpt' && 'code' in failure) callback(smtpError(failure.code, failure.message));
      else if (!/^[^@\s]+@[^@\s]+$/.test(address.address)) callback(smtpError(553, 'mailbox name not allowed'));
      else callback();
    },
    onData(stream, session, callback) {
      const f = failure;
      readAll(stream).then((buf) => {
        if (f && 'hang' in f) return; // never answer: the sender's timeout must end it
        if (f?.at === 'data') return callback(smtpError(f.code, f.message));
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push(parseMail(buf.toString('latin1'), from, session.envelope.rcptTo.map((r) => r.address)));
        callback(null, `queued as ${messages.length}`);
      }, callback);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    user,
    pass,
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`,
    messages,
    failWith(f) {
      failure = f;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}
