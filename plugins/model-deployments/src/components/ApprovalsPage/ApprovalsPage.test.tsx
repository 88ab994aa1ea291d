import { alertApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  ApprovalList,
  ListApprovalsQuery,
} from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import {
  anApproval,
  anApprovalAskedByViewer,
} from '../../__testUtils__/approvals';
import { mockModelDeploymentsApi } from '../../__testUtils__/deployments';
import { formatTime } from '../../formatChange';
import { rootRouteRef } from '../../routes';
import { ApprovalsPage } from './ApprovalsPage';

async function renderPage(
  answer: (query: ListApprovalsQuery) => ApprovalList,
  implementations: Partial<ModelDeploymentsApi> = {},
  path = '/',
) {
  const api = mockModelDeploymentsApi({
    listApprovals: async query => answer(query ?? {}),
    ...implementations,
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [modelDeploymentsApiRef, api],
        [alertApiRef, { post: jest.fn(), alert$: jest.fn() }],
      ]}
    >
      <ApprovalsPage />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: {
        '/model-deployments': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
  return api;
}

/** The row of the table that links to `deployment`. */
async function findRow(deployment: string) {
  const link = await screen.findByRole('link', { name: deployment });
  return within(link.closest('tr')!);
}

describe('ApprovalsPage', () => {
  it('lists the requests that wait, with what each changes, who asked, until when and who may approve', async () => {
    const api = await renderPage(() => ({ items: [anApproval()] }));
    const row = await findRow('bert-sentiment-api');
    expect(
      row.getByRole('link', { name: 'bert-sentiment-api' }),
    ).toHaveAttribute('href', '/model-deployments/d1');
    expect(row.getByText('Production')).toBeInTheDocument();
    expect(row.getByText('Update to v2.2.0 with Canary')).toBeInTheDocument();
    expect(
      row.getByText(formatTime('2026-11-26T11:00:00Z')),
    ).toBeInTheDocument();
    expect(row.getByText('by alice')).toBeInTheDocument();
    expect(
      row.getByText(formatTime('2026-11-29T11:00:00Z')),
    ).toBeInTheDocument();
    expect(row.getByRole('link', { name: 'ml-approvers' })).toHaveAttribute(
      'href',
      '/catalog/default/group/ml-approvers',
    );
    expect(row.getByText('Pending')).toBeInTheDocument();
    expect(row.getByRole('button', { name: 'Approve' })).toBeEnabled();
    expect(api.listApprovals).toHaveBeenCalledWith({
      status: 'pending',
      limit: 50,
    });
  }, 20_000);

  it('lists the requests of the status chosen, or all of them, and keeps it in the URL', async () => {
    const api = await renderPage(query =>
      query.status === 'rejected'
        ? {
            items: [
              anApproval({
                status: 'rejected',
                decidedBy: 'user:default/carol',
                decidedAt: '2026-11-26T12:00:00Z',
                reason: 'Wait for the release freeze to end',
                viewer: { canDecide: false, isRequester: false },
              }),
            ],
          }
        : { items: [] },
    );
    expect(
      await screen.findByText('Nothing waits for approval'),
    ).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByLabelText('Status'));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('Rejected'),
    );
    const row = await findRow('bert-sentiment-api');
    expect(api.listApprovals).toHaveBeenLastCalledWith({
      status: 'rejected',
      limit: 50,
    });
    expect(row.getByText('Rejected')).toBeInTheDocument();
    expect(
      row.getByText(`by carol, ${formatTime('2026-11-26T12:00:00Z')}`),
    ).toBeInTheDocument();
    expect(
      row.getByText('Wait for the release freeze to end'),
    ).toBeInTheDocument();
    // A decided request offers no decision.
    expect(row.queryByRole('button')).toBeNull();

    fireEvent.mouseDown(screen.getByLabelText('Status'));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('All'),
    );
    await waitFor(() =>
      expect(api.listApprovals).toHaveBeenLastCalledWith({ limit: 50 }),
    );
  }, 20_000);

  it('takes the status from the URL, and lists the pending ones for a status it does not know', async () => {
    const api = await renderPage(() => ({ items: [] }), {}, '/?status=expired');
    expect(
      await screen.findByText('No expired approval requests'),
    ).toBeInTheDocument();
    expect(api.listApprovals).toHaveBeenCalledWith({
      status: 'expired',
      limit: 50,
    });

    const other = await renderPage(
      () => ({ items: [] }),
      {},
      '/?status=nonsense',
    );
    await waitFor(() =>
      expect(other.listApprovals).toHaveBeenCalledWith({
        status: 'pending',
        limit: 50,
      }),
    );
  }, 20_000);

  it('pages with the cursor the API gives, forward and back', async () => {
    const api = await renderPage(query =>
      query.cursor
        ? {
            items: [
              anApproval({
                id: 'a2',
                deploymentId: 'd2',
                deploymentName: 'second-page',
              }),
            ],
          }
        : { items: [anApproval()], nextCursor: 'c2' },
    );
    await screen.findByText('bert-sentiment-api');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('second-page')).toBeInTheDocument();
    expect(api.listApprovals).toHaveBeenLastCalledWith({
      status: 'pending',
      cursor: 'c2',
      limit: 50,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('bert-sentiment-api')).toBeInTheDocument();
  }, 20_000);

  it('rejects a request in its row with the reason given, and reads the list again', async () => {
    let decided = false;
    const api = await renderPage(
      () => ({ items: decided ? [] : [anApproval()] }),
      {
        rejectChange: async () => {
          decided = true;
          return anApproval({ status: 'rejected' });
        },
      },
    );
    const row = await findRow('bert-sentiment-api');
    fireEvent.click(row.getByRole('button', { name: 'Reject' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.change(dialog.getByLabelText(/^Reason/), {
      target: { value: 'not during the freeze' },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Reject' }));
    expect(
      await screen.findByText('Nothing waits for approval'),
    ).toBeInTheDocument();
    expect(api.rejectChange).toHaveBeenCalledWith('a1', {
      reason: 'not during the freeze',
    });
    expect(api.listApprovals).toHaveBeenCalledTimes(2);
  }, 20_000);

  it("offers the requester Withdraw on their own request, and another's decisions disabled with the reason", async () => {
    const reason = 'Only members of nlp-team or ml-approvers may approve';
    await renderPage(() => ({
      items: [
        anApprovalAskedByViewer(),
        anApproval({
          id: 'a2',
          deploymentId: 'd2',
          deploymentName: 'resnet-api',
          viewer: { canDecide: false, reason, isRequester: false },
        }),
      ],
    }));
    const own = await findRow('bert-sentiment-api');
    expect(own.getByRole('button', { name: 'Withdraw' })).toBeEnabled();
    expect(own.queryByRole('button', { name: 'Approve' })).toBeNull();

    const other = await findRow('resnet-api');
    const approve = other.getByRole('button', { name: 'Approve' });
    expect(approve).toBeDisabled();
    expect(other.getByRole('button', { name: 'Reject' })).toBeDisabled();
    fireEvent.mouseOver(approve.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(reason);
  }, 20_000);
});
