import type {
  ApprovalDecision,
  ApprovalRequest,
} from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { useState, type ComponentType } from 'react';
import { EVENT_ACTION_LABELS } from '../../labels';
import { ReasonTooltip } from '../ReasonTooltip';
import type { ApprovalDialogProps } from './ApprovalDialogProps';
import { ApproveDialog } from './ApproveDialog';
import { RejectDialog } from './RejectDialog';
import { WithdrawDialog } from './WithdrawDialog';

/** Each decision's dialog, and its button's colour. */
const DECISIONS: Record<
  ApprovalDecision,
  {
    Dialog: ComponentType<ApprovalDialogProps>;
    color: 'primary' | 'secondary' | 'default';
  }
> = {
  approve: { Dialog: ApproveDialog, color: 'primary' },
  reject: { Dialog: RejectDialog, color: 'secondary' },
  withdraw: { Dialog: WithdrawDialog, color: 'default' },
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
  const OpenDialog = open && DECISIONS[open].Dialog;
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
              color={DECISIONS[decision].color}
              disabled={!allowed}
              onClick={() => setOpen(decision)}
            >
              {EVENT_ACTION_LABELS[decision]}
            </Button>
          </ReasonTooltip>
        );
      })}
      {OpenDialog && (
        <OpenDialog
          open
          approval={approval}
          onClose={() => setOpen(undefined)}
          onDecided={decided => {
            setOpen(undefined);
            onDecided(decided);
          }}
        />
      )}
    </Box>
  );
}
