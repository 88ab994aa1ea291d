import { z } from 'zod/v3';

/**
 * What the monitoring routes accept and return: metrics over a time range, the instances and their logs,
 * and the alerts of a deployment. Every figure is read from a metrics provider or the cluster; when there
 * is none, the answer says so (`state`), and carries no series.
 */

/** A deployment's workloads: `canary` and `preview` exist only during a canary or blue-green update. @public */
export const DEPLOYMENT_TRACKS = ['stable', 'canary', 'preview'] as const;

/** @public */
export type DeploymentTrack = (typeof DEPLOYMENT_TRACKS)[number];

/** @public */
export const METRIC_NAMES = [
  'requestRate',
  'latency',
  'errorRate',
  'cpu',
  'memory',
  'gpu',
] as const;

/** @public */
export type MetricName = (typeof METRIC_NAMES)[number];

/** @public */
export type MetricUnit = 'requests/s' | 'ms' | 'percent' | 'cores' | 'bytes';

/** The title and unit of each metric, shared by the API and the charts. @public */
export const METRIC_DEFINITIONS: Readonly<
  Record<MetricName, { title: string; unit: MetricUnit; perInstance: boolean }>
> = {
  requestRate: {
    title: 'Request rate',
    unit: 'requests/s',
    perInstance: false,
  },
  latency: { title: 'Latency', unit: 'ms', perInstance: false },
  errorRate: { title: 'Error rate (5xx)', unit: 'percent', perInstance: false },
  cpu: { title: 'CPU usage', unit: 'cores', perInstance: true },
  memory: { title: 'Memory usage', unit: 'bytes', perInstance: true },
  gpu: { title: 'GPU utilization', unit: 'percent', perInstance: true },
};

/** The latency quantiles every provider reports. @public */
export const LATENCY_QUANTILES = [0.5, 0.95, 0.99] as const;

/** Prometheus refuses a range query of more than 11,000 points per series. @public */
export const METRICS_MAX_POINTS = 11_000;

/** @public */
export const METRICS_MAX_RANGE_DAYS = 31;

const isoTime = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date and time' });

/**
 * The query of `GET /deployments/{id}/metrics`. Without `from`, the last hour; without `step`, about
 * 240 points over the range, at least 15 s apart.
 *
 * @public
 */
export const metricsQuerySchema = z
  .object({
    from: isoTime
      .optional()
      .describe('Start of the range (default: an hour before `to`)'),
    to: isoTime.optional().describe('End of the range (default: now)'),
    step: z.coerce
      .number({ invalid_type_error: 'must be a number of seconds' })
      .int('must be a whole number of seconds')
      .min(1, 'must be at least 1 second')
      .max(86_400, 'must be at most 86400 seconds (a day)')
      .optional()
      .describe('Seconds between points'),
    track: z
      .enum(DEPLOYMENT_TRACKS, {
        errorMap: () => ({
          message: `must be one of ${DEPLOYMENT_TRACKS.join(', ')}`,
        }),
      })
      .optional()
      .describe(
        'Only this workload, e.g. the canary; without it, every workload of the deployment together',
      ),
  })
  .strict()
  .superRefine((query, ctx) => {
    const { from, to, step } = resolveMetricsRange(query, new Date());
    if (from >= to) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['from'],
        message: 'must be before `to`',
      });
      return;
    }
    if (to.getTime() - from.getTime() > METRICS_MAX_RANGE_DAYS * 86_400_000) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['from'],
        message: `must be at most ${METRICS_MAX_RANGE_DAYS} days before \`to\``,
      });
      return;
    }
    const points = (to.getTime() - from.getTime()) / 1000 / step;
    if (points > METRICS_MAX_POINTS) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['step'],
        message: `gives ${Math.ceil(
          points,
        )} points over this range; at most ${METRICS_MAX_POINTS} are allowed, so use a step of at least ${Math.ceil(
          (to.getTime() - from.getTime()) / 1000 / METRICS_MAX_POINTS,
        )} seconds`,
      });
    }
  });

/** @public */
export type MetricsQuery = z.input<typeof metricsQuerySchema>;

const DEFAULT_RANGE_MS = 3_600_000;
const DEFAULT_POINTS = 240;
const MIN_DEFAULT_STEP_SECONDS = 15;

/**
 * The range and step a metrics query stands for, with its defaults applied.
 *
 * @public
 */
export function resolveMetricsRange(
  query: { from?: string; to?: string; step?: number },
  now: Date,
): { from: Date; to: Date; step: number } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from
    ? new Date(query.from)
    : new Date(to.getTime() - DEFAULT_RANGE_MS);
  const step =
    query.step ??
    Math.max(
      MIN_DEFAULT_STEP_SECONDS,
      Math.ceil((to.getTime() - from.getTime()) / 1000 / DEFAULT_POINTS),
    );
  return { from, to, step };
}

