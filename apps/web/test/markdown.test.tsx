// Goal: descriptions and comments render GitHub-flavoured Markdown but never raw HTML or
// script links, so a task cannot inject markup into the board or a shared page.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../src/features/task/markdown.tsx';

describe('Markdown', () => {
  it('renders GFM: emphasis, task lists, tables, strikethrough', () => {
    const html = renderToStaticMarkup(
      <Markdown text={'**bold** ~~gone~~\n\n- [x] done\n\n| a | b |\n| - | - |\n| 1 | 2 |'} />,
    );
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('<td>1</td>');
  });

  it('drops raw HTML and javascript: links; other links open safely', () => {
    const html = renderToStaticMarkup(
      <Markdown
        text={
          '<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](https://example.com)'
        }
      />,
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="noopener noreferrer"');
  });
});
