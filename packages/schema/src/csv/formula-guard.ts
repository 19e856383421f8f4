/**
 * CSV formula injection guard (OWASP "CSV Injection"): a spreadsheet runs a cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, so every such cell is
 * written with a single quote in front, which makes it text.
 *
 * A cell that already starts with a single quote gets one more, so that `unguardedCell` undoes
 * exactly what `guardedCell` did: an exported file imports back to the same text.
 *
 * papaparse's own `escapeFormulae: true` is not used: its pattern (`/^[=+\-@\t\r].*$/`) has no
 * `s` flag, so a cell whose formula is followed by a line break ("=HYPERLINK(...)\nmore") does
 * not match and goes out unguarded.
 */
export const formulaTriggerPattern = /^[=+\-@\t\r']/;

/** `text`, with a single quote in front when a spreadsheet could read it as a formula. */
export function guardedCell(text: string): string {
  return formulaTriggerPattern.test(text) ? `'${text}` : text;
}

/**
 * Undoes `guardedCell`: drops the leading single quote of a cell when what follows is one that
 * `guardedCell` would have quoted. Any other cell is returned as it is.
 */
export function unguardedCell(cell: string): string {
  return cell.startsWith("'") && formulaTriggerPattern.test(cell.slice(1)) ? cell.slice(1) : cell;
}
