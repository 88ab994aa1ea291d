import { useApi } from '@backstage/core-plugin-api';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  parseWithIssues,
  stopDeploymentRequestSchema,
  type FieldIssue,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { useState } from 'react';
import { modelDeploymentsApiRef } from '../../api';
import { ENVIRONMENT_LABELS } from '../../labels';
import {
  ActionDialog,
  backendFieldIssues,
  issueFor,
  useSubmit,
} from '../ActionDialog';

/**
 * Stop (the documentation's Stopping a Deployment): all instances shut down and the endpoint becomes
 * unavailable, until the deployment is started again.
 */
export function StopDialog(props: {
  open: boolean;
  deployment: ModelDeployment;
  onClose: () => void;
  onChanged: (deployment: ModelDeployment) => void;
}) {
  const { open, deployment, onClose, onChanged } = props;
  const api = useApi(modelDeploymentsApiRef);
  const [reason, setReason] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const { submit, submitting, error, clearError } = useSubmit<ModelDeployment>({
    onDone: onChanged,
    successMessage: result =>
      `Stopping ${result.name}: all instances shut down and the endpoint becomes unavailable`,
  });

  // Each opening starts without a reason.
  const [shownOpen, setShownOpen] = useState(open);
  if (open !== shownOpen) {
    setShownOpen(open);
    if (open) {
      setReason('');
      setIssues([]);
      clearError();
    }
  }

  const handleSubmit = () => {
    const parsed = parseWithIssues(
      stopDeploymentRequestSchema,
      reason.trim() ? { reason: reason.trim() } : {},
    );
    if (!parsed.success) {
      setIssues(parsed.issues);
      return;
    }
    setIssues([]);
    submit(() => api.stopDeployment(deployment.id, parsed.data));
  };

  const reasonIssue = issueFor(
    [...issues, ...backendFieldIssues(error)],
    'reason',
  );
  const environment = ENVIRONMENT_LABELS[deployment.spec.environment];
  const ready = deployment.instances.ready;
  return (
    <ActionDialog
      open={open}
      title={`Stop ${deployment.name}`}
      submitLabel="Stop"
      onSubmit={handleSubmit}
      onClose={onClose}
      submitting={submitting}
      destructive
      error={error}
    >
      <Typography variant="body1" gutterBottom>
        All instances of {deployment.name} in {environment} shut down, and its
        endpoint becomes unavailable until the deployment is started again.
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Instances ready now, which will stop: {ready === null ? '—' : ready}
      </Typography>
      <TextField
        id="model-deployments-stop-reason"
        label="Reason"
        placeholder="Maintenance window"
        fullWidth
        margin="normal"
        value={reason}
        onChange={event => {
          setReason(event.target.value);
          setIssues([]);
        }}
        error={Boolean(reasonIssue)}
        helperText={
          reasonIssue ??
          `Optional. ${stopDeploymentRequestSchema.shape.reason.description}`
        }
      />
    </ActionDialog>
  );
}