/**
 * One series: `[time in epoch milliseconds, value]` pairs; `null` where the provider had no value (a gap,
 * e.g. a latency quantile while no request came in).
 *
 * @public
 */
export type MetricSeries = {
  /** What the series is: `p99`, an instance's name, or the metric's own title. */
  label: string;
  /** The pod, for a metric of each instance. */
  instance?: string;
  /** The quantile, for latency. */
  quantile?: number;
  points: Array<[number, number | null]>;
};

/** @public */
export type MetricResult = {
  metric: MetricName;
  title: string;
  unit: MetricUnit;
  series: MetricSeries[];
  /** Why this metric has no series although the provider answered, e.g. its query was refused. */
  error?: string;
};

/**
 * `not-configured`: no metrics provider is configured (no `source`), or the deployment's environment has
 * no cluster to measure (`source` set, the reason in `message`); `unreachable`: the provider did not
 * answer (its error is in `message`). Neither carries metrics.
 *
 * @public
 */
export type MetricsState = 'ok' | 'not-configured' | 'unreachable';

/** @public */
export type DeploymentMetrics = {
  state: MetricsState;
  message?: string;
  /** The provider, e.g. `Prometheus (Istio request metrics)`. */
  source?: string;
  from: string;
  to: string;
  stepSeconds: number;
  track?: DeploymentTrack;
  metrics: MetricResult[];
};

/** A pod of a deployment, as the cluster shows it now. @public */
export type DeploymentInstance = {
  name: string;
  track: DeploymentTrack;
  /** The Kubernetes pod phase: Pending, Running, Succeeded, Failed or Unknown. */
  phase: string;
  ready: boolean;
  restarts: number;
  /** Why a container is not running, e.g. `ImagePullBackOff`. */
  reason?: string;
  node?: string;
  containers: string[];
  startedAt: string | null;
};

/** @public */
export type InstanceList = {
  items: DeploymentInstance[];
  /** When the runtime cannot see the cluster: why, and the list is empty. */
  unavailable?: string;
};

/** At most this many lines of a log are sent at once (Kubernetes has no limit of its own). @public */
export const LOG_TAIL_LINES_MAX = 10_000;

/** A flag of a query: `true`/`false` as a client passes it, or as the query string carries it. */
const booleanParam = z.union(
  [z.boolean(), z.enum(['true', 'false']).transform(value => value === 'true')],
  { errorMap: () => ({ message: 'must be true or false' }) },
);

/**
 * The query of `GET /deployments/{id}/instances/{instance}/logs`: plain text, streamed while `follow`.
 *
 * @public
 */
export const logsQuerySchema = z
  .object({
    container: z
      .string()
      .max(63, 'must be at most 63 characters')
      .optional()
      .describe('The container (default: the model server)'),
    tailLines: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(LOG_TAIL_LINES_MAX, `must be at most ${LOG_TAIL_LINES_MAX}`)
      .default(500)
      .describe('The last lines to send'),
    sinceSeconds: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .optional()
      .describe('Only lines of the last seconds'),
    follow: booleanParam
      .default(false)
      .describe('Keep the response open and send new lines as they come'),
    previous: booleanParam
      .default(false)
      .describe("The previous container's logs, after a restart"),
  })
  .strict();

/** @public */
export type LogsQuery = z.input<typeof logsQuerySchema>;

/**
 * How the last line of a followed log starts when the backend stopped following it because it lasted
 * as long as one follow may (`modelDeployments.logs.follow.maxDuration`): the line goes on with how long,
 * says to follow again to continue, and ends with ` ---`. A client may show it as a notice instead of as
 * a line of the log.
 *
 * @public
 */
export const LOG_FOLLOW_STOPPED_PREFIX = '--- Stopped following after ';

/** @public */
export const ALERT_KINDS = [
  'error-rate',
  'p99-latency',
  'no-ready-instances',
] as const;

/** @public */
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * An alert of a deployment: firing while its condition holds, resolved after. The value and threshold
 * are what the last evaluation saw.
 *
 * @public
 */
export type DeploymentAlert = {
  id: string;
  deploymentId: string;
  kind: AlertKind;
  state: 'firing' | 'resolved';
  summary: string;
  value: number | null;
  threshold: number;
  unit: MetricUnit | 'instances';
  firedAt: string;
  resolvedAt: string | null;
  lastEvaluatedAt: string;
};

/** @public */
export type AlertList = { items: DeploymentAlert[] };

/** The query of `GET /deployments/{id}/alerts`. @public */
export const listAlertsQuerySchema = z
  .object({
    state: z
      .enum(['firing', 'resolved'], {
        errorMap: () => ({ message: 'must be firing or resolved' }),
      })
      .optional(),
    limit: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(200, 'must be at most 200')
      .default(50),
  })
  .strict();

/** @public */
export type ListAlertsQuery = z.input<typeof listAlertsQuerySchema>;
