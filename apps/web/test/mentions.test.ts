// Goal: the comment box's @mention autocomplete finds the word being typed at the caret, offers
// the members a person most likely means, and inserts exactly `@username ` where they typed.
import { describe, expect, it } from 'vitest';
import { insertMention, matchMembers, mentionQueryAt } from '../src/features/task/mentions.ts';

const members = [
  { id: 'u1', name: 'Ada Lovelace', username: 'ada' },
  { id: 'u2', name: 'Grace Hopper', username: 'grace' },
  { id: 'u3', name: 'Adam Smith', username: 'asmith' },
  { id: 'u4', name: 'Linus Torvalds', username: 'linus_ada' },
];

describe('mentionQueryAt', () => {
  it('finds the @word that ends at the caret', () => {
    expect(mentionQueryAt('hi @ad', 6)).toEqual({ start: 3, end: 6, query: 'ad' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, end: 1, query: '' });
  });

  it('takes the rest of the word after the caret into the replaced range', () => {
    expect(mentionQueryAt('hi @adxy there', 6)).toEqual({ start: 3, end: 8, query: 'ad' });
  });

  it('ignores e-mail addresses, double @ and words after a space', () => {
    expect(mentionQueryAt('mail ada@example.com', 20)).toBeNull();
    expect(mentionQueryAt('@@ada', 5)).toBeNull();
    expect(mentionQueryAt('@ada is here', 12)).toBeNull();
  });
});

describe('matchMembers', () => {
  it('ranks username prefixes, then name words, then username substrings', () => {
    expect(matchMembers(members, 'ada').map((member) => member.username)).toEqual([
      'ada',
      'asmith',
      'linus_ada',
    ]);
  });

  it('is case-insensitive, lists everyone for an empty query, and respects the limit', () => {
    expect(matchMembers(members, 'GRA').map((member) => member.id)).toEqual(['u2']);
    expect(matchMembers(members, '')).toHaveLength(4);
    expect(matchMembers(members, '', 2)).toHaveLength(2);
    expect(matchMembers(members, 'zzz')).toEqual([]);
  });
});

describe('insertMention', () => {
  it('replaces the typed @word with @username and a space, caret after it', () => {
    const text = 'thanks @gr';
    const mention = mentionQueryAt(text, text.length);
    expect(mention).not.toBeNull();
    const result = insertMention(text, mention!, 'grace');
    expect(result).toEqual({ text: 'thanks @grace ', caret: 14 });
  });

  it('does not double a space that already follows the word', () => {
    const text = 'ask @a about it';
    const mention = mentionQueryAt(text, 6)!;
    expect(insertMention(text, mention, 'ada')).toEqual({ text: 'ask @ada about it', caret: 9 });
  });
});
