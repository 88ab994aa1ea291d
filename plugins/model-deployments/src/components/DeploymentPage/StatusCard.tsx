import { InfoCard } from '@backstage/core-components';
import {
  SERVING_IMAGE_CURRENT_CONDITION,
  SETTINGS_ENFORCED_CONDITION,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { formatActor, formatTime } from '../../formatChange';
import { DeploymentStatus, formatInstances } from '../DeploymentStatus';
import { FiringAlertChips } from '../Monitoring';
import { FieldTable } from './FieldTable';
import { OperationProgress } from './OperationProgress';

function when(iso: string | null): string {
  return iso ? formatTime(iso) : 'not yet';
}

/**
 * What is true now, as the runtime observed it: status, the alerts firing, instances, the revision that
 * serves and the image it was pinned to, the last error, settings the cluster does not carry out, a
 * serving image the model changed since, and the operation under way with its progress.
 */
export function StatusCard(props: { deployment: ModelDeployment }) {
  const { deployment } = props;
  const unenforced = deployment.conditions.find(
    condition =>
      condition.type === SETTINGS_ENFORCED_CONDITION &&
      condition.status === 'False',
  );
  const outdatedImage = deployment.conditions.find(
    condition =>
      condition.type === SERVING_IMAGE_CURRENT_CONDITION &&
      condition.status === 'False',
  );
  const serving =
    deployment.activeRevision === null
      ? 'none yet'
      : `revision ${deployment.activeRevision}`;
  return (
    <InfoCard title="Status">
      <FieldTable
        rows={[
          {
            label: 'Status',
            value: <DeploymentStatus status={deployment.status} />,
          },
          ...(deployment.firingAlerts?.length
            ? [
                {
                  label: 'Alerts',
                  value: <FiringAlertChips alerts={deployment.firingAlerts} />,
                },
              ]
            : []),
          { label: 'Instances', value: formatInstances(deployment.instances) },
          {
            label: 'Revision',
            value:
              deployment.activeRevision === deployment.revision
                ? `${deployment.revision} (serving)`
                : `${deployment.revision} (serving: ${serving})`,
          },
          {
            label: `Image of Revision ${deployment.revision}`,
            value:
              deployment.serving?.image ??
              'pinned when the revision is first applied',
          },
          ...(deployment.serving?.modelUri
            ? [{ label: 'Model URI', value: deployment.serving.modelUri }]
            : []),
          { label: 'Observed', value: when(deployment.observedAt) },
          {
            label: 'Last change',
            value: `${when(deployment.updatedAt)} by ${formatActor(
              deployment.updatedBy,
            )}`,
          },
        ]}
      />
      {deployment.lastError && (
        <Box mt={2}>
          <Alert severity="error">
            {deployment.lastError.message} ({when(deployment.lastError.at)})
          </Alert>
        </Box>
      )}
      {unenforced && (
        <Box mt={2}>
          <Alert severity="warning">
            Not carried out by the cluster: {unenforced.message}
          </Alert>
        </Box>
      )}
      {outdatedImage && (
        <Box mt={2}>
          <Alert severity="info">{outdatedImage.message}</Alert>
        </Box>
      )}
      {deployment.operation && (
        <Box mt={2}>
          <OperationProgress deployment={deployment} />
        </Box>
      )}
    </InfoCard>
  );
}
