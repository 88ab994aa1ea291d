import { formatMetricValue } from './formatMetricValue';

describe('formatMetricValue', () => {
  it.each([
    [12.345, 'requests/s', '12.3 req/s'],
    [0.0251, 'requests/s', '0.0251 req/s'],
    [0.0012, 'cores', '0.0012 cores'],
    [0.0015, 'cores', '0.0015 cores'],
    [230, 'ms', '230 ms'],
    [1250.4, 'ms', '1,250 ms'],
    [1.5, 'percent', '1.5 %'],
    [0.25, 'cores', '0.25 cores'],
    [1, 'cores', '1 core'],
    [512 * 2 ** 20, 'bytes', '512 MiB'],
    [2.5 * 2 ** 30, 'bytes', '2.5 GiB'],
    [0, 'bytes', '0 MiB'],
    [0, 'instances', '0 instances'],
    [1, 'instances', '1 instance'],
  ] as const)('shows %s %s as %s', (value, unit, shown) => {
    expect(formatMetricValue(value, unit)).toBe(shown);
  });

  it('shows a missing value as a dash, never as zero', () => {
    expect(formatMetricValue(null, 'percent')).toBe('—');
    expect(formatMetricValue(Number.NaN, 'ms')).toBe('—');
  });
});
