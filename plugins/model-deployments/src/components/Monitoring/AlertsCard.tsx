import {
  ResponseErrorPanel,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  AlertKind,
  DeploymentAlert,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Alert from '@material-ui/lab/Alert';
import { modelDeploymentsApiRef } from '../../api';
import { formatTime } from '../../formatChange';
import { ALERT_REFRESH_MS } from '../../hooks/liveRefresh';
import { useLiveResource } from '../../hooks/useLiveResource';
import { errorMessage } from '../ActionDialog';
import { CardTable } from '../CardTable';
import { formatMetricValue } from './formatMetricValue';

/** Which side of its threshold an alert's figure must stay on. */
const THRESHOLD_SIDE: Readonly<Record<AlertKind, string>> = {
  'error-rate': 'at most',
  'p99-latency': 'at most',
  'no-ready-instances': 'at least',
};

const columns: TableColumn<DeploymentAlert>[] = [
  {
    title: 'State',
    field: 'state',
    render: alert => (
      <Chip
        size="small"
        label={alert.state === 'firing' ? 'Firing' : 'Resolved'}
        color={alert.state === 'firing' ? 'secondary' : 'default'}
      />
    ),
  },
  { title: 'Alert', field: 'summary' },
  {
    title: 'Value',
    render: alert => formatMetricValue(alert.value, alert.unit),
  },
  {
    title: 'Threshold',
    render: alert =>
      `${THRESHOLD_SIDE[alert.kind]} ${formatMetricValue(
        alert.threshold,
        alert.unit,
      )}`,
  },
  { title: 'Since', render: alert => formatTime(alert.firedAt) },
  {
    title: 'Until',
    render: alert =>
      alert.resolvedAt ? formatTime(alert.resolvedAt) : 'firing now',
  },
];

/** When this deployment's alerts fire, from its monitoring settings: "the error rate is above 5 %, …". */
export function alertConditions(
  monitoring: ModelDeployment['spec']['monitoring'],
): string {
  const conditions = [
    `the error rate is above ${formatMetricValue(
      monitoring.maxErrorRatePercent,
      'percent',
    )}`,
    ...(monitoring.maxP99LatencyMs === undefined
      ? []
      : [
          `the p99 latency is above ${formatMetricValue(
            monitoring.maxP99LatencyMs,
            'ms',
          )}`,
        ]),
    ...(monitoring.alertOnNoReadyInstances ? ['no instance is ready'] : []),
  ];
  return conditions.length > 1
    ? `${conditions.slice(0, -1).join(', ')} or ${
        conditions[conditions.length - 1]
      }`
    : conditions[0];
}

/** Firing alerts first, then resolved ones, each newest first as the backend sends them. */
function firingFirst(alerts: readonly DeploymentAlert[]): DeploymentAlert[] {
  return [
    ...alerts.filter(alert => alert.state === 'firing'),
    ...alerts.filter(alert => alert.state !== 'firing'),
  ];
}

/**
 * The deployment's alerts, those firing first, with what the last evaluation saw against the threshold,
 * and since and until when. Read again every minute, as often as the backend evaluates them, so an alert
 * that fires while the card is open shows; a failed read keeps the last list.
 */
export function AlertsCard(props: { deployment: ModelDeployment }) {
  const { deployment } = props;
  const api = useApi(modelDeploymentsApiRef);
  const { value, loading, error } = useLiveResource(
    () => api.listAlerts(deployment.id),
    [api, deployment.id],
    () => true,
    ALERT_REFRESH_MS,
  );
  if (error && !value) {
    return (
      <ResponseErrorPanel error={error} title="Alerts could not be loaded" />
    );
  }
  return (
    <CardTable<DeploymentAlert>
      title="Alerts"
      columns={columns}
      data={firingFirst(value?.items ?? [])}
      isLoading={loading && !value}
      notice={
        error && (
          <Box p={2}>
            <Alert severity="warning">
              The alerts could not be read again ({errorMessage(error)}); the
              list is the last read. Trying again.
            </Alert>
          </Box>
        )
      }
      emptyText={
        <>
          No alert has fired. One fires when{' '}
          {alertConditions(deployment.spec.monitoring)}.
        </>
      }
    />
  );
}
