// Goal: the node's cache of credentials and roles saves a MySQL read per request without ever
// letting a revoked token, a removed member or a demoted one act past the entry that changed
// it: apply drops the cache before the change's proposer hears back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessCache } from '../src/auth/access-cache.ts';
import { EventHub } from '../src/live/event-hub.ts';
import { errorCodes, signUp, startTestServer, type TestServer } from '../src/testing/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('schema_access_cache');
});
afterAll(() => server.close());

const projectName = '{ project(id: $p) { name viewerRole } }';

describe('the access cache through the API', () => {
  it('refuses a removed member at once, and answers a re-added one with the new role', async () => {
    const owner = await signUp(server, 'Owner');
    const member = await signUp(server, 'Member');
    const created = await server.gql(
      'mutation { createProject(input: { name: "Cached" }) { project { id } } }',
      {},
      owner.token,
    );
    const projectId = created.data?.createProject.project.id as string;
    const membership = (role: string) =>
      server.gql(
        `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
          role: ${role} }) { success } }`,
        { p: projectId, u: member.user.id },
        owner.token,
      );
    const read = () => server.gql(`query ($p: ID!) ${projectName}`, { p: projectId }, member.token);

    expect((await read()).data?.project).toBeNull();
    expect((await membership('MEMBER')).data?.addProjectMember.success).toBe(true);
    // Twice: the second answer comes from the warm cache.
    expect((await read()).data?.project).toEqual({ name: 'Cached', viewerRole: 'MEMBER' });
    expect((await read()).data?.project).toEqual({ name: 'Cached', viewerRole: 'MEMBER' });

    const removed = await server.gql(
      'mutation ($p: ID!, $u: ID!) { removeProjectMember(input: { projectId: $p, userId: $u }) { success } }',
      { p: projectId, u: member.user.id },
      owner.token,
    );
    expect(removed.data?.removeProjectMember.success).toBe(true);
    expect((await read()).data?.project).toBeNull();
    const write = await server.gql(
      'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "sneaky" }) { task { id } } }',
      { p: projectId },
      member.token,
    );
    expect(errorCodes(write)).toEqual(['NOT_FOUND']);

    await membership('VIEWER');
    expect((await read()).data?.project).toEqual({ name: 'Cached', viewerRole: 'VIEWER' });
  });

  it('stops a revoked API token on its next request after a cached one', async () => {
    const alice = await signUp(server, 'Alice');
    const minted = await server.gql(
      'mutation { createApiToken(name: "ci", scopes: [READ]) { token apiToken { id } } }',
      {},
      alice.token,
    );
    const token = minted.data?.createApiToken.token as string;
    const me = () => server.gql('{ me { id } }', {}, token);
    expect((await me()).data?.me).toEqual({ id: alice.user.id });
    expect((await me()).data?.me).toEqual({ id: alice.user.id });
    await server.gql(
      'mutation ($id: ID!) { revokeApiToken(id: $id) { success } }',
      { id: minted.data?.createApiToken.apiToken.id },
      alice.token,
    );
    expect((await me()).data?.me).toBeNull();
  });
});

describe('AccessCache', () => {
  const session = (expiresAt: Date | null) => ({ id: 's1', userId: 'u1', expiresAt });

  it('keeps a credential until an access-changing batch, and never past its expiry', async () => {
    const hub = new EventHub();
    const cache = AccessCache.following(hub);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return session(new Date('2026-01-01T00:10:00Z'));
    };
    const at = (time: string) => new Date(`2026-01-01T${time}Z`);
    expect(await cache.credential('h', at('00:00:00'), load)).toMatchObject({ id: 's1' });
    expect(await cache.credential('h', at('00:05:00'), load)).toMatchObject({ id: 's1' });
    expect(loads).toBe(1);
    expect(await cache.credential('h', at('00:10:00'), load)).toBeUndefined();
    hub.publish({ appliedIndex: 7, events: [] });
    expect(await cache.credential('h', at('00:00:00'), load)).toBeDefined();
    expect(loads).toBe(1);
    hub.publish({ appliedIndex: 8, events: [], accessChanged: true });
    expect(await cache.credential('h', at('00:00:00'), load)).toBeDefined();
    expect(loads).toBe(2);
  });

  it('does not keep what a load read before a drop that happened while it ran', async () => {
    const cache = new AccessCache();
    let finish: (role: 'member') => void = () => {};
    const slow = cache.role('u1', 'p1', () => new Promise((resolve) => (finish = resolve)));
    cache.drop();
    finish('member');
    expect(await slow).toBe('member');
    // Not kept: the next load runs, and what it reads (no role) is kept instead.
    expect(await cache.role('u1', 'p1', async () => null)).toBeNull();
    expect(await cache.role('u1', 'p1', async () => 'admin')).toBeNull();
  });
});
