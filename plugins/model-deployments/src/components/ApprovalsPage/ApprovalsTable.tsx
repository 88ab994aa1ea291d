import { Link, Table, type TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import type { ApprovalRequest } from '@modelops/plugin-model-deployments-common';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { approvalSummary } from '../../approvalSummary';
import { formatActor, formatTime } from '../../formatChange';
import { APPROVAL_STATUS_LABELS, ENVIRONMENT_LABELS } from '../../labels';
import { deploymentRouteRef } from '../../routes';
import { ApprovalButtons } from '../Approvals';

/** Who decided a request, when, and what they said; nothing while it waits. */
function Decision(props: { approval: ApprovalRequest }) {
  const { status, decidedBy, decidedAt, reason } = props.approval;
  return (
    <>
      {APPROVAL_STATUS_LABELS[status]}
      {decidedAt && (
        <Typography variant="caption" display="block" color="textSecondary">
          {decidedBy ? `by ${formatActor(decidedBy)}, ` : ''}
          {formatTime(decidedAt)}
        </Typography>
      )}
      {reason && (
        <Typography variant="caption" display="block">
          {reason}
        </Typography>
      )}
    </>
  );
}

function useColumns(onDecided: () => void): TableColumn<ApprovalRequest>[] {
  const deploymentRoute = useRouteRef(deploymentRouteRef);
  return [
    {
      title: 'Deployment',
      field: 'deploymentName',
      highlight: true,
      render: approval => (
        <Link to={deploymentRoute({ id: approval.deploymentId })}>
          {approval.deploymentName}
        </Link>
      ),
    },
    {
      title: 'Environment',
      field: 'environment',
      render: approval => ENVIRONMENT_LABELS[approval.environment],
    },
    { title: 'Change', render: approval => approvalSummary(approval) },
    {
      title: 'Requested',
      field: 'requestedAt',
      render: approval => (
        <>
          {formatTime(approval.requestedAt)}
          <Typography variant="caption" display="block" color="textSecondary">
            by {formatActor(approval.requestedBy)}
          </Typography>
        </>
      ),
    },
    {
      title: 'Expires',
      field: 'expiresAt',
      render: approval => formatTime(approval.expiresAt),
    },
    {
      title: 'Approvers',
      render: approval => (
        <EntityRefLinks entityRefs={approval.approvers} defaultKind="group" />
      ),
    },
    {
      title: 'Status',
      field: 'status',
      render: approval => <Decision approval={approval} />,
    },
    {
      title: '',
      render: approval => (
        <ApprovalButtons
          approval={approval}
          onDecided={onDecided}
          size="small"
        />
      ),
    },
  ];
}

/**
 * Approval requests as a table: the deployment (to its page, where the change shows field by field),
 * its environment, the change, who asked and when, the expiry, the approver groups, the status or
 * decision, and the decisions the user can make on those that wait.
 */
export function ApprovalsTable(props: {
  approvals: ApprovalRequest[];
  loading: boolean;
  emptyContent: ReactNode;
  /** Called after a decision, to read the list again. */
  onDecided: () => void;
}) {
  const { approvals, loading, emptyContent, onDecided } = props;
  const columns = useColumns(onDecided);
  return (
    <Table<ApprovalRequest>
      title="Approval requests"
      columns={columns}
      data={approvals}
      isLoading={loading}
      // Sorting would only sort the page the API returned.
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
      }}
      emptyContent={emptyContent}
    />
  );
}
