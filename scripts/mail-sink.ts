/**
 * A local SMTP sink, in the manner of Mailpit: it accepts every mail the storefront sends in
 * development and tests (delivering none), and serves what it received over HTTP so a developer
 * can read the mails and tests can assert on them.
 *
 *   node --import tsx scripts/mail-sink.ts      (`npm start` and the browser tests run it)
 *
 * SMTP on MAIL_SINK_SMTP_PORT (default 1025), the reader on MAIL_SINK_HTTP_PORT (default 8025):
 *   GET    /                    the received mails, newest first, as a page of links
 *   GET    /messages[?to=addr]  the same as JSON: [{ id, from, to, subject, date, text, html }]
 *   GET    /messages/:id.html   one mail's HTML part; /messages/:id.txt its text part
 *   DELETE /messages            forgets every mail
 *   GET    /health              200 once both servers listen
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { SMTPServer } from 'smtp-server';

/** One received mail, as the reader serves it. */
export interface ReceivedMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  date: string;
  text: string;
  html: string | null;
}

export interface MailSink {
  smtpPort: number;
  httpPort: number;
  readerUrl: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

/** The newest mails kept; older ones are dropped so a long-running sink stays small. */
const KEPT = 500;

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((object) => object.value.map((entry) => entry.address ?? '')).filter(Boolean);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function indexPage(messages: ReceivedMail[]): string {
  const rows = messages
    .map(
      (mail) =>
        `<li><a href="/messages/${mail.id}.html">${escapeHtml(mail.subject)}</a> to ${escapeHtml(mail.to.join(', '))}` +
        ` <small>(${escapeHtml(mail.date)}, <a href="/messages/${mail.id}.txt">text</a>)</small></li>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Mail sink</title>
<h1>Mail sink: ${messages.length} mail(s)</h1><ul>${rows || '<li>No mail yet.</li>'}</ul></html>`;
}

function listen(server: { listen(port: number, host: string, done: () => void): unknown }, port: number) {
  return new Promise<void>((resolve, reject) => {
    (server as unknown as Server).once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

/** Starts the sink; port 0 picks a free port (tests). */
export async function startMailSink(ports: { smtpPort: number; httpPort: number }): Promise<MailSink> {
  const messages: ReceivedMail[] = [];
  let sequence = 0;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.unshift({
            id: String(++sequence),
            from: addresses(parsed.from)[0] ?? '',
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
            date: (parsed.date ?? new Date()).toISOString(),
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
          });
          messages.length = Math.min(messages.length, KEPT);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  const reader = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://sink');
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    if (url.pathname === '/health') return send(200, 'application/json', '{"ok":true}');
    if (url.pathname === '/' && request.method === 'GET') return send(200, 'text/html', indexPage(messages));
    if (url.pathname === '/messages' && request.method === 'DELETE') {
      messages.length = 0;
      return send(200, 'application/json', '[]');
    }
    if (url.pathname === '/messages' && request.method === 'GET') {
      const to = url.searchParams.get('to')?.toLowerCase();
      const found = to ? messages.filter((mail) => mail.to.some((a) => a.toLowerCase() === to)) : messages;
      return send(200, 'application/json', JSON.stringify(found));
    }
    const one = /^\/messages\/(\d+)\.(html|txt)$/.exec(url.pathname);
    const mail = one && messages.find((candidate) => candidate.id === one[1]);
    if (mail && one[2] === 'html')
      return send(200, 'text/html', mail.html ?? `<pre>${escapeHtml(mail.text)}</pre>`);
    if (mail) return send(200, 'text/plain', mail.text);
    return send(404, 'application/json', '{"error":"not found"}');
  });

  await listen(smtp.server, ports.smtpPort);
  await listen(reader, ports.httpPort);
  const httpPort = (reader.address() as AddressInfo).port;
  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    httpPort,
    readerUrl: `http://127.0.0.1:${httpPort}`,
    messages,
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => reader.close(() => resolve()));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sink = await startMailSink({
    smtpPort: Number(process.env.MAIL_SINK_SMTP_PORT ?? 1025),
    httpPort: Number(process.env.MAIL_SINK_HTTP_PORT ?? 8025),
  });
  console.log(`Mail sink: SMTP on 127.0.0.1:${sink.smtpPort}, mails readable on ${sink.readerUrl}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => void sink.close().then(() => process.exit(0)));
}
