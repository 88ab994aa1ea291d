import { Progress } from '@backstage/core-components';
import {
  METRIC_DEFINITIONS,
  type DeploymentMetrics,
  type MetricName,
  type MetricSeries,
} from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { errorMessage } from '../ActionDialog';
import { latestFigure } from './chartData';
import { formatTimeOfDay } from './chartTimes';
import { formatMetricValue } from './formatMetricValue';
import { MetricsStateMessage, unavailableMetrics } from './MetricsStateMessage';
import { Sparkline } from './Sparkline';
import { useDeploymentMetrics } from './useDeploymentMetrics';

const REFRESH_MS = 60_000;
const P99 = 0.99;

/** The figures the compact card shows: each metric's series that sums it up. */
const GLANCES: {
  metric: MetricName;
  label: string;
  pick: (series: MetricSeries[]) => MetricSeries | undefined;
}[] = [
  {
    metric: 'requestRate',
    label: METRIC_DEFINITIONS.requestRate.title,
    pick: series => series[0],
  },
  {
    metric: 'latency',
    label: 'p99 latency',
    pick: series => series.find(one => one.quantile === P99),
  },
  {
    metric: 'errorRate',
    label: METRIC_DEFINITIONS.errorRate.title,
    pick: series => series[0],
  },
];

/**
 * Why a glance has no figure: no request came in the hour, or (when some did) the provider had no value
 * of this one, e.g. a latency histogram it does not find.
 */
function missingFigure(answer: DeploymentMetrics, label: string): string {
  const requests = answer.metrics.find(one => one.metric === 'requestRate');
  const noRequests =
    requests !== undefined &&
    !requests.error &&
    !requests.series.some(one =>
      one.points.some(([, value]) => value !== null && value > 0),
    );
  return noRequests
    ? 'No requests in the last hour'
    : `No ${label.charAt(0).toLocaleLowerCase()}${label.slice(
        1,
      )} figure in the last hour`;
}

function Glance(props: {
  answer: DeploymentMetrics;
  glance: (typeof GLANCES)[number];
}) {
  const { answer, glance } = props;
  const result = answer.metrics.find(one => one.metric === glance.metric);
  const series = result && glance.pick(result.series);
  const latest = latestFigure(series);
  let detail;
  if (result?.error) {
    detail = (
      <Typography variant="caption" color="error">
        {result.error}
      </Typography>
    );
  } else if (!result || !series || latest === null) {
    detail = (
      <Typography variant="caption" color="textSecondary">
        {missingFigure(answer, glance.label)}
      </Typography>
    );
  } else {
    detail = (
      <>
        <Typography variant="h6" component="p">
          {formatMetricValue(latest.value, result.unit)}
        </Typography>
        {!latest.atEnd && (
          <Typography variant="caption" color="textSecondary" component="p">
            at {formatTimeOfDay(latest.at)}
          </Typography>
        )}
        <Sparkline series={series} />
      </>
    );
  }
  return (
    <Grid item xs={12} sm={4}>
      <Box role="figure" aria-label={glance.label}>
        <Typography variant="subtitle2" component="h3">
          {glance.label}
        </Typography>
        {detail}
      </Box>
    </Grid>
  );
}

/**
 * The request rate, p99 latency and error rate of a deployment over the last hour, each as its latest
 * figure (with its time when it is older than the end of the hour) and a sparkline; read again every
 * minute.
 */
export function CompactMetrics(props: { deploymentId: string }) {
  const { value, error } = useDeploymentMetrics(
    props.deploymentId,
    [{}],
    '1h',
    REFRESH_MS,
  );
  if (!value) {
    return error ? (
      <Alert severity="error">
        Metrics could not be loaded: {errorMessage(error)}
      </Alert>
    ) : (
      <Progress />
    );
  }
  const unavailable = unavailableMetrics(value);
  if (unavailable) {
    return <MetricsStateMessage metrics={unavailable} />;
  }
  return (
    <>
      {error && (
        <Typography variant="caption" color="error" display="block">
          The metrics could not be read again ({errorMessage(error)}); these are
          from the last read.
        </Typography>
      )}
      <Grid container spacing={2}>
        {GLANCES.map(glance => (
          <Glance key={glance.metric} answer={value[0]} glance={glance} />
        ))}
      </Grid>
    </>
  );
}
