import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  deleteDeploymentQuerySchema,
  type ModelDeployment,
  waitingRequestNote,
} from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../../api';
import { awaitingApprovalOutcome } from '../../approvalSummary';
import { ENVIRONMENT_LABELS } from '../../labels';
import {
  ActionDialog,
  issueFor,
  useActionForm,
  type DoneMessage,
} from '../ActionDialog';
import { BulletList } from './BulletList';
import type { DeploymentDialogProps } from './DeploymentDialogProps';

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

/** What happens next: the deletion waits for approval, was done at once, or is under way. */
function deleteOutcome(
  before: ModelDeployment,
  result: ModelDeployment,
): string | DoneMessage {
  const waiting = awaitingApprovalOutcome(before, result);
  if (waiting) {
    return waiting;
  }
  // A deployment never applied to a cluster, e.g. one whose creation waited for approval, has
  // nothing to shut down.
  return result.status === 'deleted'
    ? `Deleted ${result.name}`
    : `Deleting ${result.name}: its instances shut down, and its endpoint and configuration are removed`;
}

/**
 * Delete (the documentation's Deleting a Deployment): removes the deployment for good, once its name is
 * typed again as confirmation.
 */
export function DeleteDialog(props: DeploymentDialogProps) {
  const { open, deployment, onClose, onChanged } = props;
  const api = useApi(modelDeploymentsApiRef);
  const { form, edit, submit, issues, dialogProps } = useActionForm({
    open,
    // Each opening starts with nothing typed.
    initialForm: () => ({ confirm: '' }),
    onDone: onChanged,
    successMessage: result => deleteOutcome(deployment, result),
  });

  const handleSubmit = () =>
    submit(deleteDeploymentQuerySchema, form, checked =>
      api.deleteDeployment(deployment.id, checked.confirm),
    );

  const confirmIssue = issueFor(issues, 'confirm');
  return (
    <ActionDialog
      {...dialogProps}
      title={`Delete ${deployment.name}`}
      note={waitingRequestNote(deployment, 'delete')}
      submitLabel="Delete"
      onSubmit={handleSubmit}
      onClose={onClose}
      // The name typed again, exactly: a deletion cannot be undone.
      canSubmit={form.confirm === deployment.name}
      destructive
    >
      {deployment.status === 'pending-approval' ? (
        <Alert severity="info" role="note">
          The creation of {deployment.name} still waits for approval, and
          nothing of it runs yet: deleting it withdraws the request.
        </Alert>
      ) : (
        <>
          <Alert severity="warning" role="note">
            <AlertTitle>
              Deleting {deployment.name} (
              {ENVIRONMENT_LABELS[deployment.spec.environment]}) will:
            </AlertTitle>
            <BulletList items={DELETE_EFFECTS} />
          </Alert>
          <Box mt={2}>
            <Typography variant="subtitle2">Before Deleting:</Typography>
            <BulletList items={BEFORE_DELETING} />
          </Box>
        </>
      )}
      <TextField
        id="model-deployments-delete-confirm"
        label={`Type ${deployment.name} to confirm`}
        fullWidth
        autoComplete="off"
        margin="normal"
        value={form.confirm}
        onChange={event => edit({ confirm: event.target.value })}
        error={Boolean(confirmIssue)}
        helperText={confirmIssue}
      />
    </ActionDialog>
  );
}
