// Goal: every command type applies its change, events and notifications, and every domain
// rule it enforces turns into the same recorded rejection instead of an exception.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEntries } from '../src/apply/apply-entries.ts';
import { commandHandlers } from '../src/apply/command-handlers.ts';
import * as s from '../src/schema/index.ts';
import { Board } from './support/board.ts';
import { createNodeDatabase, type NodeDatabase } from './support/node-database.ts';

let node: NodeDatabase;
let board: Board;

beforeAll(async () => {
  node = await createNodeDatabase('apply_commands');
  board = new Board(node.db);
});
afterAll(() => node.dispose());

const hash = (n: number) => `hash-${String(n).padStart(16, '0')}`;
const statuses = [
  { statusId: 's-todo', name: 'To Do', category: 'unstarted' as const, position: 'a' },
  { statusId: 's-doing', name: 'In Progress', category: 'started' as const, position: 'b' },
  { statusId: 's-done', name: 'Completed', category: 'completed' as const, position: 'c' },
];

async function task(id: string) {
  const [row] = await node.db.select().from(s.tasks).where(eq(s.tasks.id, id));
  return row;
}

async function unreadNotifications(userId: string) {
  return node.db
    .select()
    .from(s.notifications)
    .where(and(eq(s.notifications.userId, userId), isNull(s.notifications.readAt)))
    .orderBy(asc(s.notifications.logIndex));
}

describe('accounts', () => {
  it('signs up users and rejects a taken email or username', async () => {
    for (const name of ['alice', 'bob', 'carol', 'dave']) {
      await board.ok('user.signUp', `u-${name}`, {
        userId: `u-${name}`,
        email: `${name}@example.com`,
        username: name,
        displayName: name.toUpperCase(),
        passwordHash: hash(1),
      });
    }
    const email = await board.rejected('ALREADY_EXISTS', 'user.signUp', 'u-x', {
      userId: 'u-x',
      email: 'alice@example.com',
      username: 'other',
      displayName: 'X',
      passwordHash: null,
    });
    expect(email).toMatch(/email/);
    await board.rejected('ALREADY_EXISTS', 'user.signUp', 'u-x', {
      userId: 'u-x',
      email: 'x@example.com',
      username: 'alice',
      displayName: 'X',
      passwordHash: null,
    });
  });

  it('updates a profile and links an OAuth identity once', async () => {
    await board.ok('user.update', 'u-alice', { displayName: 'Alice A.' });
    await board.ok('user.linkOAuth', 'u-alice', { provider: 'github', providerUserId: '42' });
    await board.rejected('ALREADY_EXISTS', 'user.linkOAuth', 'u-bob', {
      provider: 'github',
      providerUserId: '42',
    });
    await board.rejected('NOT_FOUND', 'user.update', 'u-nobody', { displayName: 'N' });
  });

  it('creates and revokes sessions and API tokens only for their own user', async () => {
    const session = { sessionId: 'sess-1', userId: 'u-alice', tokenHash: hash(2) };
    await board.ok('session.create', 'u-alice', { ...session, expiresAt: Date.UTC(2027, 0, 1) });
    await board.rejected('FORBIDDEN', 'session.create', 'u-bob', {
      ...session,
      sessionId: 'sess-2',
      tokenHash: hash(3),
      expiresAt: 0,
    });
    await board.rejected('FORBIDDEN', 'session.revoke', 'u-bob', { sessionId: 'sess-1' });
    expect(await board.ok('session.revoke', 'u-alice', { sessionId: 'sess-1' })).toMatchObject({
      revoked: true,
    });
    await board.ok('apiToken.create', 'u-alice', {
      tokenId: 'tok-1',
      name: 'CI',
      tokenHash: hash(4),
      scopes: ['tasks:read', 'tasks:write'],
      expiresAt: null,
    });
    await board.rejected('FORBIDDEN', 'apiToken.revoke', 'u-bob', { tokenId: 'tok-1' });
    await board.ok('apiToken.revoke', 'u-alice', { tokenId: 'tok-1' });
    await board.rejected('NOT_FOUND', 'apiToken.revoke', 'u-alice', { tokenId: 'tok-9' });
    const [token] = await node.db.select().from(s.apiTokens);
    expect(token?.scopes).toEqual(['tasks:read', 'tasks:write']);
    expect(token?.revokedAt).toBeInstanceOf(Date);
  });
});

describe('projects and members', () => {
  it('creates a project whose creator owns it, with its columns', async () => {
    await board.ok('project.create', 'u-alice', { projectId: 'p1', name: 'Launch', statuses });
    const members = await node.db.select().from(s.projectMembers);
    expect(members).toMatchObject([{ projectId: 'p1', userId: 'u-alice', role: 'owner' }]);
    await board.rejected('ALREADY_EXISTS', 'project.create', 'u-bob', {
      projectId: 'p1',
      name: 'Again',
      statuses: [],
    });
  });

  it('adds members by role and keeps owners in owners hands', async () => {
    await board.ok('member.add', 'u-alice', { projectId: 'p1', userId: 'u-bob', role: 'admin' });
    await board.ok('member.add', 'u-alice', { projectId: 'p1', userId: 'u-carol', role: 'viewer' });
    await board.rejected('ALREADY_EXISTS', 'member.add', 'u-alice', {
      projectId: 'p1',
      userId: 'u-bob',
      role: 'member',
    });
    await board.rejected('FORBIDDEN', 'member.add', 'u-carol', {
      projectId: 'p1',
      userId: 'u-dave',
      role: 'member',
    });
    await board.rejected('FORBIDDEN', 'member.updateRole', 'u-bob', {
      projectId: 'p1',
      userId: 'u-bob',
      role: 'owner',
    });
    await board.rejected('INVALID', 'member.updateRole', 'u-alice', {
      projectId: 'p1',
      userId: 'u-alice',
      role: 'admin',
    });
    await board.ok('member.updateRole', 'u-alice', {
      projectId: 'p1',
      userId: 'u-bob',
      role: 'member',
    });
    expect(await unreadNotifications('u-bob')).toMatchObject([{ kind: 'project.memberAdded' }]);
  });

  it('lets admins update a project and nobody else', async () => {
    await board.rejected('FORBIDDEN', 'project.update', 'u-bob', { projectId: 'p1', name: 'X' });
    await board.ok('project.update', 'u-alice', { projectId: 'p1', description: 'Q3 launch' });
    await board.rejected('NOT_FOUND', 'project.update', 'u-alice', { projectId: 'p9', name: 'X' });
  });
});

