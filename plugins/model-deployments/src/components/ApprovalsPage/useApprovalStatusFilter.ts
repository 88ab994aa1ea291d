import {
  listApprovalsQuerySchema,
  type ApprovalStatus,
} from '@modelops/plugin-model-deployments-common';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** A status of the requests to list, or all of them. */
export type ApprovalStatusFilter = ApprovalStatus | 'all';

/** What the page lists until the user chooses: the requests that wait for a decision. */
const DEFAULT_STATUS: ApprovalStatusFilter = 'pending';

/**
 * The status of the requests the Approvals page lists, kept in the URL (`?status=`) so that the list can
 * be shared; a value the API's query schema would refuse lists the default.
 */
export function useApprovalStatusFilter() {
  const [params, setParams] = useSearchParams();
  const value = params.get('status');
  const parsed = listApprovalsQuerySchema.shape.status.safeParse(
    value ?? undefined,
  );
  const status: ApprovalStatusFilter =
    value === 'all' ? 'all' : (parsed.success && parsed.data) || DEFAULT_STATUS;

  const setStatus = useCallback(
    (next: ApprovalStatusFilter) =>
      setParams(
        previous => {
          const updated = new URLSearchParams(previous);
          if (next === DEFAULT_STATUS) {
            updated.delete('status');
          } else {
            updated.set('status', next);
          }
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );

  return { status, setStatus };
}
