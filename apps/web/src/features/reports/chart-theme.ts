/**
 * Colours and axis styling shared by the report charts. Everything goes through the theme's CSS
 * variables (globals.css), so the charts switch with the page between light and dark.
 */
export const chartColors = {
  accent: 'var(--color-accent)',
  warn: 'var(--color-warn)',
  danger: 'var(--color-danger)',
  muted: 'var(--muted)',
  line: 'var(--line)',
  ink: 'var(--ink)',
} as const;

/** Tick labels in the muted text colour, small. */
export const axisTick = { fill: chartColors.muted, fontSize: 11 } as const;

/** Props of every axis: quiet lines, muted ticks. */
export const axisProps = {
  tick: axisTick,
  stroke: chartColors.line,
  tickLine: false,
} as const;

/** The tooltip box on the page's surface, readable in both themes. */
export const tooltipProps = {
  contentStyle: {
    background: 'var(--surface)',
    border: '1px solid var(--line)',
    borderRadius: 6,
    color: 'var(--ink)',
    fontSize: 12,
  },
  labelStyle: { color: 'var(--ink)', fontWeight: 600 },
  itemStyle: { color: 'var(--ink)' },
  cursor: { fill: 'var(--surface-2)' },
} as const;

/** Legend text in the muted colour. */
export const legendProps = {
  wrapperStyle: { fontSize: 12, color: 'var(--muted)' },
  iconSize: 10,
} as const;
