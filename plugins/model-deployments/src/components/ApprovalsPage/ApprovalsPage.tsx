import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { usePagedApprovals } from '../../hooks/usePagedApprovals';
import { APPROVAL_STATUS_LABELS } from '../../labels';
import { rootRouteRef } from '../../routes';
import { Pager } from '../DeploymentsTable';
import { ApprovalStatusSelect } from './ApprovalStatusSelect';
import { ApprovalsTable } from './ApprovalsTable';
import { useApprovalStatusFilter } from './useApprovalStatusFilter';

/**
 * The Approvals page (`/model-deployments/approvals`): the changes of deployments that wait for a
 * second pair of eyes, newest first, with Approve, Reject or Withdraw; and, by status, those decided.
 */
export function ApprovalsPage() {
  const { status, setStatus } = useApprovalStatusFilter();
  const { value, loading, error, reload, ...pager } = usePagedApprovals(
    status === 'all' ? {} : { status },
  );
  const deploymentsRoute = useRouteRef(rootRouteRef);

  return (
    <Page themeId="tool">
      <Header
        title="Approvals"
        subtitle="Changes to deployments that wait for an approver, and how they were decided."
        type="Deployments"
        typeLink={deploymentsRoute()}
      />
      <Content>
        <ContentHeader title="">
          <ApprovalStatusSelect value={status} onChange={setStatus} />
          <SupportButton>
            Creating, updating the model of, or deleting a deployment may wait
            for a member of the model's owner or approver group. Nobody approves
            their own request; its requester may withdraw it.
          </SupportButton>
        </ContentHeader>
        {error && !value ? (
          <ResponseErrorPanel
            error={error}
            title="Approval requests could not be loaded"
          />
        ) : (
          <ApprovalsTable
            approvals={value?.items ?? []}
            loading={loading && !value}
            onDecided={reload}
            emptyContent={
              <EmptyState
                missing="data"
                title={
                  status === 'pending'
                    ? 'Nothing waits for approval'
                    : `No ${
                        status === 'all'
                          ? ''
                          : `${APPROVAL_STATUS_LABELS[status].toLowerCase()} `
                      }approval requests`
                }
                description="Only the requests of deployments you may see are listed."
              />
            }
          />
        )}
        <Pager {...pager} />
      </Content>
    </Page>
  );
}