describe('statuses and labels', () => {
  it('creates, renames and reorders columns (admins only)', async () => {
    await board.ok('status.create', 'u-alice', {
      statusId: 's-review',
      projectId: 'p1',
      name: 'Review',
      category: 'started',
      position: 'bm',
    });
    await board.rejected('ALREADY_EXISTS', 'status.create', 'u-alice', {
      statusId: 's-review2',
      projectId: 'p1',
      name: 'Review',
      category: 'started',
      position: 'bn',
    });
    await board.rejected('FORBIDDEN', 'status.create', 'u-bob', {
      statusId: 's-x',
      projectId: 'p1',
      name: 'X',
      category: 'backlog',
      position: '0',
    });
    await board.ok('status.update', 'u-alice', { statusId: 's-review', name: 'In Review' });
    await board.ok('status.reorder', 'u-alice', {
      projectId: 'p1',
      order: [{ statusId: 's-review', position: 'bz' }],
    });
    await board.rejected('NOT_FOUND', 'status.reorder', 'u-alice', {
      projectId: 'p1',
      order: [{ statusId: 's-missing', position: 'a' }],
    });
  });

  it('manages labels as a member but not as a viewer', async () => {
    for (const [labelId, name] of [
      ['l-bug', 'bug'],
      ['l-ui', 'ui'],
      ['l-tmp', 'tmp'],
    ] as const) {
      await board.ok('label.create', 'u-bob', { labelId, projectId: 'p1', name, color: '#ff0000' });
    }
    await board.rejected('FORBIDDEN', 'label.create', 'u-carol', {
      labelId: 'l-c',
      projectId: 'p1',
      name: 'c',
      color: '#000000',
    });
    await board.ok('label.update', 'u-bob', { labelId: 'l-ui', color: '#00ff00' });
    await board.ok('label.delete', 'u-bob', { labelId: 'l-tmp' });
    await board.rejected('NOT_FOUND', 'label.delete', 'u-bob', { labelId: 'l-tmp' });
  });
});

