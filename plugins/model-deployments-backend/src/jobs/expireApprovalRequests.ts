import type { AuthService } from '@backstage/backend-plugin-api';
import type { ApprovalService } from '../service/ApprovalService';
import type { ScheduledTask } from './ScheduledTask';

/** Every minute, the requests that nobody decided in time end as expired, and their requesters are told. */
export function expireApprovalRequests(deps: {
  approvals: Pick<ApprovalService, 'expireDue'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
}): ScheduledTask {
  return {
    id: 'expire-approval-requests',
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    fn: async () => {
      await deps.approvals.expireDue(
        await deps.auth.getOwnServiceCredentials(),
      );
    },
  };
}
