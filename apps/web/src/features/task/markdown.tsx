import { createElement } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/** Typography for rendered Markdown, scoped to the wrapper (no global prose styles). */
const markdownClassName = [
  'break-words text-sm leading-relaxed',
  '[&_p]:my-1.5 [&_ul]:my-1.5 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-1.5 [&_ol]:list-decimal',
  '[&_ol]:pl-5 [&_li]:my-0.5 [&_a]:text-accent [&_a]:underline [&_strong]:font-semibold',
  '[&_h1]:mt-3 [&_h1]:text-base [&_h1]:font-semibold [&_h2]:mt-3 [&_h2]:font-semibold',
  '[&_h3]:mt-2 [&_h3]:font-medium [&_code]:rounded [&_code]:bg-surface-2 [&_code]:px-1',
  '[&_code]:text-[0.85em] [&_pre]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-md',
  '[&_pre]:bg-surface-2 [&_pre]:p-2 [&_pre_code]:p-0 [&_blockquote]:border-l-2',
  '[&_blockquote]:border-line [&_blockquote]:pl-3 [&_blockquote]:text-muted [&_hr]:border-line',
  '[&_table]:my-2 [&_table]:border-collapse [&_td]:border [&_td]:border-line [&_td]:px-2',
  '[&_th]:border [&_th]:border-line [&_th]:px-2 [&_th]:text-left [&_del]:text-muted',
].join(' ');

type HeadingTag = 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
const headingTags: HeadingTag[] = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/**
 * Renderers for one heading offset: a Markdown `#` becomes `h<1 + offset>` (at most h6), so text
 * written by people never breaks the outline of the page around it.
 */
function componentsFor(headingOffset: number): Components {
  const components: Components = {
    // Links leave the board in a new tab and tell the target nothing about where they came from.
    a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
  };
  headingTags.forEach((tag, level) => {
    const shifted = headingTags[Math.min(level + headingOffset, headingTags.length - 1)] ?? 'h6';
    components[tag] = ({ node: _node, ...props }) => createElement(shifted, props);
  });
  return components;
}

/** Bound on the heading offset (h1 + 3 = h4 is already deep). */
const headingOffsetMax = 3;
const componentsByOffset = Array.from({ length: headingOffsetMax + 1 }, (_, offset) =>
  componentsFor(offset),
);

/**
 * Markdown (GitHub flavour) rendered safely: raw HTML is dropped (`skipHtml`, and no
 * rehype-raw), and react-markdown's default URL filter removes `javascript:` and other unsafe
 * links, so a comment or description can never inject markup or script. Headings are shifted
 * by `headingOffset` to fit the page's outline.
 */
export function Markdown({
  text,
  headingOffset = 2,
  className = '',
}: {
  text: string;
  /** Levels to shift headings by: 2 (default) puts `#` at h3, below a dialog's h2 title. */
  headingOffset?: number;
  className?: string;
}) {
  const offset = Math.max(0, Math.min(headingOffset, headingOffsetMax));
  return (
    <div className={`${markdownClassName} ${className}`}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml components={componentsByOffset[offset]}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
