import type { Database } from '@raftboard/db/client';
import { namesByIds } from '@raftboard/db/queries/names';
import type { OutboxRow } from '@raftboard/db/schema';
import nodemailer from 'nodemailer';
import type { SendOutcome } from './webhook-sender.ts';

/** One email, as rendered from an outbox message. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Names the templates mention, looked up when the email is sent (the leader's state is current). */
interface Names {
  task(id: unknown): string | undefined;
  project(id: unknown): string | undefined;
  user(id: unknown): string | undefined;
  status(id: unknown): string | undefined;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const strings = (values: unknown[]) => values.filter((v): v is string => typeof v === 'string');

async function lookUpNames(db: Database, payloads: Record<string, unknown>[]): Promise<Names> {
  const field = (...keys: string[]) =>
    strings(payloads.flatMap((payload) => keys.map((key) => payload[key])));
  const found = await namesByIds(db, {
    tasks: field('taskId'),
    projects: field('projectId'),
    users: field('by'),
    statuses: field('from', 'to'),
  });
  const lookUp = (names: Map<string, string>) => (id: unknown) =>
    typeof id === 'string' ? names.get(id) : undefined;
  return {
    task: lookUp(found.tasks),
    project: lookUp(found.projects),
    user: lookUp(found.users),
    status: lookUp(found.statuses),
  };
}

/** One line saying what a notification is about, for subjects and digests. */
function describe(kind: string, payload: Record<string, unknown>, names: Names): string {
  const title = `“${names.task(payload.taskId) ?? String(payload.title ?? 'a task')}”`;
  const by = names.user(payload.by) ?? 'Someone';
  switch (kind) {
    case 'task.assigned':
      return `You were assigned ${title}`;
    case 'comment.mentioned':
      return `${by} mentioned you on ${title}`;
    case 'task.commented':
      return `${by} commented on ${title}`;
    case 'task.statusChanged':
      return `${title} moved to ${names.status(payload.to) ?? 'another column'}`;
    case 'task.dueSoon':
      return `${title} is due ${String(payload.dueDate ?? 'soon')}`;
    case 'task.overdue':
      return `${title} was due ${String(payload.dueDate ?? '')}`.trim();
    case 'project.memberAdded':
      return `You were added to ${names.project(payload.projectId) ?? 'a project'}`;
    case 'webhook.disabled':
      return `A webhook of ${names.project(payload.projectId) ?? 'a project'} was disabled`;
    default:
      return `Something happened on ${title}`;
  }
}

/** Where the board shows what a notification is about. */
function linkOf(boardUrl: string, payload: Record<string, unknown>): string {
  const projectId = typeof payload.projectId === 'string' ? payload.projectId : null;
  if (projectId === null) return `${boardUrl}/notifications`;
  return `${boardUrl}/projects/${encodeURIComponent(projectId)}/board`;
}

const footer = 'You get this because of your Raftboard notification settings.';

/**
 * The email an outbox message stands for: a notification's (template = its kind) or a daily
 * digest's (template = `digest`), as plain text and HTML with the same content.
 */
export async function renderEmail(
  db: Database,
  message: OutboxRow,
  boardUrl: string,
): Promise<RenderedEmail> {
  const { payload } = message;
  if (payload.template === 'digest') {
    const items =
      (payload.items as {
        kind: string;
        payload: Record<string, unknown>;
        projectId: string | null;
        taskId: string | null;
      }[]) ?? [];
    const full = items.map((item) => ({
      ...item.payload,
      projectId: item.projectId,
      taskId: item.taskId,
    }));
    const names = await lookUpNames(db, full);
    const lines = items.map((item, n) => ({
      text: describe(item.kind, full[n] ?? {}, names),
      link: linkOf(boardUrl, full[n] ?? {}),
    }));
    const subject = `Your Raftboard digest for ${String(payload.day)}: ${items.length} update${items.length === 1 ? '' : 's'}`;
    const text = [
      `${subject}`,
      '',
      ...lines.map((line) => `- ${line.text}\n  ${line.link}`),
      '',
      footer,
    ].join('\n');
    const html = [
      `<h1 style="font-size:16px">${escapeHtml(subject)}</h1>`,
      '<ul>',
      ...lines.map(
        (line) => `<li><a href="${escapeHtml(line.link)}">${escapeHtml(line.text)}</a></li>`,
      ),
      '</ul>',
      `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
    ].join('\n');
    return { subject, text, html };
  }
  const names = await lookUpNames(db, [payload]);
  const subject = describe(String(payload.template ?? ''), payload, names);
  const link = linkOf(boardUrl, payload);
  const project = names.project(payload.projectId);
  const context = project ? `In ${project}.` : '';
  const text = [subject, ...(context ? [context] : []), '', `Open it: ${link}`, '', footer].join(
    '\n',
  );
  const html = [
    `<p style="font-size:15px">${escapeHtml(subject)}</p>`,
    project ? `<p style="color:#444">In ${escapeHtml(project)}.</p>` : '',
    `<p><a href="${escapeHtml(link)}">Open it on the board</a></p>`,
    `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
  ]
    .filter(Boolean)
    .join('\n');
  return { subject, text, html };
}

/** Where email goes: an SMTP relay (`smtp://user:pass@host:587`, `smtps://…:465`). */
export interface SmtpSettings {
  url: string;
  from: string;
  /** The web board's address, for links in emails. */
  boardUrl: string;
}

/**
 * Sends outbox email messages through SMTP with nodemailer: rendered now, addressed to the
 * recipient apply recorded, with the message's idempotency key as `X-Raftboard-Delivery` and in
 * a stable Message-ID, so a retried send is recognisably the same mail.
 */
export function createSmtpSender(db: Database, settings: SmtpSettings) {
  const transport = nodemailer.createTransport(settings.url);
  const host = new URL(settings.url).hostname || 'raftboard';
  return async (message: OutboxRow): Promise<SendOutcome> => {
    const email = await renderEmail(db, message, settings.boardUrl);
    try {
      await transport.sendMail({
        from: settings.from,
        to: message.recipient,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: `<${Buffer.from(message.idempotencyKey).toString('base64url')}@${host}>`,
        headers: { 'X-Raftboard-Delivery': message.idempotencyKey },
      });
      return { ok: true, statusCode: null, error: null };
    } catch (error) {
      return {
        ok: false,
        statusCode: null,
        error: String((error as Error).message).slice(0, 1_024),
      };
    }
  };
}
