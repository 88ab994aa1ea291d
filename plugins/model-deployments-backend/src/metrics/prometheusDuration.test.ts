import {
  formatPrometheusDuration,
  parsePrometheusDuration,
} from './prometheusDuration';

describe('Prometheus durations', () => {
  it.each([
    ['1m', 60_000],
    ['30s', 30_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1m500ms', 60_500],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parsePrometheusDuration(text)).toBe(ms);
  });

  it.each(['', '1', '1.5m', '30m1h', 'm', '1 m', '-1m'])('refuses %p', text => {
    expect(parsePrometheusDuration(text)).toBeUndefined();
  });

  it('writes whole seconds in seconds, and the rest in milliseconds', () => {
    expect(formatPrometheusDuration(60_000)).toBe('60s');
    expect(formatPrometheusDuration(1500)).toBe('1500ms');
  });
});
