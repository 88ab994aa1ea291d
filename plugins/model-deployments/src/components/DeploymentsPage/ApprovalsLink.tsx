import { LinkButton } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { LIST_PAGE_SIZE_MAX } from '@modelops/plugin-model-deployments-common';
import useAsync from 'react-use/esm/useAsync';
import { modelDeploymentsApiRef } from '../../api';
import { approvalsRouteRef } from '../../routes';

/** How many requests wait, as read: "3", or "200+" when there are more than one page holds. */
function usePendingCount(): string | undefined {
  const api = useApi(modelDeploymentsApiRef);
  const { value } = useAsync(
    () => api.listApprovals({ status: 'pending', limit: LIST_PAGE_SIZE_MAX }),
    [api],
  );
  if (!value?.items.length) {
    return undefined;
  }
  return `${value.items.length}${value.nextCursor ? '+' : ''}`;
}

/**
 * The way to the Approvals page, with the number of requests that wait, once read: "Approvals
 * (3 pending)". Until then, or when none waits or it cannot be read, "Approvals".
 */
export function ApprovalsLink() {
  const approvalsRoute = useRouteRef(approvalsRouteRef);
  const pending = usePendingCount();
  return (
    <LinkButton to={approvalsRoute()} variant="outlined" color="primary">
      {pending ? `Approvals (${pending} pending)` : 'Approvals'}
    </LinkButton>
  );
}
