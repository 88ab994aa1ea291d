import { splitFollowStopped } from './followStopped';

const STOPPED =
  '--- Stopped following after 30 min, the longest one follow lasts; follow again to continue ---';

describe('splitFollowStopped', () => {
  it("takes the backend's last line off the log, and gives its words", () => {
    expect(splitFollowStopped(`line 1\nline 2\n${STOPPED}\n`)).toEqual({
      text: 'line 1\nline 2\n',
      stopped:
        'Stopped following after 30 min, the longest one follow lasts; follow again to continue',
    });
    expect(splitFollowStopped(`${STOPPED}\n`)).toEqual({
      text: '',
      stopped:
        'Stopped following after 30 min, the longest one follow lasts; follow again to continue',
    });
  });

  it('gives back a log that does not end with it as it is', () => {
    for (const log of [
      '',
      'line 1\n',
      `${STOPPED}\nline 3\n`,
      'line 1\n--- Stopped following after 30 min, but not the whole line',
    ]) {
      expect(splitFollowStopped(log)).toEqual({ text: log });
    }
  });
});
