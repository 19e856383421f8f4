/**
 * Where to go after signing in: a path on this site only (no open redirect). `//host` and
 * `/\host` leave the site in browsers, and control characters have no place in a path.
 */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/projects';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused
  return /[\u0000-\u001f\u007f]/.test(next) ? '/projects' : next;
}
