import { useApi } from '@backstage/core-plugin-api';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { rejectRequestSchema } from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../../api';
import { approvalSummary } from '../../approvalSummary';
import { formatActor } from '../../formatChange';
import { ActionDialog, issueFor, useActionForm } from '../ActionDialog';
import type { ApprovalDialogProps } from './ApprovalDialogProps';

/** Reject a change that waits, with the reason the requester reads; the change is not made. */
export function RejectDialog(props: ApprovalDialogProps) {
  const { open, approval, onClose, onDecided } = props;
  const api = useApi(modelDeploymentsApiRef);
  const { form, edit, submit, issues, dialogProps } = useActionForm({
    open,
    // Each opening starts without a reason.
    initialForm: () => ({ reason: '' }),
    onDone: onDecided,
    successMessage: decided =>
      `${decided.deploymentName}: ${approvalSummary(
        decided,
      )} rejected; it will not be made`,
  });

  const handleSubmit = () =>
    submit(rejectRequestSchema, form, checked =>
      api.rejectChange(approval.id, checked),
    );

  const reasonIssue = issueFor(issues, 'reason');
  return (
    <ActionDialog
      {...dialogProps}
      title={`Reject the change of ${approval.deploymentName}`}
      submitLabel="Reject"
      onSubmit={handleSubmit}
      onClose={onClose}
      destructive
    >
      <Typography variant="body1">
        {approvalSummary(approval)}, asked by{' '}
        {formatActor(approval.requestedBy)}, will not be made
        {approval.action === 'create' &&
          ': the deployment that waits for it is removed'}
        .
      </Typography>
      <TextField
        id="model-deployments-reject-reason"
        label="Reason"
        required
        fullWidth
        multiline
        margin="normal"
        value={form.reason}
        onChange={event => edit({ reason: event.target.value })}
        error={Boolean(reasonIssue)}
        helperText={
          reasonIssue ??
          `${rejectRequestSchema.shape.reason.description}: ${formatActor(
            approval.requestedBy,
          )} reads it`
        }
      />
    </ActionDialog>
  );
}
