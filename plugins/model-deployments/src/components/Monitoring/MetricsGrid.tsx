import type {
  DeploymentMetrics,
  DeploymentSpec,
  MetricName,
} from '@modelops/plugin-model-deployments-common';
import Grid from '@material-ui/core/Grid';
import { highestValue } from './chartData';
import { MetricChart } from './MetricChart';
import { metricThresholds } from './metricThresholds';
import type { MetricsView } from './metricsViews';

/** The metrics the answers carry, in the order the backend sends them: it leaves out what cannot apply. */
function answeredMetrics(answers: readonly DeploymentMetrics[]): MetricName[] {
  return [
    ...new Set(
      answers.flatMap(answer => answer.metrics.map(result => result.metric)),
    ),
  ];
}

/**
 * A chart per metric, two to a row; when tracks are compared, the tracks of each metric side by side on
 * the same scale.
 */
export function MetricsGrid(props: {
  monitoring: DeploymentSpec['monitoring'];
  views: readonly MetricsView[];
  answers: readonly DeploymentMetrics[];
}) {
  const { monitoring, views, answers } = props;
  const thresholds = metricThresholds(monitoring);
  const comparing = views.length > 1;
  return (
    <Grid container spacing={2}>
      {answeredMetrics(answers).flatMap(metric => {
        const results = answers.map(answer =>
          answer.metrics.find(result => result.metric === metric),
        );
        const highest = comparing ? highestValue(results) : undefined;
        return views.map((view, index) => (
          <Grid item xs={12} md={6} key={`${metric}:${view.track ?? 'all'}`}>
            <MetricChart
              metric={metric}
              result={results[index]}
              subtitle={view.label}
              threshold={thresholds[metric]}
              range={{
                from: Date.parse(answers[index].from),
                to: Date.parse(answers[index].to),
              }}
              highest={highest}
            />
          </Grid>
        ));
      })}
    </Grid>
  );
}
