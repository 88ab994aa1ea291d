import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import {
  rejectRequestSchema,
  withdrawRequestSchema,
  type ApprovalRequest,
} from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../../api';
import { approvalSummary } from '../../approvalSummary';
import { formatActor } from '../../formatChange';
import { EVENT_ACTION_LABELS } from '../../labels';
import { ReasonDialog } from '../ActionDialog';
import type { ApprovalDialogProps } from './ApprovalDialogProps';

/**
 * A change that waits is not made: an approver rejects it, with the reason the requester reads, or the
 * requester withdraws it, with a note for the history if they like.
 */
export function RejectOrWithdrawDialog(
  props: ApprovalDialogProps & { decision: 'reject' | 'withdraw' },
) {
  const { decision, open, approval, onClose, onDecided } = props;
  const api = useApi(modelDeploymentsApiRef);
  const requester = formatActor(approval.requestedBy);
  const label = EVENT_ACTION_LABELS[decision];
  const common = {
    open,
    title: `${label} the change of ${approval.deploymentName}`,
    submitLabel: label,
    successMessage: (decided: ApprovalRequest) =>
      `${decided.deploymentName}: ${approvalSummary(decided)} ${
        decision === 'reject' ? 'rejected' : 'withdrawn'
      }; it will not be made`,
    onClose,
    onDone: onDecided,
    children: (
      <Typography variant="body1">
        {approvalSummary(approval)}
        {/* The requester knows who asked. */}
        {decision === 'reject' && `, asked by ${requester},`} will not be made
        {approval.action === 'create' &&
          ': the deployment that waits for it is removed'}
        .
      </Typography>
    ),
  };
  return decision === 'reject' ? (
    <ReasonDialog
      {...common}
      destructive
      schema={rejectRequestSchema}
      send={request => api.rejectChange(approval.id, request)}
      reason={{
        id: 'model-deployments-reject-reason',
        required: true,
        multiline: true,
        helperText: `${rejectRequestSchema.shape.reason.description}: ${requester} reads it`,
      }}
    />
  ) : (
    <ReasonDialog
      {...common}
      schema={withdrawRequestSchema}
      send={request => api.withdrawChange(approval.id, request)}
      reason={{
        id: 'model-deployments-withdraw-reason',
        multiline: true,
        helperText: 'Optional. A note for the history',
      }}
    />
  );
}
