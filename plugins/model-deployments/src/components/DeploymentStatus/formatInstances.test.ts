import { formatInstances, observedCount } from './formatInstances';

describe('observed instances as text', () => {
  it('shows a count nobody observed as "—"', () => {
    expect(observedCount(null)).toBe('—');
    expect(observedCount(0)).toBe('0');
  });

  it('shows ready and current of desired, and only desired before anything was observed', () => {
    expect(formatInstances({ desired: 3, current: 3, ready: 2 })).toBe(
      '2 ready, 3 / 3',
    );
    expect(formatInstances({ desired: 2, current: null, ready: null })).toBe(
      '— / 2',
    );
  });
});