describe('tasks', () => {
  it('creates a task with assignees and labels, notifying the assignees', async () => {
    const result = await board.ok('task.create', 'u-alice', {
      taskId: 't1',
      projectId: 'p1',
      statusId: 's-todo',
      title: 'Write the launch post',
      position: 'a',
      dueDate: '2026-01-02',
      assigneeIds: ['u-bob'],
      labelIds: ['l-bug'],
    });
    expect(result).toEqual({ taskId: 't1', version: 1 });
    expect(await task('t1')).toMatchObject({ version: 1, priorityId: 'none', startedAt: null });
    const notifications = await unreadNotifications('u-bob');
    expect(notifications.at(-1)).toMatchObject({ kind: 'task.assigned', taskId: 't1' });
    await board.rejected('FORBIDDEN', 'task.create', 'u-carol', {
      taskId: 't-viewer',
      projectId: 'p1',
      statusId: 's-todo',
      title: 'No',
      position: 'b',
    });
    await board.rejected('NOT_FOUND', 'task.create', 'u-alice', {
      taskId: 't-x',
      projectId: 'p1',
      statusId: 's-nowhere',
      title: 'No',
      position: 'b',
    });
    await board.rejected('INVALID', 'task.create', 'u-alice', {
      taskId: 't-x',
      projectId: 'p1',
      statusId: 's-todo',
      title: 'No',
      position: 'b',
      assigneeIds: ['u-dave'],
    });
  });

  it('appends a task named without column or position at the bottom of the first open column', async () => {
    // Two in one batch: the second must see the first, as it would one entry later.
    const created = ['t-auto-1', 't-auto-2'].map((taskId) =>
      board.log.command('task.create', 'u-alice', { taskId, projectId: 'p1', title: taskId }),
    );
    await applyEntries(node.db, created);
    const column = await node.db
      .select({ id: s.tasks.id, position: s.tasks.position })
      .from(s.tasks)
      .where(and(eq(s.tasks.statusId, 's-todo'), isNull(s.tasks.deletedAt)))
      .orderBy(asc(s.tasks.position), asc(s.tasks.id));
    expect(column.slice(-2).map((row) => row.id)).toEqual(['t-auto-1', 't-auto-2']);
    expect(new Set(column.map((row) => row.position)).size).toBe(column.length);
    const [event] = await node.db
      .select()
      .from(s.events)
      .where(and(eq(s.events.kind, 'task.created'), eq(s.events.entityId, 't-auto-2')));
    expect(event?.payload).toMatchObject({ statusId: 's-todo', position: column.at(-1)?.position });
  });

  it('imports tasks in one entry at the bottom of their columns, with ids from the index', async () => {
    const lastTodo = await node.db
      .select({ position: s.tasks.position })
      .from(s.tasks)
      .where(and(eq(s.tasks.statusId, 's-todo'), isNull(s.tasks.deletedAt)))
      .orderBy(desc(s.tasks.position))
      .limit(1);
    const entry = await board.apply('task.import', 'u-bob', {
      projectId: 'p1',
      tasks: [
        { title: 'Imported one', assigneeIds: ['u-bob', 'u-bob'], labelIds: ['l-bug'] },
        { title: 'Imported two', statusId: 's-done', priority: 'high', dueDate: '2026-03-04' },
        { title: 'Imported three', description: 'last' },
      ],
    });
    const ids = [0, 1, 2].map((ordinal) => `${entry.index}-t${ordinal}`);
    expect(entry.outcome).toMatchObject({ ok: true, result: { taskIds: ids } });
    const [one, two, three] = await Promise.all(ids.map(task));
    expect(one).toMatchObject({ statusId: 's-todo', createdBy: 'u-bob', version: 1 });
    expect(two).toMatchObject({ statusId: 's-done', priorityId: 'high', dueDate: '2026-03-04' });
    expect(two?.completedAt).toBeInstanceOf(Date);
    // Appended in the order given, after what the column held before the entry.
    expect((one?.position ?? '') > (lastTodo[0]?.position ?? '')).toBe(true);
    expect((three?.position ?? '') > (one?.position ?? '')).toBe(true);
    const assignees = await node.db
      .select()
      .from(s.taskAssignees)
      .where(eq(s.taskAssignees.taskId, ids[0] ?? ''));
    expect(assignees.map((row) => row.userId)).toEqual(['u-bob']);
    const created = await node.db
      .select()
      .from(s.events)
      .where(and(eq(s.events.logIndex, entry.index), eq(s.events.kind, 'task.created')));
    expect(created.map((event) => event.entityId)).toEqual(ids);
    expect(created[0]?.payload).toMatchObject({ labelIds: ['l-bug'], assigneeIds: ['u-bob'] });
  });

  it('imports all or nothing, and only for members who may write', async () => {
    const before = await node.db.select({ id: s.tasks.id }).from(s.tasks);
    await board.rejected('FORBIDDEN', 'task.import', 'u-carol', {
      projectId: 'p1',
      tasks: [{ title: 'Viewer import' }],
    });
    await board.rejected('NOT_FOUND', 'task.import', 'u-bob', {
      projectId: 'p1',
      tasks: [{ title: 'Fine' }, { title: 'Bad column', statusId: 's-nowhere' }],
    });
    await board.rejected('INVALID', 'task.import', 'u-bob', {
      projectId: 'p1',
      tasks: [{ title: 'Fine' }, { title: 'Outsider', assigneeIds: ['u-dave'] }],
    });
    expect(await node.db.select({ id: s.tasks.id }).from(s.tasks)).toHaveLength(before.length);
  });

  it('updates partially with compare-and-set on the version', async () => {
    await board.ok('task.update', 'u-bob', {
      taskId: 't1',
      expectedVersion: 1,
      changes: { title: 'Write and publish the launch post', priority: 'high' },
    });
    const message = await board.rejected('CONFLICT', 'task.update', 'u-bob', {
      taskId: 't1',
      expectedVersion: 1,
      changes: { title: 'Stale' },
    });
    expect(message).toMatch(/version 2, not 1/);
    expect(await task('t1')).toMatchObject({ version: 2, priorityId: 'high' });
    await board.rejected('NOT_FOUND', 'task.update', 'u-bob', {
      taskId: 't-missing',
      changes: { title: 'X' },
    });
  });

  it('moves between columns, stamping started and completed times', async () => {
    await board.ok('task.move', 'u-bob', { taskId: 't1', statusId: 's-doing', position: 'a' });
    const started = await task('t1');
    expect(started?.startedAt).toBeInstanceOf(Date);
    expect(started?.completedAt).toBeNull();
    await board.ok('task.move', 'u-bob', { taskId: 't1', statusId: 's-done', position: 'a' });
    expect((await task('t1'))?.completedAt).toBeInstanceOf(Date);
    await board.ok('task.move', 'u-bob', { taskId: 't1', statusId: 's-doing', position: 'b' });
    const reopened = await task('t1');
    expect(reopened?.completedAt).toBeNull();
    expect(reopened?.startedAt).toEqual(started?.startedAt);
  });

  it('nests subtasks without cycles', async () => {
    for (const taskId of ['t2', 't3']) {
      await board.ok('task.create', 'u-alice', {
        taskId,
        projectId: 'p1',
        statusId: 's-todo',
        title: taskId,
        position: 'c',
        parentId: taskId === 't2' ? 't1' : 't2',
      });
    }
    const message = await board.rejected('INVALID', 'task.update', 'u-alice', {
      taskId: 't1',
      changes: { parentId: 't3' },
    });
    expect(message).toMatch(/own ancestor/);
  });

  it('assigns and unassigns many people, members only', async () => {
    await board.ok('task.assign', 'u-alice', { taskId: 't1', userId: 'u-alice' });
    await board.ok('task.assign', 'u-alice', { taskId: 't1', userId: 'u-carol' });
    await board.rejected('INVALID', 'task.assign', 'u-alice', { taskId: 't1', userId: 'u-dave' });
    await board.ok('task.unassign', 'u-alice', { taskId: 't1', userId: 'u-carol' });
    const assignees = await node.db
      .select({ userId: s.taskAssignees.userId })
      .from(s.taskAssignees)
      .where(eq(s.taskAssignees.taskId, 't1'))
      .orderBy(s.taskAssignees.userId);
    expect(assignees.map((row) => row.userId)).toEqual(['u-alice', 'u-bob']);
  });

  it('sets labels and links tasks', async () => {
    await board.ok('task.setLabels', 'u-bob', { taskId: 't1', labelIds: ['l-ui'] });
    await board.rejected('NOT_FOUND', 'task.setLabels', 'u-bob', {
      taskId: 't1',
      labelIds: ['l-tmp'],
    });
    const labelRows = await node.db
      .select()
      .from(s.taskLabels)
      .where(eq(s.taskLabels.taskId, 't1'));
    expect(labelRows).toEqual([{ taskId: 't1', labelId: 'l-ui' }]);
    await board.ok('task.addRelation', 'u-bob', {
      taskId: 't2',
      relatedTaskId: 't1',
      type: 'blocks',
    });
    await board.ok('task.addRelation', 'u-bob', {
      taskId: 't3',
      relatedTaskId: 't1',
      type: 'relates',
    });
    expect(await node.db.select().from(s.taskRelations)).toHaveLength(2);
    await board.rejected('INVALID', 'task.addRelation', 'u-bob', {
      taskId: 't1',
      relatedTaskId: 't1',
      type: 'duplicates',
    });
    await board.ok('task.removeRelation', 'u-bob', {
      taskId: 't1',
      relatedTaskId: 't3',
      type: 'relates',
    });
    expect(await node.db.select().from(s.taskRelations)).toHaveLength(1);
  });

  it('bulk-updates all tasks or none', async () => {
    const before = await task('t2');
    await board.rejected('CONFLICT', 'task.bulkUpdate', 'u-bob', {
      updates: [
        { taskId: 't2', changes: { priority: 'urgent' } },
        { taskId: 't3', expectedVersion: 99, changes: { priority: 'urgent' } },
      ],
    });
    expect(await task('t2')).toEqual(before);
    const result = await board.ok('task.bulkUpdate', 'u-bob', {
      updates: [
        { taskId: 't2', changes: { priority: 'urgent', statusId: 's-doing' } },
        { taskId: 't3', changes: { priority: 'urgent' } },
      ],
    });
    expect(result.tasks).toHaveLength(2);
    expect(await task('t3')).toMatchObject({ priorityId: 'urgent', version: 2 });
  });
});

