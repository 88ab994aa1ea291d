import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  LOG_FOLLOW_STOPPED_PREFIX,
  METRICS_MAX_POINTS,
} from '@modelops/plugin-model-deployments-common';
import { TooManyRequestsError } from '../lib/errors';
import { ConcurrencySlots, TokenBuckets, type Slot } from '../lib/rateLimits';

/** The per-user limits of the monitoring routes, checked, with their defaults applied. */
export type MonitoringLimitSettings = {
  /** Metrics points (timestamps of a range) a user's budget refills by each minute. */
  metricsPointsPerMinute: number;
  /** The most points a user's budget holds: what they may ask for at once after a pause. */
  metricsBurstPoints: number;
  /** Followed log streams one user may hold open at once. */
  followedLogsPerUser: number;
  /** How long one followed log stream lasts at most. */
  followMaxDurationMs: number;
};

/** The largest range query the metrics schema allows, in points: 11,000 intervals and both ends. */
const LARGEST_QUERY_POINTS = METRICS_MAX_POINTS + 1;

/**
 * The frontend reads at most 241 points per track (a range in 240 steps), every 15 s at the fastest,
 * one or two tracks: 1,928 points a minute for a Monitoring tab during a canary. 12,000 a minute leave
 * room for six such tabs at once, while a script asking for the largest ranges (11,001 points) gets one
 * about every 55 s instead of as many as Prometheus can answer. The budget holds two minutes' worth, so
 * a user back on the page after a pause may click through every range at once, and it must hold the
 * largest query, or that query could never run.
 */
export const DEFAULT_MONITORING_LIMITS: MonitoringLimitSettings = {
  metricsPointsPerMinute: 12_000,
  metricsBurstPoints: 24_000,
  followedLogsPerUser: 5,
  followMaxDurationMs: 30 * 60_000,
};

const METRICS_KEY = 'modelDeployments.metrics.limits';
const FOLLOW_KEY = 'modelDeployments.logs.follow';

function wholeNumber(
  config: Config | undefined,
  key: string,
  path: string,
  min: number,
  fallback: number,
  why: string,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new Error(
      `${path}.${key} must be a whole number, at least ${min}${why}`,
    );
  }
  return value;
}

/**
 * Reads and checks `modelDeployments.metrics.limits` and `modelDeployments.logs.follow`; a mistake is an
 * error at startup.
 */
export function readMonitoringLimits(config: Config): MonitoringLimitSettings {
  const metrics = config.getOptionalConfig(METRICS_KEY);
  const follow = config.getOptionalConfig(FOLLOW_KEY);
  const defaults = DEFAULT_MONITORING_LIMITS;
  let followMaxDurationMs = defaults.followMaxDurationMs;
  if (follow?.has('maxDuration')) {
    try {
      followMaxDurationMs = durationToMilliseconds(
        readDurationFromConfig(follow, { key: 'maxDuration' }),
      );
    } catch (error) {
      throw new Error(
        `${FOLLOW_KEY}.maxDuration must be an ISO 8601 duration (PT30M) or an object such as { minutes: 30 }: ${
          (error as Error).message
        }`,
      );
    }
    if (!(followMaxDurationMs >= 1000)) {
      throw new Error(`${FOLLOW_KEY}.maxDuration must be at least 1 second`);
    }
  }
  return {
    metricsPointsPerMinute: wholeNumber(
      metrics,
      'pointsPerMinute',
      METRICS_KEY,
      1,
      defaults.metricsPointsPerMinute,
      '',
    ),
    metricsBurstPoints: wholeNumber(
      metrics,
      'burstPoints',
      METRICS_KEY,
      LARGEST_QUERY_POINTS,
      defaults.metricsBurstPoints,
      ', the points of the largest range the API allows, which could otherwise never be read',
    ),
    followedLogsPerUser: wholeNumber(
      follow,
      'maxStreamsPerUser',
      FOLLOW_KEY,
      1,
      defaults.followedLogsPerUser,
      '',
    ),
    followMaxDurationMs,
  };
}

/** `ms` in the largest unit that says it exactly: `30 min`, `2 h`, `45 s`. */
export function formatLimitDuration(ms: number): string {
  if (ms % 3_600_000 === 0) {
    return `${ms / 3_600_000} h`;
  }
  if (ms % 60_000 === 0) {
    return `${ms / 60_000} min`;
  }
  return `${Math.round(ms / 1000)} s`;
}

/** Whole seconds, at least 1, as `Retry-After` wants them. */
function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * The per-user limits of the monitoring routes, in this backend replica's memory: a budget of metrics
 * points, and the followed log streams each user holds open.
 */
export class MonitoringLimits {
  private readonly metricsPoints: TokenBuckets;
  private readonly follows: ConcurrencySlots;

  constructor(
    readonly settings: MonitoringLimitSettings = DEFAULT_MONITORING_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.metricsPoints = new TokenBuckets({
      capacity: settings.metricsBurstPoints,
      refillPerMinute: settings.metricsPointsPerMinute,
      now,
    });
    this.follows = new ConcurrencySlots({
      perKey: settings.followedLogsPerUser,
      now,
    });
  }

  /** Takes `points` from `principal`'s metrics budget, or refuses with 429 and takes nothing. */
  chargeMetrics(principal: string, points: number): void {
    const taken = this.metricsPoints.take(principal, points);
    if (taken.taken) {
      return;
    }
    const { metricsPointsPerMinute, metricsBurstPoints } = this.settings;
    const wait = retryAfterSeconds(taken.retryAfterMs);
    throw new TooManyRequestsError(
      `Too many metrics points: this range has ${points} points and ${principal} has ${Math.floor(
        taken.left,
      )} left (each user has ${metricsPointsPerMinute} a minute, up to ${metricsBurstPoints} at once); try again in ${wait} s, or ask for fewer points with a longer step or a shorter range`,
      'metrics-points-per-minute',
      wait,
    );
  }

  /** A slot for one followed log stream of `principal`, or a 429 when they hold as many as they may. */
  followSlot(principal: string): Slot {
    const acquired = this.follows.acquire(principal);
    if (acquired.acquired) {
      return acquired.slot;
    }
    const { followedLogsPerUser, followMaxDurationMs } = this.settings;
    // The oldest stream ends by then at the latest; one the user closes frees a slot at once.
    const wait = retryAfterSeconds(
      acquired.oldestSince + followMaxDurationMs - this.now(),
    );
    throw new TooManyRequestsError(
      `${principal} follows ${followedLogsPerUser} logs already, as many as one user may at once; stop following one, or try again in ${wait} s, when the oldest has lasted ${formatLimitDuration(
        followMaxDurationMs,
      )} and ends`,
      'followed-logs-per-user',
      wait,
    );
  }

  /** How many followed streams `principal` holds open now. */
  followedBy(principal: string): number {
    return this.follows.count(principal);
  }

  /** The last line of a followed log that lasted as long as one may. */
  followStoppedLine(): string {
    return `${LOG_FOLLOW_STOPPED_PREFIX}${formatLimitDuration(
      this.settings.followMaxDurationMs,
    )}, the longest one follow lasts; follow again to continue ---`;
  }
}
