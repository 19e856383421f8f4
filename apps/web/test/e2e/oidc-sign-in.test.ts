// Goal: with an OpenID provider configured (a real oidc-provider on 127.0.0.1), the sign-in page
// of a real browser offers "Sign in with Acme SSO"; clicking it and signing in at the
// provider's login form lands on the board signed in to the account with that verified email,
// while a provider account whose email is unverified comes back to the sign-in page with the
// reason and no session.
import { randomUUID } from 'node:crypto';
import { startTestOidcProvider, type TestOidcProvider } from '@raftboard/node/test/oidc-provider';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { personContext, type System, screenshot, startSystem } from '../../scripts/local-system.ts';

const run = randomUUID().slice(0, 8);
const grace = { email: `grace-${run}@example.com`, name: 'Grace Hopper' };
const mallory = { email: `mallory-${run}@example.com`, name: 'Mallory' };

let provider: TestOidcProvider;
let system: System;
let callbackUrl = '';

async function signUp(page: Page, person: { email: string; name: string }) {
  await page.goto(`${system.webUrl}/sign-up`);
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL('**/projects');
}

/** Who the page's session cookie signs in, asked through the board's own GraphQL route. */
async function signedInEmail(page: Page): Promise<string | null> {
  const response = await page.request.post(`${system.webUrl}/api/graphql`, {
    headers: { 'content-type': 'application/json' },
    data: { query: '{ me { email } }' },
  });
  const body = (await response.json()) as { data?: { me: { email: string } | null } };
  return body.data?.me?.email ?? null;
}

/** From the board's sign-in page through the provider's login form, as `login`. */
async function signInWithProvider(page: Page, login: string) {
  await page.goto(`${system.webUrl}/sign-in`);
  await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
  await page.waitForURL(`${provider.issuer}/interaction/**`);
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill('anything');
  await page.getByRole('button', { name: 'Sign in at provider' }).click();
}

beforeAll(async () => {
  provider = await startTestOidcProvider({
    redirectUris: () => [callbackUrl],
    accounts: [
      { login: 'grace', email: grace.email, emailVerified: true, name: grace.name },
      { login: 'mallory', email: mallory.email, emailVerified: false, name: 'Not Mallory' },
    ],
  });
  system = await startSystem({
    serverUrl: inject('mysqlServerUrl'),
    name: 'oidc',
    nodeEnv: (webUrl) => {
      callbackUrl = `${webUrl}/api/auth/oidc/callback`;
      return {
        RAFTBOARD_OIDC_ISSUER: provider.issuer,
        RAFTBOARD_OIDC_CLIENT_ID: provider.clientId,
        RAFTBOARD_OIDC_CLIENT_SECRET: provider.clientSecret,
        RAFTBOARD_OIDC_REDIRECT_URL: callbackUrl,
        RAFTBOARD_OIDC_NAME: 'Acme SSO',
      };
    },
  });
  // Both people already have password accounts; the provider is a second way in.
  const setup = await personContext(system, 'n1');
  const page = await setup.newPage();
  await signUp(page, grace);
  await setup.clearCookies();
  await signUp(page, mallory);
  await setup.close();
});

afterAll(async () => {
  await system?.stop();
  await provider?.close();
});

describe('sign-in with an OpenID provider in the browser', () => {
  it('signs a verified email into its existing account and lands on the board', async () => {
    const context = await personContext(system, 'n2');
    const page = await context.newPage();
    await page.goto(`${system.webUrl}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).waitFor();
    await screenshot(page, 'oidc-sign-in-page');
    await signInWithProvider(page, 'grace');
    await page.waitForURL(`${system.webUrl}/projects`, { timeout: 30_000 });
    await screenshot(page, 'oidc-signed-in-board');
    expect(await signedInEmail(page)).toBe(grace.email);
    // The state cookie was used once and is gone; the session cookie is httpOnly.
    const cookies = await context.cookies(system.webUrl);
    expect(cookies.find((cookie) => cookie.name === 'raftboard_oidc_state')).toBeUndefined();
    expect(cookies.find((cookie) => cookie.name === 'raftboard_session')?.httpOnly).toBe(true);
    await context.close();
  });

  it('brings an unverified email back to the sign-in page with the reason', async () => {
    const context = await personContext(system, 'n3');
    const page = await context.newPage();
    await signInWithProvider(page, 'mallory');
    await page.waitForURL(`${system.webUrl}/sign-in?**`, { timeout: 30_000 });
    const alert = page.getByRole('alert').filter({ hasText: 'has not verified your email' });
    await alert.waitFor();
    await screenshot(page, 'oidc-sign-in-refused');
    // The page's words come from a fixed list: a crafted ?error= shows nothing at all.
    await page.goto(`${system.webUrl}/sign-in?error=${encodeURIComponent('Call +1 555 0100')}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.getByText('Call +1 555 0100').count()).toBe(0);
    expect(await signedInEmail(page)).toBeNull();
    await context.close();
  });
});
