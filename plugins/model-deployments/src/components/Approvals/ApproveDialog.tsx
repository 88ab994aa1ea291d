import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { approveRequestSchema } from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../../api';
import { approvalSummary } from '../../approvalSummary';
import { ActionDialog, issueFor, useActionForm } from '../ActionDialog';
import { ApprovalChanges } from './ApprovalChanges';
import type { ApprovalDialogProps } from './ApprovalDialogProps';
import { ApprovalFacts } from './ApprovalFacts';

/**
 * Approve a change that waits: the approver sees what it does, field by field, and may leave a comment
 * for the history; once approved, the change is applied.
 */
export function ApproveDialog(props: ApprovalDialogProps) {
  const { open, approval, onClose, onDecided } = props;
  const api = useApi(modelDeploymentsApiRef);
  const { form, edit, submit, issues, dialogProps } = useActionForm({
    open,
    // Each opening starts without a comment.
    initialForm: () => ({ comment: '' }),
    onDone: onDecided,
    successMessage: decided =>
      `${decided.deploymentName}: ${approvalSummary(
        decided,
      )} approved; it is under way`,
  });

  const handleSubmit = () => {
    const comment = form.comment.trim();
    submit(approveRequestSchema, comment ? { comment } : {}, checked =>
      api.approveChange(approval.id, checked),
    );
  };

  const commentIssue = issueFor(issues, 'comment');
  return (
    <ActionDialog
      {...dialogProps}
      title={`Approve the change of ${approval.deploymentName}`}
      submitLabel="Approve"
      onSubmit={handleSubmit}
      onClose={onClose}
      maxWidth="md"
    >
      <ApprovalFacts approval={approval} />
      <Box mt={2}>
        <ApprovalChanges approval={approval} />
      </Box>
      <TextField
        id="model-deployments-approve-comment"
        label="Comment"
        fullWidth
        multiline
        margin="normal"
        value={form.comment}
        onChange={event => edit({ comment: event.target.value })}
        error={Boolean(commentIssue)}
        helperText={
          commentIssue ??
          `Optional. ${approveRequestSchema.shape.comment.description}`
        }
      />
    </ActionDialog>
  );
}
