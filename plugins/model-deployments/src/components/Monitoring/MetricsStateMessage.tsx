import type { DeploymentMetrics } from '@modelops/plugin-model-deployments-common';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';

/** The first answer that carries no metrics, and why; `undefined` when every answer has them. */
export function unavailableMetrics(
  answers: readonly DeploymentMetrics[],
): DeploymentMetrics | undefined {
  return answers.find(answer => answer.state !== 'ok');
}

/**
 * Why there are no metrics, in place of any chart: no provider is configured (and what the platform
 * team sets), or the provider did not answer (in its own words).
 */
export function MetricsStateMessage(props: { metrics: DeploymentMetrics }) {
  const { state, message, source } = props.metrics;
  if (state === 'unreachable') {
    return (
      <Alert severity="warning">
        {source ?? 'The metrics provider'} did not answer
        {message ? `: ${message}` : '.'}
      </Alert>
    );
  }
  // With a provider (it has a source), the backend says why it cannot measure this deployment.
  if (source && message) {
    return (
      <Typography variant="body2" color="textSecondary">
        {message}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" color="textSecondary">
      No metrics provider is configured, so there are no metrics to show. A
      platform engineer sets one up (e.g. Prometheus) under{' '}
      <code>modelDeployments.metrics</code> in the app configuration.
    </Typography>
  );
}
