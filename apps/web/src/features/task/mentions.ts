/** A project member as the @mention autocomplete offers them. */
export interface MentionCandidate {
  id: string;
  name: string;
  /** Lower-case handle, as the API parses it from `@username`. */
  username: string;
}

/** The `@word` being typed at the caret: `text.slice(start, end)` is `@` + query (+ its tail). */
export interface MentionQuery {
  start: number;
  end: number;
  query: string;
}

/** Bound on the suggestions shown at once. */
export const mentionSuggestionsMax = 8;

/**
 * Mirrors the server's mention grammar (packages/db parseMentions): `@` not preceded by a word
 * character, `@` or `.`, then handle characters.
 */
const mentionBeforeCaret = /(?:^|[^\w@.])@([a-z0-9_.-]{0,64})$/i;
const handleCharacters = /^[a-z0-9_.-]*/i;

/** The mention being typed at `caret`, or null when the caret is not inside an `@word`. */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const match = mentionBeforeCaret.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1] ?? '';
  const tail = handleCharacters.exec(text.slice(caret))?.[0] ?? '';
  return { start: caret - query.length - 1, end: caret + tail.length, query };
}

/**
 * The members a query suggests, best first: username prefix, then a prefix of a word of the
 * name, then anywhere in the username; ties by username. An empty query lists everyone.
 */
export function matchMembers<Member extends MentionCandidate>(
  members: readonly Member[],
  query: string,
  limit = mentionSuggestionsMax,
): Member[] {
  const needle = query.toLowerCase();
  const rank = (member: Member): number => {
    const username = member.username.toLowerCase();
    if (username.startsWith(needle)) return 0;
    const words = member.name.toLowerCase().split(/\s+/);
    if (words.some((word) => word.startsWith(needle))) return 1;
    return username.includes(needle) ? 2 : -1;
  };
  return members
    .map((member) => ({ member, score: rank(member) }))
    .filter((entry) => entry.score >= 0)
    .sort((a, b) => a.score - b.score || a.member.username.localeCompare(b.member.username))
    .slice(0, limit)
    .map((entry) => entry.member);
}

/**
 * The text after choosing `username` for `mention`: the `@word` becomes `@username ` (one space
 * after it, not two), and the caret goes after that space.
 */
export function insertMention(
  text: string,
  mention: MentionQuery,
  username: string,
): { text: string; caret: number } {
  const before = `${text.slice(0, mention.start)}@${username}`;
  const rest = text.slice(mention.end);
  const after = rest.startsWith(' ') ? rest : ` ${rest}`;
  return { text: before + after, caret: before.length + 1 };
}