describe('comments and attachments', () => {
  it('adds a comment whose @mentions notify members only', async () => {
    await board.ok('comment.add', 'u-alice', {
      commentId: 'c1',
      taskId: 't1',
      body: 'Ping @bob and @dave, and email@bob.com is not a mention',
    });
    const mentions = await node.db.select().from(s.commentMentions);
    expect(mentions).toEqual([{ commentId: 'c1', userId: 'u-bob' }]);
    expect((await unreadNotifications('u-bob')).at(-1)).toMatchObject({
      kind: 'comment.mentioned',
    });
    expect(await unreadNotifications('u-dave')).toEqual([]);
  });

  it('lets only the author edit and the author or an admin delete', async () => {
    await board.rejected('FORBIDDEN', 'comment.edit', 'u-bob', { commentId: 'c1', body: 'Hi' });
    await board.ok('comment.edit', 'u-alice', { commentId: 'c1', body: 'Now @carol' });
    const mentions = await node.db.select().from(s.commentMentions);
    expect(mentions).toEqual([{ commentId: 'c1', userId: 'u-carol' }]);
    await board.ok('comment.add', 'u-bob', { commentId: 'c2', taskId: 't1', body: 'Mine' });
    await board.ok('comment.delete', 'u-alice', { commentId: 'c2' });
    await board.rejected('NOT_FOUND', 'comment.delete', 'u-alice', { commentId: 'c2' });
  });

  it('stores attachment content once per hash and checks it', async () => {
    const content = Buffer.from('hello attachment');
    const sha256 = createHash('sha256').update(content).digest('hex');
    const attachment = {
      taskId: 't1',
      fileName: 'hello.txt',
      contentType: 'text/plain',
      sha256,
      contentBase64: content.toString('base64'),
    };
    await board.ok('attachment.add', 'u-bob', { attachmentId: 'a1', ...attachment });
    await board.ok('attachment.add', 'u-bob', { attachmentId: 'a2', ...attachment });
    expect(await node.db.select().from(s.attachmentContents)).toHaveLength(1);
    await board.rejected('INVALID', 'attachment.add', 'u-bob', {
      attachmentId: 'a3',
      ...attachment,
      sha256: '0'.repeat(64),
    });
    await board.ok('attachment.delete', 'u-bob', { attachmentId: 'a1' });
    expect(await node.db.select().from(s.attachmentContents)).toHaveLength(1);
    await board.ok('attachment.delete', 'u-alice', { attachmentId: 'a2' });
    expect(await node.db.select().from(s.attachmentContents)).toHaveLength(0);
  });
});

