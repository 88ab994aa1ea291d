import { chartTimeFormat, formatTimeOfDay } from './chartTimes';

const HOUR_MS = 3_600_000;

describe('chartTimeFormat', () => {
  it('shows the time of day on charts shorter than a day', () => {
    for (const span of [15 * 60_000, 6 * HOUR_MS, 24 * HOUR_MS - 1]) {
      const options = chartTimeFormat(span).resolvedOptions();
      expect(options.month).toBeUndefined();
      expect(options.day).toBeUndefined();
      expect(options.minute).toBe('2-digit');
    }
  });

  it('shows the day too from 24 hours on, where the same time comes twice', () => {
    for (const span of [24 * HOUR_MS, 7 * 24 * HOUR_MS]) {
      const options = chartTimeFormat(span).resolvedOptions();
      expect(options.month).toBe('short');
      expect(options.day).toBe('numeric');
    }
  });
});

describe('formatTimeOfDay', () => {
  it('gives hours and minutes', () => {
    const t = new Date(2026, 10, 26, 10, 42, 30).getTime();
    expect(formatTimeOfDay(t)).toMatch(/10.42/);
  });
});
