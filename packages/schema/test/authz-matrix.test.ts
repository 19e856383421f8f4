// Goal: every operation, run as owner, admin, member, viewer, outsider and anonymous, is allowed or
// refused with the right code, and no query, node(id:) or nested field leaks another project.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorCodes,
  type GraphQLResponse,
  type LooseData,
  signUp,
  startTestServer,
  type TestServer,
} from '../src/testing/client.ts';

type Role = 'owner' | 'admin' | 'member' | 'viewer' | 'outsider' | 'anonymous';
const roles: Role[] = ['owner', 'admin', 'member', 'viewer', 'outsider', 'anonymous'];
/** OK (data, no error), NULL (no error, null result), or an error code. */
type Expected = 'OK' | 'NULL' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED';

let server: TestServer;
const tokens: Partial<Record<Role, string>> = {};
const userIds: Partial<Record<Role, string>> = {};
let projectId: string;

async function asOwner(query: string, variables: Record<string, unknown> = {}) {
  const response = await server.gql(query, variables, tokens.owner);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

const fixtures = {
  task: async () =>
    (
      await asOwner(
        'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "t" }) { task { id } } }',
        { p: projectId },
      )
    ).createTask.task.id as string,
  label: async () =>
    (
      await asOwner(
        `mutation ($p: ID!, $n: String!) { createLabel(input: { projectId: $p, name: $n,
          color: "#00ff00" }) { label { id } } }`,
        { p: projectId, n: `l${Math.random().toString(36).slice(2, 10)}` },
      )
    ).createLabel.label.id as string,
  comment: async (taskId: string) =>
    (
      await asOwner(
        'mutation ($t: ID!) { addComment(input: { taskId: $t, body: "hi" }) { comment { id } } }',
        { t: taskId },
      )
    ).addComment.comment.id as string,
  newMember: async () => {
    const someone = await signUp(server, 'Extra');
    await asOwner(
      `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
        role: MEMBER }) { success } }`,
      { p: projectId, u: someone.user.id },
    );
    return someone.user.id;
  },
  /** A task share link made by `role`, who must be allowed to share. */
  shareLink: async (role: Role) => {
    const response = await server.gql(
      'mutation ($t: ID!) { shareTask(taskId: $t) { shareId } }',
      { t: await fixtures.task() },
      tokens[role],
    );
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return (response.data as LooseData).shareTask.shareId as string;
  },
  /** A webhook of the project, created by the owner. */
  webhook: async () =>
    (
      await asOwner(
        `mutation ($p: ID!) { createWebhook(input: { projectId: $p,
          url: "http://127.0.0.1:9/hook", eventTypes: ["*"] }) { webhook { id } } }`,
        { p: projectId },
      )
    ).createWebhook.webhook.id as string,
  status: async () =>
    (await asOwner('query ($p: ID!) { project(id: $p) { statuses { id } } }', { p: projectId }))
      .project.statuses[0].id as string,
};

let webhookOfAll: Promise<string> | undefined;
/** One webhook the update and rotate rows share (a project holds at most 20). */
function sharedWebhook(): Promise<string> {
  webhookOfAll ??= fixtures.webhook();
  return webhookOfAll;
}

interface Operation {
  name: string;
  query: string;
  /** Fresh variables for each role's attempt. */
  variables: (role: Role) => Promise<Record<string, unknown>>;
  expected: Record<Role, Expected>;
  /** Where the result sits, to tell OK from NULL. */
  field: string;
}

const read = (field: string, query: string, variables: Operation['variables']): Operation => ({
  name: field,
  query,
  variables,
  field,
  expected: {
    owner: 'OK',
    admin: 'OK',
    member: 'OK',
    viewer: 'OK',
    outsider: 'NULL',
    anonymous: 'NULL',
  },
});

const write = (
  name: string,
  query: string,
  variables: Operation['variables'],
  minimum: 'member' | 'admin',
): Operation => ({
  name,
  query,
  variables,
  field: name,
  expected: {
    owner: 'OK',
    admin: 'OK',
    member: minimum === 'member' ? 'OK' : 'FORBIDDEN',
    viewer: 'FORBIDDEN',
    outsider: 'NOT_FOUND',
    anonymous: 'UNAUTHENTICATED',
  },
});

const operations: Operation[] = [
  read('project', 'query ($id: ID!) { project(id: $id) { name } }', async () => ({
    id: projectId,
  })),
  read('task', 'query ($id: ID!) { task(id: $id) { title } }', async () => ({
    id: await fixtures.task(),
  })),
  read('node', 'query ($id: ID!) { node(id: $id) { id } }', async () => ({
    id: await fixtures.task(),
  })),
  read(
    'node',
    'query ($id: ID!) { node(id: $id) { ... on Comment { task { project { name } } } } }',
    async () => ({ id: await fixtures.comment(await fixtures.task()) }),
  ),
  read('node', 'query ($id: ID!) { node(id: $id) { ... on Label { name } } }', async () => ({
    id: await fixtures.label(),
  })),
  read('node', 'query ($id: ID!) { node(id: $id) { ... on Status { name } } }', async () => ({
    id: await fixtures.status(),
  })),
  read(
    'project',
    `query ($id: ID!, $from: DateTime!, $to: DateTime!) { project(id: $id) {
      report(from: $from, to: $to) { scope } events { totalCount } } }`,
    async () => ({ id: projectId, from: '2026-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' }),
  ),
  read(
    'task',
    'query ($id: ID!) { task(id: $id) { history { totalCount } comments { totalCount } } }',
    async () => ({ id: await fixtures.task() }),
  ),
  write(
    'reorderStatuses',
    `mutation ($p: ID!, $s: ID!) { reorderStatuses(input: { projectId: $p, statusIds: [$s] })
      { success } }`,
    async () => ({ p: projectId, s: await fixtures.status() }),
    'admin',
  ),
  write(
    'unassignTask',
    'mutation ($t: ID!, $u: ID!) { unassignTask(input: { taskId: $t, userId: $u }) { success } }',
    async () => ({ t: await fixtures.task(), u: userIds.owner }),
    'member',
  ),
  write(
    'removeTaskRelation',
    `mutation ($a: ID!, $b: ID!) { removeTaskRelation(input: { taskId: $a, relatedTaskId: $b,
      type: BLOCKS }) { success } }`,
    async () => ({ a: await fixtures.task(), b: await fixtures.task() }),
    'member',
  ),
  write(
    'updateProject',
    'mutation ($id: ID!) { updateProject(input: { id: $id, description: "x" }) { success } }',
    async () => ({ id: projectId }),
    'admin',
  ),
  write(
    'addProjectMember',
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: VIEWER }) { success } }`,
    async () => ({ p: projectId, u: (await signUp(server, 'Invitee')).user.id }),
    'admin',
  ),
  write(
    'updateProjectMemberRole',
    `mutation ($p: ID!, $u: ID!) { updateProjectMemberRole(input: { projectId: $p, userId: $u,
      role: VIEWER }) { success } }`,
    async () => ({ p: projectId, u: await fixtures.newMember() }),
    'admin',
  ),
  write(
    'removeProjectMember',
    `mutation ($p: ID!, $u: ID!) { removeProjectMember(input: { projectId: $p, userId: $u })
      { success } }`,
    async () => ({ p: projectId, u: await fixtures.newMember() }),
    'admin',
  ),
  write(
    'createStatus',
    `mutation ($p: ID!, $n: String!) { createStatus(input: { projectId: $p, name: $n,
      category: STARTED }) { success } }`,
    async () => ({ p: projectId, n: `s${Math.random().toString(36).slice(2, 10)}` }),
    'admin',
  ),
  write(
    'updateStatus',
    'mutation ($id: ID!) { updateStatus(input: { id: $id, category: BACKLOG }) { success } }',
    async () => ({ id: await fixtures.status() }),
    'admin',
  ),
  write(
    'createLabel',
    `mutation ($p: ID!, $n: String!) { createLabel(input: { projectId: $p, name: $n,
      color: "#0000ff" }) { success } }`,
    async () => ({ p: projectId, n: `c${Math.random().toString(36).slice(2, 10)}` }),
    'member',
  ),
  write(
    'updateLabel',
    'mutation ($id: ID!) { updateLabel(input: { id: $id, color: "#123456" }) { success } }',
    async () => ({ id: await fixtures.label() }),
    'member',
  ),
  write(
    'deleteLabel',
    'mutation ($id: ID!) { deleteLabel(id: $id) { success } }',
    async () => ({ id: await fixtures.label() }),
    'member',
  ),
  write(
    'createTask',
    'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "new" }) { success } }',
    async () => ({ p: projectId }),
    'member',
  ),
  write(
    'updateTask',
    `mutation ($id: ID!) { updateTask(input: { id: $id, changes: { title: "renamed" } })
      { success } }`,
    async () => ({ id: await fixtures.task() }),
    'member',
  ),
  write(
    'moveTask',
    'mutation ($id: ID!, $s: ID!) { moveTask(input: { id: $id, statusId: $s }) { success } }',
    async () => ({ id: await fixtures.task(), s: await fixtures.status() }),
    'member',
  ),
  write(
    'deleteTask',
    'mutation ($id: ID!) { deleteTask(input: { id: $id }) { success } }',
    async () => ({ id: await fixtures.task() }),
    'member',
  ),
  write(
    'bulkUpdateTasks',
    `mutation ($id: ID!) { bulkUpdateTasks(input: { updates: [{ id: $id,
      changes: { priority: HIGH } }] }) { success } }`,
    async () => ({ id: await fixtures.task() }),
    'member',
  ),
  write(
    'importTasks',
    `mutation ($p: ID!) { importTasks(input: { projectId: $p, tasks: [{ title: "imported" }] })
      { success } }`,
    async () => ({ p: projectId }),
    'member',
  ),
  write(
    'assignTask',
    'mutation ($t: ID!, $u: ID!) { assignTask(input: { taskId: $t, userId: $u }) { success } }',
    async () => ({ t: await fixtures.task(), u: userIds.owner }),
    'member',
  ),
  write(
    'setTaskLabels',
    `mutation ($t: ID!, $l: ID!) { setTaskLabels(input: { taskId: $t, labelIds: [$l] })
      { success } }`,
    async () => ({ t: await fixtures.task(), l: await fixtures.label() }),
    'member',
  ),
  write(
    'addTaskRelation',
    `mutation ($a: ID!, $b: ID!) { addTaskRelation(input: { taskId: $a, relatedTaskId: $b,
      type: RELATES }) { success } }`,
    async () => ({ a: await fixtures.task(), b: await fixtures.task() }),
    'member',
  ),
  write(
    'shareTask',
    'mutation ($t: ID!) { shareTask(taskId: $t) { success } }',
    async () => ({ t: await fixtures.task() }),
    'member',
  ),
  write(
    'unshareTask',
    'mutation ($s: ID!) { unshareTask(shareId: $s) { success } }',
    // Owner, admin and member revoke their own links; the others try the owner's.
    async (role) => ({
      s: await fixtures.shareLink(['admin', 'member'].includes(role) ? role : 'owner'),
    }),
    'member',
  ),
  read(
    'task',
    'query ($id: ID!) { task(id: $id) { shareLinks { id createdBy { name } } } }',
    async () => ({
      id: await fixtures.task(),
    }),
  ),
  write(
    'createWebhook',
    `mutation ($p: ID!) { createWebhook(input: { projectId: $p,
      url: "http://127.0.0.1:9/hook", eventTypes: ["task.created"] }) { success } }`,
    async () => ({ p: projectId }),
    'admin',
  ),
  write(
    'updateWebhook',
    'mutation ($w: ID!) { updateWebhook(input: { id: $w, eventTypes: ["*"] }) { success } }',
    async () => ({ w: await sharedWebhook() }),
    'admin',
  ),
  write(
    'rotateWebhookSecret',
    'mutation ($w: ID!) { rotateWebhookSecret(id: $w) { success } }',
    async () => ({ w: await sharedWebhook() }),
    'admin',
  ),
  write(
    'deleteWebhook',
    'mutation ($w: ID!) { deleteWebhook(id: $w) { success } }',
    async () => ({ w: await fixtures.webhook() }),
    'admin',
  ),
  {
    name: 'project.webhooks',
    query: 'query ($p: ID!) { project(id: $p) { webhooks { id url } } }',
    variables: async () => ({ p: projectId }),
    field: 'project',
    expected: {
      owner: 'OK',
      admin: 'OK',
      member: 'FORBIDDEN',
      viewer: 'FORBIDDEN',
      outsider: 'NULL',
      anonymous: 'NULL',
    },
  },
  {
    name: 'node(Webhook)',
    query: 'query ($w: ID!) { node(id: $w) { ... on Webhook { url } } }',
    variables: async () => ({ w: await sharedWebhook() }),
    field: 'node',
    expected: {
      owner: 'OK',
      admin: 'OK',
      member: 'NULL',
      viewer: 'NULL',
      outsider: 'NULL',
      anonymous: 'NULL',
    },
  },
  write(
    'setTaskRecurrence',
    `mutation ($t: ID!) { setTaskRecurrence(input: { taskId: $t, rule: "WEEKLY" }) {
      success } }`,
    async () => ({ t: await fixtures.task() }),
    'member',
  ),
  write(
    'clearTaskRecurrence',
    'mutation ($t: ID!) { clearTaskRecurrence(taskId: $t) { success } }',
    async () => {
      const t = await fixtures.task();
      await asOwner(
        'mutation ($t: ID!) { setTaskRecurrence(input: { taskId: $t, rule: "DAILY" }) { success } }',
        { t },
      );
      return { t };
    },
    'member',
  ),
  ...(['followTask', 'unfollowTask'] as const).map(
    (name): Operation => ({
      name,
      query: `mutation ($t: ID!) { ${name}(taskId: $t) { success } }`,
      variables: async () => ({ t: await fixtures.task() }),
      field: name,
      // Anyone who reads the task follows it; a viewer too.
      expected: {
        owner: 'OK',
        admin: 'OK',
        member: 'OK',
        viewer: 'OK',
        outsider: 'NOT_FOUND',
        anonymous: 'UNAUTHENTICATED',
      },
    }),
  ),
  write(
    'addComment',
    'mutation ($t: ID!) { addComment(input: { taskId: $t, body: "b" }) { success } }',
    async () => ({ t: await fixtures.task() }),
    'member',
  ),
  {
    // Any member, viewers included, may subscribe to a project's due dates.
    name: 'createCalendarFeed',
    query: 'mutation ($p: ID) { createCalendarFeed(projectId: $p) { success } }',
    variables: async () => ({ p: projectId }),
    field: 'createCalendarFeed',
    expected: {
      owner: 'OK',
      admin: 'OK',
      member: 'OK',
      viewer: 'OK',
      outsider: 'NOT_FOUND',
      anonymous: 'UNAUTHENTICATED',
    },
  },
  {
    // A feed is its creator's alone: project roles, even admin, grant nothing over it.
    name: 'revokeCalendarFeed',
    query: 'mutation ($f: ID!) { revokeCalendarFeed(id: $f) { success } }',
    variables: async () => ({
      f: (
        await asOwner(
          'mutation ($p: ID) { createCalendarFeed(projectId: $p) { calendarFeed { id } } }',
          { p: projectId },
        )
      ).createCalendarFeed.calendarFeed.id,
    }),
    field: 'revokeCalendarFeed',
    expected: {
      owner: 'OK',
      admin: 'NOT_FOUND',
      member: 'NOT_FOUND',
      viewer: 'NOT_FOUND',
      outsider: 'NOT_FOUND',
      anonymous: 'UNAUTHENTICATED',
    },
  },
  {
    name: 'calendarFeeds',
    query: '{ calendarFeeds { id } }',
    variables: async () => ({}),
    field: 'calendarFeeds',
    expected: {
      owner: 'OK',
      admin: 'OK',
      member: 'OK',
      viewer: 'OK',
      outsider: 'OK',
      anonymous: 'UNAUTHENTICATED',
    },
  },
];

beforeAll(async () => {
  server = await startTestServer('schema_authz');
  for (const role of roles.filter((r) => r !== 'anonymous')) {
    const user = await signUp(server, role);
    tokens[role] = user.token;
    userIds[role] = user.user.id;
  }
  projectId = (
    await asOwner('mutation { createProject(input: { name: "Secret" }) { project { id } } }')
  ).createProject.project.id;
  for (const [role, asRole] of [
    ['admin', 'ADMIN'],
    ['member', 'MEMBER'],
    ['viewer', 'VIEWER'],
  ] as const) {
    await asOwner(
      `mutation ($p: ID!, $u: ID!, $r: ProjectRole!) { addProjectMember(input: { projectId: $p,
        userId: $u, role: $r }) { success } }`,
      { p: projectId, u: userIds[role], r: asRole },
    );
  }
});
afterAll(() => server.close());

function outcome(response: GraphQLResponse, field: string): string {
  const codes = errorCodes(response);
  if (codes.length > 0) return codes.join(',');
  const value = response.data?.[field];
  return value === null || value === undefined ? 'NULL' : 'OK';
}

describe('authorization matrix', () => {
  for (const operation of operations) {
    it(`${operation.name}: ${operation.query.slice(0, 60).replace(/\s+/g, ' ')}`, async () => {
      const seen: Record<string, string> = {};
      for (const role of roles) {
        const response = await server.gql(
          operation.query,
          await operation.variables(role),
          tokens[role] ?? null,
        );
        seen[role] = outcome(response, operation.field);
      }
      expect(seen).toEqual(operation.expected);
    });
  }

  it('lists and searches nothing of a project you are not in', async () => {
    const listed = await server.gql('{ projects { id } }', {}, tokens.outsider);
    expect(listed.data?.projects).toEqual([]);
    const search = await server.gql(
      '{ searchTasks(query: "renamed") { totalCount } }',
      {},
      tokens.outsider,
    );
    expect(search.data?.searchTasks.totalCount).toBe(0);
    const anonymous = await server.gql('{ projects { id } }');
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('lets only the author edit a comment and the author or an admin delete it', async () => {
    const edit = 'mutation ($id: ID!) { editComment(input: { id: $id, body: "e" }) { success } }';
    const remove = 'mutation ($id: ID!) { deleteComment(input: { id: $id }) { success } }';
    const commentId = await fixtures.comment(await fixtures.task());
    expect(errorCodes(await server.gql(edit, { id: commentId }, tokens.member))).toEqual([
      'FORBIDDEN',
    ]);
    expect(errorCodes(await server.gql(remove, { id: commentId }, tokens.member))).toEqual([
      'FORBIDDEN',
    ]);
    expect(errorCodes(await server.gql(edit, { id: commentId }, tokens.owner))).toEqual([]);
    expect(errorCodes(await server.gql(remove, { id: commentId }, tokens.owner))).toEqual([]);
  });

  it('hides users you share no project with', async () => {
    const response = await server.gql(
      'query ($id: ID!) { node(id: $id) { id } }',
      { id: userIds.owner },
      tokens.outsider,
    );
    expect(response.data?.node).toBeNull();
  });
});