describe('share links, webhooks and the outbox', () => {
  it('creates and revokes share links (admins)', async () => {
    const link = { shareLinkId: 'sh1', projectId: 'p1', tokenHash: hash(9), expiresAt: null };
    await board.rejected('FORBIDDEN', 'shareLink.create', 'u-bob', link);
    await board.ok('shareLink.create', 'u-alice', link);
    await board.ok('shareLink.revoke', 'u-alice', { shareLinkId: 'sh1' });
  });

  it('lets members share a live task of the project and refuses viewers', async () => {
    const link = (shareLinkId: string, taskId: string, n: number) => ({
      shareLinkId,
      projectId: 'p1',
      taskId,
      tokenHash: hash(n),
      expiresAt: null,
    });
    await board.rejected('FORBIDDEN', 'shareLink.create', 'u-carol', link('sht1', 't1', 101));
    await board.ok('shareLink.create', 'u-bob', link('sht2', 't1', 102));
    const [row] = await node.db.select().from(s.shareLinks).where(eq(s.shareLinks.id, 'sht2'));
    expect(row).toMatchObject({ projectId: 'p1', taskId: 't1', createdBy: 'u-bob' });
    await board.rejected('NOT_FOUND', 'shareLink.create', 'u-bob', link('sht3', 't-none', 103));
  });

  it('refuses a task link for a task of another project or a deleted task', async () => {
    const otherStatus = { statusId: 's-other', name: 'Open', category: 'unstarted' as const };
    await board.ok('project.create', 'u-dave', {
      projectId: 'p-other',
      name: 'Other',
      statuses: [{ ...otherStatus, position: 'a' }],
    });
    await board.ok('task.create', 'u-dave', {
      taskId: 't-other',
      projectId: 'p-other',
      statusId: 's-other',
      title: 'Elsewhere',
      position: 'a',
    });
    await board.ok('member.add', 'u-dave', {
      projectId: 'p-other',
      userId: 'u-bob',
      role: 'member',
    });
    const other = { projectId: 'p1', taskId: 't-other', tokenHash: hash(201), expiresAt: null };
    const message = await board.rejected('INVALID', 'shareLink.create', 'u-bob', {
      shareLinkId: 'sht4',
      ...other,
    });
    expect(message).toMatch(/not in project p1/);
    await board.ok('task.create', 'u-alice', {
      taskId: 't-gone',
      projectId: 'p1',
      statusId: 's-todo',
      title: 'Gone',
      position: 'z',
    });
    await board.ok('task.delete', 'u-alice', { taskId: 't-gone' });
    await board.rejected('NOT_FOUND', 'shareLink.create', 'u-bob', {
      shareLinkId: 'sht5',
      projectId: 'p1',
      taskId: 't-gone',
      tokenHash: hash(202),
      expiresAt: null,
    });
  });

  it('lets a task link be revoked by its creator or an admin, nobody else', async () => {
    const link = (shareLinkId: string, n: number) => ({
      shareLinkId,
      projectId: 'p1',
      taskId: 't1',
      tokenHash: hash(n),
      expiresAt: null,
    });
    await board.ok('shareLink.create', 'u-alice', link('sht6', 301));
    await board.rejected('FORBIDDEN', 'shareLink.revoke', 'u-bob', { shareLinkId: 'sht6' });
    await board.rejected('FORBIDDEN', 'shareLink.revoke', 'u-carol', { shareLinkId: 'sht2' });
    await board.ok('shareLink.revoke', 'u-bob', { shareLinkId: 'sht2' });
    await board.ok('shareLink.revoke', 'u-alice', { shareLinkId: 'sht6' });
    const revoked = await node.db
      .select({ id: s.shareLinks.id, revokedAt: s.shareLinks.revokedAt })
      .from(s.shareLinks)
      .where(eq(s.shareLinks.taskId, 't1'));
    expect(revoked.map((row) => [row.id, row.revokedAt !== null])).toEqual([
      ['sht2', true],
      ['sht6', true],
    ]);
    await board.rejected('NOT_FOUND', 'shareLink.revoke', 'u-alice', { shareLinkId: 'sht-x' });
  });

  it('enqueues a delivery for each subscribed webhook when an event happens', async () => {
    await board.ok('webhook.create', 'u-alice', {
      webhookId: 'wh1',
      projectId: 'p1',
      url: 'https://hooks.example.com/raftboard',
      secret: 'a-secret-of-16-chars',
      eventTypes: ['task.updated'],
    });
    await board.ok('task.update', 'u-bob', { taskId: 't2', changes: { title: 'Hooked' } });
    await board.ok('task.move', 'u-bob', { taskId: 't2', statusId: 's-todo', position: 'z' });
    const deliveries = await node.db.select().from(s.outbox).where(eq(s.outbox.kind, 'webhook'));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ state: 'pending', webhookId: 'wh1', attempts: 0 });
    expect(deliveries[0]?.payload).toMatchObject({ event: { kind: 'task.updated' } });
  });

  it('records delivery attempts from the leader, once each', async () => {
    const [delivery] = await node.db.select().from(s.outbox);
    const outboxId = delivery?.id ?? '';
    const failed = { outboxId, ok: false, statusCode: 503, error: 'unavailable' };
    await board.rejected('FORBIDDEN', 'outbox.recordDelivery', 'u-alice', {
      ...failed,
      attempt: 1,
      nextAttemptAt: 0,
    });
    await board.ok('outbox.recordDelivery', 'system', { ...failed, attempt: 1, nextAttemptAt: 1 });
    await board.rejected('CONFLICT', 'outbox.recordDelivery', 'system', {
      ...failed,
      attempt: 1,
      nextAttemptAt: 1,
    });
    await board.ok('outbox.recordDelivery', 'system', {
      outboxId,
      attempt: 2,
      ok: true,
      statusCode: 200,
      error: null,
      nextAttemptAt: null,
    });
    const [after] = await node.db.select().from(s.outbox).where(eq(s.outbox.id, outboxId));
    expect(after).toMatchObject({ state: 'delivered', attempts: 2 });
    expect(await node.db.select().from(s.deliveryAttempts)).toHaveLength(2);
    await board.ok('outbox.enqueue', 'system', {
      outboxId: 'ob-mail',
      kind: 'email',
      recipient: 'alice@example.com',
      idempotencyKey: 'welcome:u-alice',
      payload: { template: 'welcome' },
    });
    // A manual redeliver starts a new round under the same delivery id (admins only).
    await board.rejected('FORBIDDEN', 'webhook.redeliver', 'u-bob', { outboxId });
    await board.ok('webhook.redeliver', 'u-alice', { outboxId });
    await board.rejected('CONFLICT', 'webhook.redeliver', 'u-alice', { outboxId });
    const [again] = await node.db.select().from(s.outbox).where(eq(s.outbox.id, outboxId));
    expect(again).toMatchObject({ state: 'pending', attempts: 2, roundStart: 2 });
    expect(again?.idempotencyKey).toBe(delivery?.idempotencyKey);
    await board.ok('webhook.delete', 'u-alice', { webhookId: 'wh1' });
  });

  it('queues nothing for a paused webhook and keeps the secret out of its events', async () => {
    await board.ok('webhook.create', 'u-alice', {
      webhookId: 'wh2',
      projectId: 'p1',
      url: 'https://hooks.example.com/two',
      secret: 'first-secret-0123456',
      eventTypes: ['*'],
    });
    await board.rejected('FORBIDDEN', 'webhook.update', 'u-bob', {
      webhookId: 'wh2',
      enabled: false,
    });
    await board.ok('webhook.update', 'u-alice', { webhookId: 'wh2', enabled: false });
    const queued = async () =>
      (await node.db.select().from(s.outbox).where(eq(s.outbox.webhookId, 'wh2'))).length;
    const before = await queued();
    await board.ok('task.update', 'u-bob', { taskId: 't2', changes: { title: 'Unheard' } });
    expect(await queued()).toBe(before);
    await board.ok('webhook.update', 'u-alice', {
      webhookId: 'wh2',
      enabled: true,
      secret: 'second-secret-654321',
    });
    await board.ok('task.update', 'u-bob', { taskId: 't2', changes: { title: 'Heard' } });
    // The update that enabled it is an event of the project too ('*'), then the task's.
    expect(await queued()).toBe(before + 2);
    const hookEvents = await node.db.select().from(s.events).where(eq(s.events.entityId, 'wh2'));
    expect(hookEvents.map((event) => event.kind)).toEqual([
      'webhook.created',
      'webhook.updated',
      'webhook.updated',
    ]);
    const text = JSON.stringify(hookEvents);
    expect(text).not.toContain('first-secret');
    expect(text).not.toContain('second-secret');
    expect(hookEvents.at(-1)?.payload).toMatchObject({ secretRotated: true });
    // The same event kinds again are no change.
    await board.ok('webhook.update', 'u-alice', { webhookId: 'wh2', eventTypes: ['*'] });
    const [same] = await node.db
      .select()
      .from(s.events)
      .where(eq(s.events.entityId, 'wh2'))
      .orderBy(desc(s.events.logIndex))
      .limit(1);
    expect(same?.payload).toEqual({ changes: {} });
    await board.ok('webhook.delete', 'u-alice', { webhookId: 'wh2' });
  });
});

