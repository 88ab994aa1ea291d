import { useApi } from '@backstage/core-plugin-api';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { withdrawRequestSchema } from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../../api';
import { approvalSummary } from '../../approvalSummary';
import { ActionDialog, issueFor, useActionForm } from '../ActionDialog';
import type { ApprovalDialogProps } from './ApprovalDialogProps';

/** The requester takes back a change that waits for approval; it is not made. */
export function WithdrawDialog(props: ApprovalDialogProps) {
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
      )} withdrawn; it will not be made`,
  });

  const handleSubmit = () => {
    const reason = form.reason.trim();
    submit(withdrawRequestSchema, reason ? { reason } : {}, checked =>
      api.withdrawChange(approval.id, checked),
    );
  };

  const reasonIssue = issueFor(issues, 'reason');
  return (
    <ActionDialog
      {...dialogProps}
      title={`Withdraw the change of ${approval.deploymentName}`}
      submitLabel="Withdraw"
      onSubmit={handleSubmit}
      onClose={onClose}
    >
      <Typography variant="body1">
        {approvalSummary(approval)} will not be made
        {approval.action === 'create' &&
          ': the deployment that waits for it is removed'}
        .
      </Typography>
      <TextField
        id="model-deployments-withdraw-reason"
        label="Reason"
        fullWidth
        multiline
        margin="normal"
        value={form.reason}
        onChange={event => edit({ reason: event.target.value })}
        error={Boolean(reasonIssue)}
        helperText={reasonIssue ?? 'Optional. A note for the history'}
      />
    </ActionDialog>
  );
}
