import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type {
  DeploymentSpec,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { useState } from 'react';
import { modelDeploymentsApiRef } from '../../api';
import { ENVIRONMENT_LABELS, FIELD_LABELS } from '../../labels';
import { ActionDialog, useSubmit } from '../ActionDialog';

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
export function StartDialog(props: {
  open: boolean;
  deployment: ModelDeployment;
  onClose: () => void;
  onChanged: (deployment: ModelDeployment) => void;
}) {
  const { open, deployment, onClose, onChanged } = props;
  const { spec } = deployment;
  const api = useApi(modelDeploymentsApiRef);
  const { submit, submitting, error, clearError } = useSubmit<ModelDeployment>({
    onDone: onChanged,
    successMessage: result =>
      `Starting ${result.name}: ${result.spec.modelVersion} on ${instancesOf(
        result.spec,
      )}`,
  });

  // Each opening starts without the previous attempt's refusal.
  const [shownOpen, setShownOpen] = useState(open);
  if (open !== shownOpen) {
    setShownOpen(open);
    if (open) {
      clearError();
    }
  }

  return (
    <ActionDialog
      open={open}
      title={`Start ${deployment.name}`}
      submitLabel="Start"
      onSubmit={() => submit(() => api.startDeployment(deployment.id))}
      onClose={onClose}
      submitting={submitting}
      error={error}
    >
      <Typography variant="body1" gutterBottom>
        {deployment.name} resumes with its previous configuration in{' '}
        {ENVIRONMENT_LABELS[spec.environment]}:
      </Typography>
      <ul>
        <li>
          <Typography variant="body2">
            {FIELD_LABELS.modelVersion}: {spec.modelVersion}
          </Typography>
        </li>
        <li>
          <Typography variant="body2">
            Instances: {instancesOf(spec)}
          </Typography>
        </li>
      </ul>
    </ActionDialog>
  );
}
