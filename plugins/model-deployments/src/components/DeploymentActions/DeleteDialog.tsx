import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  deleteDeploymentQuerySchema,
  parseWithIssues,
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

/** The documentation's warning: what deleting does. */
const DELETE_EFFECTS = [
  'Shut down all instances',
  'Remove the endpoint',
  'Delete deployment configuration',
  'This action cannot be undone!',
];

/** The documentation's "Before Deleting" checklist. */
const BEFORE_DELETING = [
  'Stop sending traffic to the endpoint',
  'Update client applications',
  'Export logs if needed',
  'Verify you have the correct deployment',
];

/**
 * Delete (the documentation's Deleting a Deployment): removes the deployment for good, once its name is
 * typed again as confirmation.
 */
export function DeleteDialog(props: {
  open: boolean;
  deployment: ModelDeployment;
  onClose: () => void;
  onChanged: (deployment: ModelDeployment) => void;
}) {
  const { open, deployment, onClose, onChanged } = props;
  const api = useApi(modelDeploymentsApiRef);
  const [typed, setTyped] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const { submit, submitting, error, clearError } = useSubmit<ModelDeployment>({
    onDone: onChanged,
    successMessage: result =>
      `Deleting ${result.name}: its instances shut down, and its endpoint and configuration are removed`,
  });

  // Each opening starts with nothing typed.
  const [shownOpen, setShownOpen] = useState(open);
  if (open !== shownOpen) {
    setShownOpen(open);
    if (open) {
      setTyped('');
      setIssues([]);
      clearError();
    }
  }

  const handleSubmit = () => {
    const parsed = parseWithIssues(deleteDeploymentQuerySchema, {
      confirm: typed,
    });
    if (!parsed.success) {
      setIssues(parsed.issues);
      return;
    }
    setIssues([]);
    submit(() => api.deleteDeployment(deployment.id, parsed.data.confirm));
  };

  const confirmIssue = issueFor(
    [...issues, ...backendFieldIssues(error)],
    'confirm',
  );
  return (
    <ActionDialog
      open={open}
      title={`Delete ${deployment.name}`}
      submitLabel="Delete"
      onSubmit={handleSubmit}
      onClose={onClose}
      submitting={submitting}
      // The name typed again, exactly: a deletion cannot be undone.
      canSubmit={typed === deployment.name}
      destructive
      error={error}
    >
      <Alert severity="warning" role="note">
        <AlertTitle>
          Deleting {deployment.name} (
          {ENVIRONMENT_LABELS[deployment.spec.environment]}) will:
        </AlertTitle>
        <ul>
          {DELETE_EFFECTS.map(effect => (
            <li key={effect}>{effect}</li>
          ))}
        </ul>
      </Alert>
      <Box mt={2}>
        <Typography variant="subtitle2">Before Deleting:</Typography>
        <ul>
          {BEFORE_DELETING.map(step => (
            <li key={step}>
              <Typography variant="body2">{step}</Typography>
            </li>
          ))}
        </ul>
      </Box>
      <TextField
        id="model-deployments-delete-confirm"
        label={`Type ${deployment.name} to confirm`}
        fullWidth
        autoComplete="off"
        margin="normal"
        value={typed}
        onChange={event => {
          setTyped(event.target.value);
          setIssues([]);
        }}
        error={Boolean(confirmIssue)}
        helperText={confirmIssue}
      />
    </ActionDialog>
  );
}