describe('calendar feeds', () => {
  it('lets members make feeds of their projects and only their owner revoke one', async () => {
    const hash = (n: number) => `feed-token-hash-${n}`.padEnd(43, 'x');
    await board.ok('calendarFeed.create', 'u-carol', {
      feedId: 'cf1',
      projectId: 'p1',
      tokenHash: hash(1),
    });
    await board.ok('calendarFeed.create', 'u-bob', {
      feedId: 'cf2',
      projectId: null,
      tokenHash: hash(2),
    });
    await board.rejected('FORBIDDEN', 'calendarFeed.create', 'u-dave', {
      feedId: 'cf3',
      projectId: 'p1',
      tokenHash: hash(3),
    });
    await board.rejected('FORBIDDEN', 'calendarFeed.revoke', 'u-bob', { feedId: 'cf1' });
    expect(await board.ok('calendarFeed.revoke', 'u-carol', { feedId: 'cf1' })).toEqual({
      feedId: 'cf1',
      revoked: true,
    });
    const feeds = await node.db.select().from(s.calendarFeeds).orderBy(s.calendarFeeds.id);
    expect(feeds.map((feed) => [feed.id, feed.userId, feed.revokedAt !== null])).toEqual([
      ['cf1', 'u-carol', true],
      ['cf2', 'u-bob', false],
    ]);
    const events = await node.db
      .select()
      .from(s.events)
      .where(eq(s.events.kind, 'calendarFeed.created'));
    expect(JSON.stringify(events)).not.toContain('feed-token-hash');
  });
});

describe('notifications, reminders and the cluster', () => {
  it('marks notifications read, by id or all', async () => {
    const [first] = await unreadNotifications('u-bob');
    await board.ok('notification.markRead', 'u-bob', { notificationIds: [first?.id ?? ''] });
    expect((await unreadNotifications('u-bob')).length).toBeGreaterThan(0);
    await board.ok('notification.markRead', 'u-bob', { all: true });
    expect(await unreadNotifications('u-bob')).toEqual([]);
  });

  it('reminds assignees of due tasks once per due date', async () => {
    const result = await board.ok('reminder.sendDue', 'system', { dueOnOrBefore: '2026-01-31' });
    expect(result).toMatchObject({ remindedTaskIds: ['t1'] });
    expect((await unreadNotifications('u-bob')).map((n) => n.kind)).toEqual(['task.dueSoon']);
    // The reminder's email comes from its notification (task.dueSoon emails by default).
    const emails = await node.db.select().from(s.outbox).where(eq(s.outbox.kind, 'email'));
    const reminders = emails.filter((email) => email.payload.template === 'task.dueSoon');
    expect(reminders.map((email) => [email.recipient, email.payload.taskId]).sort()).toEqual([
      ['alice@example.com', 't1'],
      ['bob@example.com', 't1'],
    ]);
    expect(reminders[0]?.idempotencyKey).toBe(
      `notification:${reminders[0]?.payload.notificationId}`,
    );
    const again = await board.ok('reminder.sendDue', 'system', { dueOnOrBefore: '2026-01-31' });
    expect(again).toMatchObject({ remindedTaskIds: [] });
    await board.rejected('FORBIDDEN', 'reminder.sendDue', 'u-alice', {
      dueOnOrBefore: '2026-01-31',
    });
  });

  it('records cluster members, conf changes and the leader, refusing stale terms', async () => {
    await board.ok('cluster.memberUpdate', 'system', {
      nodeId: 'n1',
      peerUrl: 'http://127.0.0.1:7001',
      httpUrl: 'http://127.0.0.1:8001',
    });
    const conf = board.log.raw(JSON.stringify({ type: 'addLearner', nodeId: 'n2' }), 'confChange');
    await applyEntries(node.db, [conf]);
    const members = await node.db.select().from(s.clusterMembers).orderBy(s.clusterMembers.nodeId);
    expect(members.map((m) => [m.nodeId, m.role])).toEqual([
      ['n1', 'voter'],
      ['n2', 'learner'],
    ]);
    await board.ok('cluster.leaderChanged', 'system', { nodeId: 'n1', term: 3 });
    await board.rejected('CONFLICT', 'cluster.leaderChanged', 'system', { nodeId: 'n2', term: 2 });
    const [leader] = await node.db.select().from(s.clusterLeader);
    expect(leader).toMatchObject({ nodeId: 'n1', term: 3 });
  });
});

