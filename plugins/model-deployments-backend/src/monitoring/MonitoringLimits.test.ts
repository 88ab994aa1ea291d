import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { resolveMetricsRange } from '@modelops/plugin-model-deployments-common';
import { TooManyRequestsError } from '../lib/errors';
import {
  DEFAULT_MONITORING_LIMITS,
  MonitoringLimits,
  readMonitoringLimits,
} from './MonitoringLimits';

const ALICE = 'user:default/alice';

function fakeClock(start = Date.parse('2026-12-01T12:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** What `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

/** The points of the frontend's read of a range (see the frontend's timeRanges.ts: about 240 steps). */
function frontendPoints(spanMs: number): number {
  const now = new Date();
  const { step } = resolveMetricsRange(
    {
      from: new Date(now.getTime() - spanMs).toISOString(),
      to: now.toISOString(),
    },
    now,
  );
  return Math.floor(spanMs / 1000 / step) + 1;
}

describe('readMonitoringLimits', () => {
  const read = (modelDeployments: JsonObject) =>
    readMonitoringLimits(new ConfigReader({ modelDeployments }));

  it('applies the defaults', () => {
    expect(read({})).toEqual({
      metricsPointsPerMinute: 12_000,
      metricsBurstPoints: 24_000,
      followedLogsPerUser: 5,
      followMaxDurationMs: 1_800_000,
    });
    expect(read({})).toEqual(DEFAULT_MONITORING_LIMITS);
  });

  it('reads the limits, the duration as an ISO 8601 duration or an object', () => {
    expect(
      read({
        metrics: { limits: { pointsPerMinute: 5000, burstPoints: 20_000 } },
        logs: { follow: { maxStreamsPerUser: 2, maxDuration: 'PT1H' } },
      }),
    ).toEqual({
      metricsPointsPerMinute: 5000,
      metricsBurstPoints: 20_000,
      followedLogsPerUser: 2,
      followMaxDurationMs: 3_600_000,
    });
    expect(
      read({ logs: { follow: { maxDuration: { seconds: 90 } } } })
        .followMaxDurationMs,
    ).toBe(90_000);
  });

  it('refuses at startup a budget that could never hold the largest range, and other mistakes', () => {
    expect(() =>
      read({ metrics: { limits: { burstPoints: 11_000 } } }),
    ).toThrow(
      'modelDeployments.metrics.limits.burstPoints must be a whole number, at least 11001, the points of the largest range the API allows, which could otherwise never be read',
    );
    expect(() => read({ metrics: { limits: { pointsPerMinute: 0 } } })).toThrow(
      'modelDeployments.metrics.limits.pointsPerMinute must be a whole number, at least 1',
    );
    expect(() =>
      read({ metrics: { limits: { pointsPerMinute: 1.5 } } }),
    ).toThrow('must be a whole number');
    expect(() => read({ logs: { follow: { maxStreamsPerUser: 0 } } })).toThrow(
      'modelDeployments.logs.follow.maxStreamsPerUser must be a whole number, at least 1',
    );
    expect(() => read({ logs: { follow: { maxDuration: 'soon' } } })).toThrow(
      /^modelDeployments.logs.follow.maxDuration must be an ISO 8601 duration/,
    );
    expect(() =>
      read({ logs: { follow: { maxDuration: { milliseconds: 10 } } } }),
    ).toThrow(
      'modelDeployments.logs.follow.maxDuration must be at least 1 second',
    );
  });
});

describe('MonitoringLimits', () => {
  it("never refuses the frontend's fastest auto-refresh of a 7-day range, two tracks, in six tabs at once, with the defaults", () => {
    const clock = fakeClock();
    const limits = new MonitoringLimits(DEFAULT_MONITORING_LIMITS, clock.now);
    const points = frontendPoints(7 * 86_400_000);
    expect(points).toBe(241);
    // Every 15 s for a day: 6 tabs × 2 tracks (a canary beside the stable version).
    for (let read = 0; read < 4 * 60 * 24; read++) {
      for (let request = 0; request < 12; request++) {
        limits.chargeMetrics(ALICE, points);
      }
      clock.advance(15_000);
    }
  });

  it('refuses a script of the largest ranges after two, then lets one through about every 55 s', () => {
    const clock = fakeClock();
    const limits = new MonitoringLimits(DEFAULT_MONITORING_LIMITS, clock.now);
    limits.chargeMetrics(ALICE, 11_001);
    limits.chargeMetrics(ALICE, 11_001);
    const refusal = thrown(() => limits.chargeMetrics(ALICE, 11_001));
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect(refusal).toMatchObject({
      statusCode: 429,
      rule: 'metrics-points-per-minute',
      // 9,003 missing at 200 a second.
      retryAfterSeconds: 46,
      message:
        'Too many metrics points: this range has 11001 points and user:default/alice has 1998 left (each user has 12000 a minute, up to 24000 at once); try again in 46 s, or ask for fewer points with a longer step or a shorter range',
    });
    // A small range still fits in what is left, and another user has a budget of their own.
    limits.chargeMetrics(ALICE, 241);
    limits.chargeMetrics('user:default/bob', 11_001);

    clock.advance(46_000);
    expect(() => limits.chargeMetrics(ALICE, 11_001)).toThrow(
      TooManyRequestsError,
    );
    clock.advance(2_000);
    limits.chargeMetrics(ALICE, 11_001);
    clock.advance(55_000);
    limits.chargeMetrics(ALICE, 11_001);
  });

  it('refuses a follow beyond the limit until one ends, with the time until the oldest one must end', () => {
    const clock = fakeClock();
    const limits = new MonitoringLimits(
      { ...DEFAULT_MONITORING_LIMITS, followedLogsPerUser: 2 },
      clock.now,
    );
    const first = limits.followSlot(ALICE);
    clock.advance(60_000);
    limits.followSlot(ALICE);
    clock.advance(500);
    const refusal = thrown(() => limits.followSlot(ALICE));
    expect(refusal).toMatchObject({
      statusCode: 429,
      rule: 'followed-logs-per-user',
      // The first ends 30 minutes after it began: 28 min 59.5 s from now, rounded up.
      retryAfterSeconds: 1740,
      message:
        'user:default/alice follows 2 logs already, as many as one user may at once; stop following one, or try again in 1740 s, when the oldest has lasted 30 min and ends',
    });
    limits.followSlot('user:default/bob');
    first.release();
    expect(limits.followedBy(ALICE)).toBe(1);
    limits.followSlot(ALICE);
  });

  it('says after how long a follow was stopped', () => {
    expect(new MonitoringLimits().followStoppedLine()).toBe(
      '--- Stopped following after 30 min, the longest one follow lasts; follow again to continue ---',
    );
    expect(
      new MonitoringLimits({
        ...DEFAULT_MONITORING_LIMITS,
        followMaxDurationMs: 2000,
      }).followStoppedLine(),
    ).toBe(
      '--- Stopped following after 2 s, the longest one follow lasts; follow again to continue ---',
    );
  });
});
