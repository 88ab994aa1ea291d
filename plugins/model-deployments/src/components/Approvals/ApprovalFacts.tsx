import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import type { ApprovalRequest } from '@modelops/plugin-model-deployments-common';
import { approvalSummary, rolloutDetails } from '../../approvalSummary';
import { formatActor, formatTime } from '../../formatChange';
import { ENVIRONMENT_LABELS } from '../../labels';
import { FieldTable } from '../DeploymentPage/FieldTable';

/** What waits for approval, and where; who asked and when; until when; who may approve it. */
export function ApprovalFacts(props: { approval: ApprovalRequest }) {
  const { approval } = props;
  const rollout = rolloutDetails(approval);
  return (
    <FieldTable
      rows={[
        { label: 'Change', value: approvalSummary(approval) },
        ...(rollout ? [{ label: 'Rollout', value: rollout }] : []),
        {
          label: 'Environment',
          value: ENVIRONMENT_LABELS[approval.environment],
        },
        {
          label: 'Asked by',
          value: `${formatActor(approval.requestedBy)}, ${formatTime(
            approval.requestedAt,
          )}`,
        },
        { label: 'Expires', value: formatTime(approval.expiresAt) },
        {
          label: 'Approvers',
          value: (
            <EntityRefLinks
              entityRefs={approval.approvers}
              defaultKind="group"
            />
          ),
        },
      ]}
    />
  );
}
