import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  ApprovalList,
  ListDeploymentsQuery,
} from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { modelDeploymentsApiRef } from '../../api';
import { anApproval } from '../../__testUtils__/approvals';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { rootRouteRef, selectedTemplateRouteRef } from '../../routes';
import { DeploymentsPage } from './DeploymentsPage';

function entity(kind: string, name: string, title: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', title },
    spec: {},
  };
}

/** The catalog as the filters read it: models and groups. */
const catalogApi = {
  getEntities: async ({ filter }: { filter: { kind: string } }) => ({
    items:
      filter.kind === 'Group'
        ? [entity('Group', 'nlp-team', 'NLP Team')]
        : [entity('Resource', 'bert-sentiment', 'BERT Sentiment')],
  }),
};

async function renderPage(options: {
  path?: string;
  answer?: (query: ListDeploymentsQuery) => {
    items: ReturnType<typeof aDeployment>[];
    nextCursor?: string;
  };
  approvals?: ApprovalList;
}) {
  const api = mockModelDeploymentsApi({
    listDeployments: async query =>
      options.answer?.(query ?? {}) ?? { items: [aDeployment()] },
    listApprovals: async () => options.approvals ?? { items: [] },
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [modelDeploymentsApiRef, api],
        [catalogApiRef, catalogApi],
      ]}
    >
      <DeploymentsPage />
    </TestApiProvider>,
    {
      routeEntries: [options.path ?? '/'],
      mountedRoutes: {
        '/create/templates/:namespace/:templateName': selectedTemplateRouteRef,
        '/model-deployments': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
  return api;
}

describe('DeploymentsPage', () => {
  it('lists every deployment with its model and owner, and offers Create', async () => {
    const api = await renderPage({});
    expect(
      await screen.findByRole('link', { name: 'bert-sentiment-api' }),
    ).toHaveAttribute('href', '/model-deployments/d1');
    expect(screen.getByText('Production')).toBeInTheDocument();
    expect(screen.getByText('2 ready, 2 / 2')).toBeInTheDocument();
    expect(api.listDeployments).toHaveBeenCalledWith({ limit: 50 });
    // Everything fits on one page: no pager.
    expect(screen.queryByRole('button', { name: 'Next page' })).toBeNull();
    expect(
      screen.getByRole('button', { name: 'Create Deployment' }),
    ).toHaveAttribute('href', '/create/templates/default/model-deployment');
  });

  it('takes its filters from the URL, so a filtered list can be shared', async () => {
    const api = await renderPage({
      path: '/?environment=production&status=running&status=nonsense&owner=group:default/nlp-team&q=bert',
    });
    await screen.findByText('bert-sentiment-api');
    // A value the API would refuse is dropped, and the rest of the filter with it.
    expect(api.listDeployments).toHaveBeenLastCalledWith({
      environment: ['production'],
      owner: ['group:default/nlp-team'],
      q: 'bert',
      limit: 50,
    });
    expect(screen.getByLabelText('Search')).toHaveValue('bert');
    expect(await screen.findByText('NLP Team')).toBeInTheDocument();
  });

  it('filters by status and searches as the user types', async () => {
    const api = await renderPage({});
    await screen.findByText('bert-sentiment-api');

    fireEvent.mouseDown(screen.getByLabelText('Status'));
    const options = within(await screen.findByRole('listbox'));
    fireEvent.click(options.getByText('stopped'));
    await waitFor(() =>
      expect(api.listDeployments).toHaveBeenLastCalledWith({
        status: ['stopped'],
        limit: 50,
      }),
    );

    fireEvent.change(screen.getByLabelText('Search'), {
      target: { value: 'resnet' },
    });
    await waitFor(() =>
      expect(api.listDeployments).toHaveBeenLastCalledWith({
        status: ['stopped'],
        q: 'resnet',
        limit: 50,
      }),
    );
  }, 20_000);

  it('pages with the cursor the API gives, forward and back', async () => {
    const api = await renderPage({
      answer: query =>
        query.cursor
          ? { items: [aDeployment({ id: 'd2', name: 'second-page' })] }
          : { items: [aDeployment()], nextCursor: 'c2' },
    });
    await screen.findByText('bert-sentiment-api');
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();

    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('second-page')).toBeInTheDocument();
    expect(api.listDeployments).toHaveBeenLastCalledWith({
      cursor: 'c2',
      limit: 50,
    });
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('bert-sentiment-api')).toBeInTheDocument();
  }, 20_000);

  it('says when no deployment matches the filters', async () => {
    await renderPage({
      path: '/?environment=staging',
      answer: () => ({ items: [] }),
    });
    expect(
      await screen.findByText('No deployment matches these filters'),
    ).toBeInTheDocument();
  });

  it('shows under its status the change of a deployment that waits for approval, linking to it', async () => {
    await renderPage({
      answer: () => ({
        items: [
          aDeployment({ pendingApproval: anApproval() }),
          aDeployment({
            id: 'd2',
            name: 'bert-new',
            status: 'pending-approval',
            pendingApproval: anApproval({
              id: 'a2',
              deploymentId: 'd2',
              action: 'create',
              parameters: {},
            }),
          }),
        ],
      }),
    });
    expect(
      await screen.findByRole('link', {
        name: 'Update to v2.2.0 with Canary waits for approval',
      }),
    ).toHaveAttribute('href', '/model-deployments/d1');
    expect(
      screen.getByRole('link', { name: 'Creation waits for approval' }),
    ).toHaveAttribute('href', '/model-deployments/d2');
    expect(screen.getByText('pending-approval')).toBeInTheDocument();
  });

  it('links to the approval requests, with how many wait', async () => {
    const api = await renderPage({
      approvals: {
        items: [
          anApproval(),
          anApproval({ id: 'a2' }),
          anApproval({ id: 'a3' }),
        ],
      },
    });
    expect(
      await screen.findByRole('button', { name: 'Approvals (3 pending)' }),
    ).toHaveAttribute('href', '/model-deployments/approvals');
    expect(api.listApprovals).toHaveBeenCalledWith({
      status: 'pending',
      limit: 200,
    });
  });

  it('links to the approval requests without a count when none waits', async () => {
    await renderPage({});
    await screen.findByText('bert-sentiment-api');
    expect(screen.getByRole('button', { name: 'Approvals' })).toHaveAttribute(
      'href',
      '/model-deployments/approvals',
    );
  });
});
