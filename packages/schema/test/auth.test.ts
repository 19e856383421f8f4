// Goal: people sign up, in and out with argon2id passwords and hashed session tokens, mint
// scoped API tokens, and are rate limited, all through yoga.fetch against real MySQL.
import { uuidv7 } from '@raftboard/uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, signUp, startTestServer, type TestServer } from '../src/testing/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('schema_auth');
});
afterAll(() => server.close());

const me = '{ me { id name username email } }';

describe('sessions', () => {
  it('signs up, answers me, signs out and stops accepting the token', async () => {
    const alice = await signUp(server, 'Alice');
    expect(alice.token).toMatch(/^rbs_/);
    const mine = await server.gql(me, {}, alice.token);
    expect(mine.data?.me).toMatchObject({ id: alice.user.id, name: 'Alice', email: alice.email });
    const out = await server.gql('mutation { signOut { success index } }', {}, alice.token);
    expect(out.data?.signOut.success).toBe(true);
    expect((await server.gql(me, {}, alice.token)).data?.me).toBeNull();
  });

  it('signs up with a requestId: its session is proposed under a UUIDv7 of its own', async () => {
    const signUpOnce = 'mutation ($i: SignUpInput!) { signUp(input: $i) { token user { id } } }';
    const input = {
      email: 'dora@example.test',
      password: 'correct horse battery',
      name: 'Dora',
      requestId: uuidv7(),
    };
    const first = await server.gql(signUpOnce, { i: input });
    expect(first.errors).toBeUndefined();
    const mine = await server.gql(me, {}, first.data?.signUp.token);
    expect(mine.data?.me).toMatchObject({ id: first.data?.signUp.user.id, name: 'Dora' });
  });

  it('signs in with the right password only, without saying which part was wrong', async () => {
    const bob = await signUp(server, 'Bob');
    const signIn = 'mutation ($i: SignInInput!) { signIn(input: $i) { token user { id } } }';
    const wrong = await server.gql(signIn, { i: { email: bob.email, password: 'nope nope' } });
    expect(errorCodes(wrong)).toEqual(['UNAUTHENTICATED']);
    const unknown = await server.gql(signIn, {
      i: { email: 'nobody@example.test', password: 'whatever1' },
    });
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
    const right = await server.gql(signIn, {
      i: { email: bob.email.toUpperCase(), password: 'correct horse battery' },
    });
    expect(right.data?.signIn.user.id).toBe(bob.user.id);
  });

  it('rejects a taken email with CONFLICT and bad input with BAD_USER_INPUT', async () => {
    const carol = await signUp(server, 'Carol');
    const again = await server.gql('mutation ($i: SignUpInput!) { signUp(input: $i) { token } }', {
      i: { email: carol.email, password: 'long enough 1', name: 'Carol 2' },
    });
    expect(errorCodes(again)).toEqual(['CONFLICT']);
    const short = await server.gql('mutation ($i: SignUpInput!) { signUp(input: $i) { token } }', {
      i: { email: 'short@example.test', password: 'x', name: 'S' },
    });
    expect(errorCodes(short)).toEqual(['BAD_USER_INPUT']);
  });

  it('rate limits sign-in attempts per email', async () => {
    const signIn = 'mutation ($i: SignInInput!) { signIn(input: $i) { token } }';
    const codes: string[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      const r = await server.gql(signIn, { i: { email: 'limited@example.test', password: 'x' } });
      codes.push(...errorCodes(r));
    }
    expect(codes.slice(0, 10).every((code) => code === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });
});

describe('API tokens', () => {
  it('creates a read-only token that can read but not write, lists and revokes it', async () => {
    const dave = await signUp(server, 'Dave');
    const created = await server.gql(
      'mutation { createApiToken(name: "ci", scopes: [READ]) { token apiToken { id scopes } } }',
      {},
      dave.token,
    );
    const { token, apiToken } = created.data?.createApiToken ?? {};
    expect(token).toMatch(/^rbp_/);
    expect(apiToken.scopes).toEqual(['READ']);
    expect((await server.gql(me, {}, token)).data?.me.id).toBe(dave.user.id);
    const mint = await server.gql(
      'mutation { createApiToken(name: "x", scopes: [READ]) { token } }',
      {},
      token,
    );
    expect(errorCodes(mint)).toEqual(['FORBIDDEN']);
    const listed = await server.gql('{ apiTokens { id name revokedAt } }', {}, dave.token);
    expect(listed.data?.apiTokens).toEqual([{ id: apiToken.id, name: 'ci', revokedAt: null }]);
    const revoked = await server.gql(
      'mutation ($id: ID!) { revokeApiToken(id: $id) { success apiToken { revokedAt } } }',
      { id: apiToken.id },
      dave.token,
    );
    expect(revoked.data?.revokeApiToken.apiToken.revokedAt).not.toBeNull();
    expect((await server.gql(me, {}, token)).data?.me).toBeNull();
  });

  it('hides other people’s tokens as NOT_FOUND', async () => {
    const erin = await signUp(server, 'Erin');
    const frank = await signUp(server, 'Frank');
    const created = await server.gql(
      'mutation { createApiToken(name: "e", scopes: [READ, WRITE]) { apiToken { id } } }',
      {},
      erin.token,
    );
    const id = created.data?.createApiToken.apiToken.id;
    const stolen = await server.gql(
      'mutation ($id: ID!) { revokeApiToken(id: $id) { success } }',
      { id },
      frank.token,
    );
    expect(errorCodes(stolen)).toEqual(['NOT_FOUND']);
  });
});
