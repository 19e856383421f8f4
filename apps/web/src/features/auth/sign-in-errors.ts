/**
 * What the sign-in page says when a sign-in through the provider failed. The callback route
 * sends only one of these keys in `?error=`, never free text, so a crafted link cannot make the
 * page say anything else.
 */
export const providerSignInErrors = {
  denied: 'The provider did not sign you in: you cancelled, or it refused.',
  stateExpired: 'The sign-in took too long. Start it again.',
  stateInvalid:
    'This sign-in was not started in this browser, or it was already used. Start it again.',
  provider: 'The provider’s answer could not be verified. Try again.',
  emailNotVerified:
    'Your provider has not verified your email address. Accounts are linked or made only by a ' +
    'verified email: verify it at the provider, or sign in with your password.',
  noEmail: 'Your provider shared no email address. Allow it to, and try again.',
  rateLimited: 'Too many sign-in attempts. Wait a minute and try again.',
  unavailable: 'The sign-in provider or the board cannot be reached right now. Try again.',
  notConfigured: 'Sign-in with a provider is not set up on this board.',
  failed: 'Sign-in with the provider failed. Try again.',
} as const;

/** A key of `providerSignInErrors`. */
export type ProviderSignInError = keyof typeof providerSignInErrors;

/** The message for `key` from the page's URL, or null for anything that is not a known key. */
export function providerSignInErrorMessage(key: string | null): string | null {
  return key !== null && Object.hasOwn(providerSignInErrors, key)
    ? providerSignInErrors[key as ProviderSignInError]
    : null;
}

/** The key for a node's refusal of a provider sign-in (its code and `extensions.reason`). */
export function providerSignInErrorFor(
  error: { extensions?: { code?: string; reason?: unknown } } | undefined,
): ProviderSignInError {
  const reason = error?.extensions?.reason;
  if (reason === 'browser') return 'stateInvalid';
  if (typeof reason === 'string' && Object.hasOwn(providerSignInErrors, reason)) {
    return reason as ProviderSignInError;
  }
  switch (error?.extensions?.code) {
    case 'RATE_LIMITED':
      return 'rateLimited';
    case 'UNAVAILABLE':
      return 'unavailable';
    case 'NOT_FOUND':
      return 'notConfigured';
    default:
      return 'failed';
  }
}
