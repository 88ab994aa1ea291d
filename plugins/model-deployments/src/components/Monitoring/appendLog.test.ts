import { appendLog } from './appendLog';

describe('appendLog', () => {
  it('appends a chunk, even one that ends in the middle of a line', () => {
    expect(appendLog('a\nb', 'c\nd')).toBe('a\nbc\nd');
  });

  it('keeps the last lines only', () => {
    expect(appendLog('one\ntwo\n', 'three\nfour\n', 3)).toBe(
      'two\nthree\nfour\n',
    );
    expect(appendLog('one\ntwo\n', 'three\nfo', 3)).toBe('two\nthree\nfo');
    expect(appendLog('one\ntwo\n', 'three\n', 3)).toBe('one\ntwo\nthree\n');
  });
});