describe('following, email preferences, overdue tasks and digests', () => {
  const emailsTo = async (userId: string) => {
    const [user] = await node.db.select().from(s.users).where(eq(s.users.id, userId));
    const rows = await node.db
      .select()
      .from(s.outbox)
      .where(and(eq(s.outbox.kind, 'email'), eq(s.outbox.recipient, user?.email ?? '')))
      .orderBy(asc(s.outbox.createdAt), asc(s.outbox.id));
    return rows.map((row) => row.payload.template);
  };
  const kindsOf = async (userId: string) =>
    (await unreadNotifications(userId)).map((note) => note.kind);

  it('tells followers of comments and column changes, and emails the kinds they chose', async () => {
    await board.ok('notification.markRead', 'u-bob', { all: true });
    await board.ok('task.create', 'u-alice', {
      taskId: 't-follow',
      projectId: 'p1',
      statusId: 's-todo',
      title: 'Followed',
      position: 'f',
    });
    await board.rejected('FORBIDDEN', 'task.follow', 'u-dave', { taskId: 't-follow' });
    await board.ok('task.follow', 'u-bob', { taskId: 't-follow' });
    const before = (await emailsTo('u-bob')).length;
    await board.ok('comment.add', 'u-alice', { commentId: 'c-f1', taskId: 't-follow', body: 'hi' });
    await board.ok('task.move', 'u-alice', {
      taskId: 't-follow',
      statusId: 's-doing',
      position: 'a',
    });
    expect(await kindsOf('u-bob')).toEqual(['task.commented', 'task.statusChanged']);
    // Neither emails by default.
    expect((await emailsTo('u-bob')).length).toBe(before);
    // The commenter follows now: bob's comment reaches alice.
    await board.ok('comment.add', 'u-bob', { commentId: 'c-f2', taskId: 't-follow', body: 'ok' });
    expect((await kindsOf('u-alice')).at(-1)).toBe('task.commented');

    await board.rejected('INVALID', 'notification.setPreference', 'u-bob', {
      kind: 'task.nonsense',
      email: true,
    });
    await board.ok('notification.setPreference', 'u-bob', { kind: 'task.commented', email: true });
    await board.ok('comment.add', 'u-alice', {
      commentId: 'c-f3',
      taskId: 't-follow',
      body: 'again',
    });
    expect((await emailsTo('u-bob')).slice(before)).toEqual(['task.commented']);

    // A mention is told once, as a mention, not again as a comment on a followed task.
    await board.ok('comment.add', 'u-alice', {
      commentId: 'c-f4',
      taskId: 't-follow',
      body: 'look @bob',
    });
    expect((await kindsOf('u-bob')).slice(-1)).toEqual(['comment.mentioned']);

    await board.ok('task.unfollow', 'u-bob', { taskId: 't-follow' });
    const count = (await kindsOf('u-bob')).length;
    await board.ok('comment.add', 'u-alice', {
      commentId: 'c-f5',
      taskId: 't-follow',
      body: 'gone',
    });
    expect((await kindsOf('u-bob')).length).toBe(count);
  });

  it('tells assignees once that a task is overdue, and sends digests instead of emails', async () => {
    await board.ok('user.update', 'u-bob', { emailDigest: true });
    const before = await emailsTo('u-bob');
    await board.ok('task.create', 'u-alice', {
      taskId: 't-late',
      projectId: 'p1',
      statusId: 's-todo',
      title: 'Late',
      position: 'g',
      dueDate: '2025-12-30',
      assigneeIds: ['u-bob'],
    });
    // Assigned, but bob takes a digest: a notification and no email.
    expect((await kindsOf('u-bob')).at(-1)).toBe('task.assigned');
    expect(await emailsTo('u-bob')).toEqual(before);

    const tick = (iso: string) => board.ok('schedule.tick', 'system', { now: Date.parse(iso) });
    // Before 07:00 UTC: the overdue notice, no digest yet.
    const early = await tick('2026-01-01T06:00:00Z');
    expect(early).toMatchObject({ overdue: ['t-late'], digests: [] });
    expect((await kindsOf('u-bob')).at(-1)).toBe('task.overdue');
    const later = await tick('2026-01-01T08:00:00Z');
    expect(later).toMatchObject({ overdue: [], digests: ['u-bob'] });
    expect((await emailsTo('u-bob')).slice(before.length)).toEqual(['digest']);
    const [digest] = await node.db
      .select()
      .from(s.outbox)
      .where(eq(s.outbox.idempotencyKey, 'digest:u-bob:2026-01-01'));
    const items = digest?.payload.items as { kind: string }[];
    expect(items.map((item) => item.kind)).toContain('task.overdue');
    // Once a day.
    expect(await tick('2026-01-01T20:00:00Z')).toMatchObject({ overdue: [], digests: [] });
    await board.ok('user.update', 'u-bob', { emailDigest: false });
  });
});

