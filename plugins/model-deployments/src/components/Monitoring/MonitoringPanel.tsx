import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { formatTime } from '../../formatChange';
import { errorMessage } from '../ActionDialog';
import { MetricsGrid } from './MetricsGrid';
import { MetricsStateMessage, unavailableMetrics } from './MetricsStateMessage';
import { metricsViews } from './metricsViews';
import { MonitoringControls } from './MonitoringControls';
import {
  AUTO_REFRESH_OPTIONS,
  type AutoRefreshId,
  type TimeRangeId,
} from './timeRanges';
import { useDeploymentMetrics } from './useDeploymentMetrics';

/**
 * The deployment's metrics over a chosen range: request rate, latency, error rate and resource usage,
 * with the thresholds of its monitoring settings. During a canary (or a blue-green preview) the old and
 * the new version side by side. Auto-refresh keeps the charts while it reads, and when a read fails.
 */
export function MonitoringPanel(props: { deployment: ModelDeployment }) {
  const { deployment } = props;
  const [range, setRange] = useState<TimeRangeId>('1h');
  const [autoRefresh, setAutoRefresh] = useState<AutoRefreshId>('off');
  const refreshMs = AUTO_REFRESH_OPTIONS.find(
    option => option.id === autoRefresh,
  )!.ms;
  const views = metricsViews(deployment);
  const { value, error, loading } = useDeploymentMetrics(
    deployment.id,
    views,
    range,
    refreshMs,
  );

  let content;
  if (!value) {
    content = error ? (
      <ResponseErrorPanel error={error} title="Metrics could not be loaded" />
    ) : (
      <Progress />
    );
  } else {
    const unavailable = unavailableMetrics(value);
    content = unavailable ? (
      <MetricsStateMessage metrics={unavailable} />
    ) : (
      <MetricsGrid
        monitoring={deployment.spec.monitoring}
        views={views}
        answers={value}
      />
    );
  }
  const shown = value?.[0];

  return (
    <InfoCard
      title="Metrics"
      subheader={
        shown?.state === 'ok'
          ? `${shown.source ? `${shown.source}, ` : ''}a point every ${
              shown.stepSeconds
            } s, up to ${formatTime(shown.to)}`
          : undefined
      }
      action={
        <MonitoringControls
          range={range}
          onRangeChange={setRange}
          autoRefresh={autoRefresh}
          onAutoRefreshChange={setAutoRefresh}
        />
      }
    >
      {views.length > 1 && (
        <Box mb={2}>
          <Typography variant="body2">
            The old and the new version side by side:{' '}
            {views.map(view => view.label).join(' and ')}.
          </Typography>
        </Box>
      )}
      {value && error && (
        <Box mb={2}>
          <Alert severity="warning">
            The metrics could not be read again ({errorMessage(error)}); the
            charts show the last read. Trying again.
          </Alert>
        </Box>
      )}
      {value && loading && (
        <LinearProgress aria-label="Reading the metrics again" />
      )}
      {content}
    </InfoCard>
  );
}
