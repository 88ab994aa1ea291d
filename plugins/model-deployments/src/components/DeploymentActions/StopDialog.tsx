import { useApi } from '@backstage/core-plugin-api';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { stopDeploymentRequestSchema } from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../../api';
import { ENVIRONMENT_LABELS } from '../../labels';
import { ActionDialog, issueFor, useActionForm } from '../ActionDialog';
import type { DeploymentDialogProps } from './DeploymentDialogProps';
import { observedCount } from '../DeploymentStatus';

/**
 * Stop (the documentation's Stopping a Deployment): all instances shut down and the endpoint becomes
 * unavailable, until the deployment is started again.
 */
export function StopDialog(props: DeploymentDialogProps) {
  const { open, deployment, onClose, onChanged } = props;
  const api = useApi(modelDeploymentsApiRef);
  const { form, edit, submit, issues, dialogProps } = useActionForm({
    open,
    // Each opening starts without a reason.
    initialForm: () => ({ reason: '' }),
    onDone: onChanged,
    successMessage: result =>
      `Stopping ${result.name}: all instances shut down and the endpoint becomes unavailable`,
  });

  const handleSubmit = () => {
    const reason = form.reason.trim();
    const request = reason ? { reason } : {};
    submit(stopDeploymentRequestSchema, request, checked =>
      api.stopDeployment(deployment.id, checked),
    );
  };

  const reasonIssue = issueFor(issues, 'reason');
  const environment = ENVIRONMENT_LABELS[deployment.spec.environment];
  return (
    <ActionDialog
      {...dialogProps}
      title={`Stop ${deployment.name}`}
      submitLabel="Stop"
      onSubmit={handleSubmit}
      onClose={onClose}
      destructive
    >
      <Typography variant="body1" gutterBottom>
        All instances of {deployment.name} in {environment} shut down, and its
        endpoint becomes unavailable until the deployment is started again.
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Instances ready now, which will stop:{' '}
        {observedCount(deployment.instances.ready)}
      </Typography>
      <TextField
        id="model-deployments-stop-reason"
        label="Reason"
        placeholder="Maintenance window"
        fullWidth
        margin="normal"
        value={form.reason}
        onChange={event => edit({ reason: event.target.value })}
        error={Boolean(reasonIssue)}
        helperText={
          reasonIssue ??
          `Optional. ${stopDeploymentRequestSchema.shape.reason.description}`
        }
      />
    </ActionDialog>
  );
}
