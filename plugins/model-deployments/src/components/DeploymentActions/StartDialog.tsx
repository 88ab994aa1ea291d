import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type {
  DeploymentSpec,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../../api';
import { ENVIRONMENT_LABELS, FIELD_LABELS } from '../../labels';
import { ActionDialog, useSubmit } from '../ActionDialog';
import { BulletList } from './BulletList';
import type { DeploymentDialogProps } from './DeploymentDialogProps';

/** The instances the spec runs: a number, or the auto-scaling bounds. */
function instancesOf(spec: DeploymentSpec): string {
  return spec.autoscaling.enabled
    ? `auto-scaling between ${spec.replicas.min} and ${spec.replicas.max} instances`
    : `${spec.replicas.min} instances`;
}

/**
 * Start (the documentation's Restarting a Deployment): a stopped deployment resumes with its previous
 * configuration.
 */
export function StartDialog(props: DeploymentDialogProps) {
  const { open, deployment, onClose, onChanged } = props;
  const { spec } = deployment;
  const api = useApi(modelDeploymentsApiRef);
  const { submit, dialogProps } = useSubmit<ModelDeployment>({
    open,
    onDone: onChanged,
    successMessage: result =>
      `Starting ${result.name}: ${result.spec.modelVersion} on ${instancesOf(
        result.spec,
      )}`,
  });

  return (
    <ActionDialog
      {...dialogProps}
      title={`Start ${deployment.name}`}
      submitLabel="Start"
      onSubmit={() => submit(() => api.startDeployment(deployment.id))}
      onClose={onClose}
    >
      <Typography variant="body1" gutterBottom>
        {deployment.name} resumes with its previous configuration in{' '}
        {ENVIRONMENT_LABELS[spec.environment]}:
      </Typography>
      <BulletList
        items={[
          `${FIELD_LABELS.modelVersion}: ${spec.modelVersion}`,
          `Instances: ${instancesOf(spec)}`,
        ]}
      />
    </ActionDialog>
  );
}
