import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { stopDeploymentRequestSchema } from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../../api';
import { ENVIRONMENT_LABELS } from '../../labels';
import { ReasonDialog } from '../ActionDialog';
import type { DeploymentDialogProps } from './DeploymentDialogProps';
import { observedCount } from '../DeploymentStatus';

/**
 * Stop (the documentation's Stopping a Deployment): all instances shut down and the endpoint becomes
 * unavailable, until the deployment is started again.
 */
export function StopDialog(props: DeploymentDialogProps) {
  const { open, deployment, onClose, onChanged } = props;
  const api = useApi(modelDeploymentsApiRef);
  const environment = ENVIRONMENT_LABELS[deployment.spec.environment];
  return (
    <ReasonDialog
      open={open}
      title={`Stop ${deployment.name}`}
      submitLabel="Stop"
      destructive
      schema={stopDeploymentRequestSchema}
      send={request => api.stopDeployment(deployment.id, request)}
      successMessage={result =>
        `Stopping ${result.name}: all instances shut down and the endpoint becomes unavailable`
      }
      onClose={onClose}
      onDone={onChanged}
      reason={{
        id: 'model-deployments-stop-reason',
        placeholder: 'Maintenance window',
        helperText: `Optional. ${stopDeploymentRequestSchema.shape.reason.description}`,
      }}
    >
      <Typography variant="body1" gutterBottom>
        All instances of {deployment.name} in {environment} shut down, and its
        endpoint becomes unavailable until the deployment is started again.
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Instances ready now, which will stop:{' '}
        {observedCount(deployment.instances.ready)}
      </Typography>
    </ReasonDialog>
  );
}
