import { aSeries } from '../../__testUtils__/monitoring';
import { seriesSummary } from './seriesSummary';

const times = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

describe('seriesSummary', () => {
  it('gives the latest, lowest and highest value with the unit', () => {
    expect(
      seriesSummary(aSeries('p99', [180, null, 230, 210]), 'ms', times),
    ).toBe('p99: latest 210 ms, lowest 180 ms, highest 230 ms');
  });

  it('says when the latest value was measured when it is older than the end of the range (10:00 UTC)', () => {
    expect(
      seriesSummary(
        aSeries('Error rate (5xx)', [1, 2.5, null]),
        'percent',
        times,
      ),
    ).toBe(
      'Error rate (5xx): latest 2.5 % at 09:59, lowest 1 %, highest 2.5 %',
    );
  });

  it('says that a series without a value has none', () => {
    expect(seriesSummary(aSeries('p50', [null, null]), 'ms', times)).toBe(
      'p50: no value in this range',
    );
  });
});
