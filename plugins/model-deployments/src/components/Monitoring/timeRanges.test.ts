import { metricsQuerySchema } from '@modelops/plugin-model-deployments-common';
import { NOW } from '../../__testUtils__/monitoring';
import { rangeQuery, TIME_RANGES } from './timeRanges';

describe('rangeQuery', () => {
  it('ends now (at the last whole step), starts the range before, and steps as the backend would by default', () => {
    expect(rangeQuery('15m', NOW)).toEqual({
      from: '2026-11-26T09:45:00.000Z',
      to: '2026-11-26T10:00:00.000Z',
      step: 15,
    });
    expect(rangeQuery('6h', NOW)).toEqual({
      from: '2026-11-26T04:00:00.000Z',
      to: '2026-11-26T10:00:00.000Z',
      step: 90,
    });
    expect(rangeQuery('7d', NOW)).toEqual({
      from: '2026-11-19T09:48:00.000Z',
      to: '2026-11-26T09:48:00.000Z',
      step: 2520,
    });
  });

  it('starts and ends at whole steps, so reads within a step ask for the same points', () => {
    const query = {
      from: '2026-11-26T09:00:00.000Z',
      to: '2026-11-26T10:00:00.000Z',
      step: 15,
    };
    expect(rangeQuery('1h', new Date('2026-11-26T10:00:07.500Z'))).toEqual(
      query,
    );
    expect(rangeQuery('1h', new Date('2026-11-26T10:00:14.999Z'))).toEqual(
      query,
    );
    expect(rangeQuery('1h', new Date('2026-11-26T10:00:15.000Z'))).toEqual({
      from: '2026-11-26T09:00:15.000Z',
      to: '2026-11-26T10:00:15.000Z',
      step: 15,
    });
  });

  it('gives a query the backend accepts for every range offered', () => {
    for (const range of TIME_RANGES) {
      expect(
        metricsQuerySchema.safeParse(rangeQuery(range.id, NOW)).success,
      ).toBe(true);
    }
  });
});
