import { aMetric, aSeries, NOW } from '../../__testUtils__/monitoring';
import {
  chartRows,
  hasValues,
  highestValue,
  latestFigure,
  valueDomain,
} from './chartData';

describe('chart data', () => {
  it('puts the series side by side by time, keeping gaps', () => {
    expect(
      chartRows([
        {
          label: 'a',
          points: [
            [2000, 2],
            [1000, 1],
          ],
        },
        {
          label: 'b',
          points: [
            [1000, null],
            [3000, 3],
          ],
        },
      ]),
    ).toEqual([
      { t: 1000, s0: 1, s1: null },
      { t: 2000, s0: 2 },
      { t: 3000, s1: 3 },
    ]);
  });

  it('tells a metric without any value from one with zeros', () => {
    expect(hasValues(aMetric('errorRate', [aSeries('x', [null, null])]))).toBe(
      false,
    );
    expect(hasValues(aMetric('errorRate', []))).toBe(false);
    expect(hasValues(undefined)).toBe(false);
    expect(hasValues(aMetric('errorRate', [aSeries('x', [null, 0])]))).toBe(
      true,
    );
  });

  it('finds the last value and its time, telling a figure at the end of the range from an older one', () => {
    const end = NOW.getTime();
    expect(latestFigure(aSeries('x', [1, 2]))).toEqual({
      value: 2,
      at: end,
      atEnd: true,
    });
    expect(latestFigure(aSeries('x', [1, 2, null]))).toEqual({
      value: 2,
      at: end - 60_000,
      atEnd: false,
    });
    expect(latestFigure(aSeries('x', [null]))).toBeNull();
    expect(latestFigure(undefined)).toBeNull();
  });

  it('finds the highest value of several metrics', () => {
    expect(
      highestValue([
        aMetric('latency', [aSeries('p99', [3, null, 9])]),
        undefined,
        aMetric('latency', [aSeries('p99', [12])]),
      ]),
    ).toBe(12);
    expect(highestValue([aMetric('latency', [])])).toBeUndefined();
  });

  it('scales a chart to the shared highest value, or to its own values when there is none or it is zero', () => {
    expect(valueDomain(12)).toEqual([0, 12]);
    expect(valueDomain(undefined)).toEqual([0, 'auto']);
    expect(valueDomain(0)).toEqual([0, 'auto']);
  });
});
