import type { ApprovalRequest } from '@modelops/plugin-model-deployments-common';

/** What each decision's dialog takes from the page that shows the approval request. */
export type ApprovalDialogProps = {
  open: boolean;
  approval: ApprovalRequest;
  onClose: () => void;
  /** The request as the backend recorded the decision. */
  onDecided: (approval: ApprovalRequest) => void;
};
