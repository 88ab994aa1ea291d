import { useState } from 'react';

/**
 * Moving through a list that the API returns a page at a time with cursors: `cursor` is the page to read
 * (undefined: the first), and `pager(nextCursor)` moves forward with the cursor the page read gave, and
 * back. A new `key` (the query, as a string) starts again at the first page.
 */
export function useCursorPages(key: string) {
  // The cursors of the pages seen so far; the last is the page shown (undefined: the first page).
  const [pages, setPages] = useState<{
    key: string;
    cursors: (string | undefined)[];
  }>({ key, cursors: [undefined] });
  const cursors = pages.key === key ? pages.cursors : [undefined];
  return {
    cursor: cursors[cursors.length - 1],
    pager: (nextCursor: string | undefined) => ({
      hasPrevious: cursors.length > 1,
      hasNext: Boolean(nextCursor),
      next: () => setPages({ key, cursors: [...cursors, nextCursor] }),
      previous: () => setPages({ key, cursors: cursors.slice(0, -1) }),
    }),
  };
}
