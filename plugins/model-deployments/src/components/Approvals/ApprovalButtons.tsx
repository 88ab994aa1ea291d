import type {
  ApprovalDecision,
  ApprovalRequest,
} from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { EVENT_ACTION_LABELS } from '../../labels';
import { ReasonTooltip } from '../ReasonTooltip';
import { ApproveDialog } from './ApproveDialog';
import { RejectOrWithdrawDialog } from './RejectOrWithdrawDialog';

/** Each decision's button colour. */
const COLORS: Record<ApprovalDecision, 'primary' | 'secondary' | 'default'> = {
  approve: 'primary',
  reject: 'secondary',
  withdraw: 'default',
};

/**
 * The decisions on a request that waits: Approve and Reject for everyone but the requester (disabled,
 * with the backend's reason on hover, when the user may not decide it), Withdraw for the requester.
 * A decided request offers none.
 */
export function ApprovalButtons(props: {
  approval: ApprovalRequest;
  onDecided: (approval: ApprovalRequest) => void;
  size?: 'small' | 'medium';
}) {
  const { approval, onDecided, size = 'medium' } = props;
  const [open, setOpen] = useState<ApprovalDecision | undefined>();
  if (approval.status !== 'pending') {
    return null;
  }
  const { viewer } = approval;
  const decisions: ApprovalDecision[] = viewer.isRequester
    ? ['withdraw']
    : ['approve', 'reject'];
  const dialogProps = {
    open: true,
    approval,
    onClose: () => setOpen(undefined),
    onDecided: (decided: ApprovalRequest) => {
      setOpen(undefined);
      onDecided(decided);
    },
  };
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      gridGap={8}
      role="group"
      aria-label={`Decisions on the change of ${approval.deploymentName}`}
    >
      {decisions.map(decision => {
        // The requester may always withdraw; only an approver may decide.
        const allowed = decision === 'withdraw' || viewer.canDecide;
        return (
          <ReasonTooltip
            key={decision}
            reason={allowed ? undefined : viewer.reason}
          >
            <Button
              size={size}
              variant={decision === 'approve' ? 'contained' : 'outlined'}
              color={COLORS[decision]}
              disabled={!allowed}
              onClick={() => setOpen(decision)}
            >
              {EVENT_ACTION_LABELS[decision]}
            </Button>
          </ReasonTooltip>
        );
      })}
      {open === 'approve' && <ApproveDialog {...dialogProps} />}
      {(open === 'reject' || open === 'withdraw') && (
        <RejectOrWithdrawDialog decision={open} {...dialogProps} />
      )}
    </Box>
  );
}
