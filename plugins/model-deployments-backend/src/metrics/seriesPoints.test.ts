import { pointsAt, rangeTimes, sampleValue } from './seriesPoints';

describe('series points', () => {
  it('reads NaN and infinities as no figure', () => {
    expect(sampleValue([1, '2.5'])).toBe(2.5);
    expect(sampleValue([1, 'NaN'])).toBeNull();
    expect(sampleValue([1, '+Inf'])).toBeNull();
    expect(sampleValue([1, '-Inf'])).toBeNull();
  });

  it('gives a point at every step of the range, null where the series had none', () => {
    const times = rangeTimes(
      new Date(1_700_000_000_500),
      new Date(1_700_000_031_000),
      15,
    );
    expect(times).toEqual([
      1_700_000_000_500, 1_700_000_015_500, 1_700_000_030_500,
    ]);
    expect(
      pointsAt(times, [
        [1_700_000_015.5, '3'],
        [1_700_000_030.5, 'NaN'],
      ]),
    ).toEqual([
      [1_700_000_000_500, null],
      [1_700_000_015_500, 3],
      [1_700_000_030_500, null],
    ]);
  });
});