describe('recurring tasks and the schedule tick', () => {
  const at = (iso: string) => Date.parse(iso);

  it('makes each occurrence once, from the time the ticks carry, until the rule is cleared', async () => {
    await board.ok('task.create', 'u-alice', {
      taskId: 't-daily',
      projectId: 'p1',
      statusId: 's-todo',
      title: 'Stand-up notes',
      position: 'd',
      assigneeIds: ['u-bob'],
      labelIds: ['l-bug'],
    });
    const rule = { recurrenceId: 'r1', taskId: 't-daily', startsAt: at('2026-01-02T09:00:00Z') };
    await board.rejected('FORBIDDEN', 'recurrence.set', 'u-carol', { ...rule, rule: 'FREQ=DAILY' });
    await board.rejected('INVALID', 'recurrence.set', 'u-alice', { ...rule, rule: 'FREQ=HOURLY' });
    await board.rejected('INVALID', 'recurrence.set', 'u-alice', {
      ...rule,
      rule: 'FREQ=DAILY;NOPE=1',
    });
    expect(await board.ok('recurrence.set', 'u-alice', { ...rule, rule: 'FREQ=DAILY' })).toEqual({
      recurrenceId: 'r1',
      nextAt: at('2026-01-02T09:00:00Z'),
    });
    await board.rejected('FORBIDDEN', 'schedule.tick', 'u-alice', {
      now: at('2026-01-05T00:00:00Z'),
    });

    const tick = (iso: string) => board.ok('schedule.tick', 'system', { now: at(iso) });
    expect(await tick('2026-01-01T12:00:00Z')).toMatchObject({ made: [] });
    const caughtUp = await tick('2026-01-03T09:00:00Z');
    expect(caughtUp.made).toHaveLength(2);
    // The same time again, or an earlier one (a new leader whose clock is behind): nothing.
    expect(await tick('2026-01-03T09:00:00Z')).toMatchObject({ made: [] });
    expect(await tick('2026-01-02T10:00:00Z')).toMatchObject({ made: [] });
    expect(await tick('2026-01-03T10:00:00Z')).toMatchObject({ made: [] });

    const made = await node.db
      .select()
      .from(s.occurrences)
      .where(eq(s.occurrences.recurrenceId, 'r1'))
      .orderBy(s.occurrences.occursAt);
    expect(made.map((row) => row.occursAt.toISOString())).toEqual([
      '2026-01-02T09:00:00.000Z',
      '2026-01-03T09:00:00.000Z',
    ]);
    for (const [n, row] of made.entries()) {
      expect(await task(row.taskId)).toMatchObject({
        title: 'Stand-up notes',
        dueDate: `2026-01-0${n + 2}`,
        statusId: 's-todo',
        createdBy: 'u-alice',
      });
      const assignees = await node.db
        .select()
        .from(s.taskAssignees)
        .where(eq(s.taskAssignees.taskId, row.taskId));
      expect(assignees.map((assignee) => assignee.userId)).toEqual(['u-bob']);
    }
    const [recurrence] = await node.db
      .select()
      .from(s.recurrences)
      .where(eq(s.recurrences.id, 'r1'));
    expect(recurrence).toMatchObject({ made: 2, nextAt: new Date('2026-01-04T09:00:00Z') });

    await board.rejected('NOT_FOUND', 'recurrence.clear', 'u-alice', { taskId: 't1' });
    await board.ok('recurrence.clear', 'u-alice', { taskId: 't-daily' });
    expect(await tick('2026-01-09T09:00:00Z')).toMatchObject({ made: [] });
    expect(await node.db.select().from(s.recurrences)).toEqual([]);
  });

  it('stops at the budget and carries on at the next tick, skipping nothing', async () => {
    await board.ok('task.create', 'u-alice', {
      taskId: 't-many',
      projectId: 'p1',
      statusId: 's-todo',
      title: 'Daily for a long time',
      position: 'e',
    });
    await board.ok('recurrence.set', 'u-alice', {
      recurrenceId: 'r2',
      taskId: 't-many',
      rule: 'FREQ=DAILY;COUNT=150',
      startsAt: at('2026-02-01T08:00:00Z'),
    });
    const first = await board.ok('schedule.tick', 'system', { now: at('2027-01-01T00:00:00Z') });
    expect(first).toMatchObject({ more: true });
    expect(first.made).toHaveLength(100);
    const second = await board.ok('schedule.tick', 'system', { now: at('2027-01-01T00:00:01Z') });
    expect(second.made).toHaveLength(50);
    const rows = await node.db
      .select()
      .from(s.occurrences)
      .where(eq(s.occurrences.recurrenceId, 'r2'));
    expect(new Set(rows.map((row) => row.occursAt.getTime())).size).toBe(150);
    const [done] = await node.db.select().from(s.recurrences).where(eq(s.recurrences.id, 'r2'));
    expect(done).toMatchObject({ made: 150, nextAt: null });
  });
});

describe('apply-time rules and the event feed', () => {
  it('rejects the command of a member removed after it was proposed', async () => {
    await board.ok('member.remove', 'u-alice', { projectId: 'p1', userId: 'u-bob' });
    await board.rejected('FORBIDDEN', 'task.update', 'u-bob', {
      taskId: 't1',
      changes: { title: 'Too late' },
    });
    const assigned = await node.db
      .select()
      .from(s.taskAssignees)
      .where(eq(s.taskAssignees.userId, 'u-bob'));
    expect(assigned).toEqual([]);
  });

  it('deletes a task with its subtasks, which then cannot change', async () => {
    const result = await board.ok('task.delete', 'u-alice', { taskId: 't1' });
    expect(result.deletedTaskIds).toEqual(['t1', 't2', 't3']);
    await board.rejected('NOT_FOUND', 'task.move', 'u-alice', {
      taskId: 't2',
      statusId: 's-done',
      position: 'a',
    });
  });

  it('records garbage and empty entries without stopping', async () => {
    const garbage = board.log.raw('{"type":"task.explode"}');
    const noop = board.log.raw('');
    const result = await applyEntries(node.db, [garbage, noop]);
    expect(result.entries.map((entry) => entry.kind)).toEqual(['command', 'noop']);
    expect(result.entries[0]?.outcome).toMatchObject({ ok: false, code: 'INVALID_COMMAND' });
    expect(result.appliedIndex).toBe(noop.index);
  });

  it('numbers each project event without gaps', async () => {
    const rows = await node.db
      .select({ seq: s.events.projectSeq })
      .from(s.events)
      .where(eq(s.events.projectId, 'p1'))
      .orderBy(s.events.logIndex, s.events.ordinal);
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
    const [project] = await node.db.select().from(s.projects).where(eq(s.projects.id, 'p1'));
    expect(project?.lastEventSeq).toBe(rows.length);
  });

  it('freezes an archived project until an admin unarchives it', async () => {
    await board.ok('project.update', 'u-alice', { projectId: 'p1', archived: true });
    const message = await board.rejected('FORBIDDEN', 'label.create', 'u-alice', {
      labelId: 'l-late',
      projectId: 'p1',
      name: 'late',
      color: '#123456',
    });
    expect(message).toMatch(/archived/);
    await board.ok('project.update', 'u-alice', { projectId: 'p1', archived: false });
    await board.ok('label.create', 'u-alice', {
      labelId: 'l-late',
      projectId: 'p1',
      name: 'late',
      color: '#123456',
    });
  });

  it('exercised every command type', () => {
    expect([...board.typesApplied].sort()).toEqual(Object.keys(commandHandlers).sort());
  });
});
