/** "1 task", "2 tasks": a count with its noun (regular English plurals only). */
export function countOf(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
