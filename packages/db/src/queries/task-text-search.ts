import { like, or, type SQL, sql } from 'drizzle-orm';
import { tasks } from '../schema/tasks.ts';

/**
 * InnoDB's `innodb_ft_min_token_size` default on MariaDB 10.11 and MySQL 8: shorter words are
 * not in the FULLTEXT index, so they are matched with LIKE on the rows the index found.
 */
export const fulltextWordLengthMin = 3;
/** InnoDB's `innodb_ft_max_token_size` default: longer words are not indexed either. */
const fulltextWordLengthMax = 84;

/**
 * InnoDB's default stopwords (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD, the same list on
 * MariaDB 10.11 and MySQL 8). They are never indexed, so a required `+the*` would match nothing;
 * like short words they are matched with LIKE instead.
 */
const fulltextStopwords = new Set(
  (
    'a about an are as at be by com de en for from how i in is it la of on or that the this to ' +
    'was what when where who will with und www'
  ).split(' '),
);

/** Escapes LIKE wildcards so a pattern matches the text literally. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function inTitleOrDescription(text: string): SQL {
  const pattern = likeContains(text);
  return or(like(tasks.title, pattern), like(tasks.description, pattern)) as SQL;
}

function indexable(word: string): boolean {
  const { length } = word;
  return length >= fulltextWordLengthMin && length <= fulltextWordLengthMax
    ? !fulltextStopwords.has(word)
    : false;
}

/**
 * Tasks whose title or description has every word of `text` (case-insensitive): a word of the
 * index's size must start a word (`tasks_text_idx`, MATCH ... AGAINST in boolean mode, each
 * word `+word*`); a shorter word or a stopword must appear anywhere (LIKE, checked only on the
 * rows the index found). Text with no indexable word falls back to LIKE alone, which reads every
 * task of the projects: that is the one slow search, and it needs a 1–2 letter query.
 */
export function textSearchCondition(text: string): SQL {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0) return inTitleOrDescription(text);
  const indexed = words.filter(indexable);
  const parts = words.filter((word) => !indexable(word)).map(inTitleOrDescription);
  if (indexed.length > 0) {
    const required = indexed.map((word) => `+${word}*`).join(' ');
    parts.unshift(
      sql`MATCH (${tasks.title}, ${tasks.description}) AGAINST (${required} IN BOOLEAN MODE)`,
    );
  }
  return sql.join(parts, sql` AND `);
}
