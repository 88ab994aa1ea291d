import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { DeploymentList } from '@modelops/plugin-model-deployments-common';
import { screen, waitFor, within } from '@testing-library/react';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import { anApproval } from '../../__testUtils__/approvals';
import { aDeployment, anOperation } from '../../__testUtils__/deployments';
import { anAlert, someMetrics } from '../../__testUtils__/monitoring';
import { rootRouteRef, selectedTemplateRouteRef } from '../../routes';
import { EntityModelDeploymentsContent } from './EntityModelDeploymentsContent';

const model = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'bert-sentiment',
    namespace: 'default',
    title: 'BERT Sentiment',
  },
  spec: { type: 'ai-model', owner: 'group:default/nlp-team' },
};

/** The API as the tab uses it: a list per call, recording each query, and metrics of the last hour. */
function apiListing(...pages: DeploymentList[]) {
  const queries: unknown[] = [];
  const api: Partial<ModelDeploymentsApi> = {
    listDeployments: async query => {
      queries.push(query);
      return pages[Math.min(queries.length, pages.length) - 1];
    },
    getMetrics: async () => someMetrics(),
  };
  return { api: api as ModelDeploymentsApi, queries };
}

async function renderTab(api: ModelDeploymentsApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[modelDeploymentsApiRef, api]]}>
      <EntityProvider entity={model}>
        <EntityModelDeploymentsContent />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/create/templates/:namespace/:templateName': selectedTemplateRouteRef,
        '/model-deployments': rootRouteRef,
      },
    },
  );
}

describe('EntityModelDeploymentsContent', () => {
  it("lists the model's deployments with what was observed, and offers Create with the model chosen", async () => {
    const { api, queries } = apiListing({
      items: [
        aDeployment(),
        aDeployment({
          id: 'd2',
          name: 'bert-staging',
          status: 'deploying',
          instances: { desired: 2, current: null, ready: null },
          operation: anOperation({ type: 'create', step: 'rolling-out' }),
        }),
      ],
    });
    await renderTab(api);
    expect(await screen.findByText('bert-sentiment-api')).toBeInTheDocument();
    expect(queries[0]).toEqual({
      model: ['resource:default/bert-sentiment'],
      limit: 50,
    });
    expect(
      screen.getByRole('link', { name: 'bert-sentiment-api' }),
    ).toHaveAttribute('href', '/model-deployments/d1');
    expect(screen.getByText('running')).toBeInTheDocument();
    expect(screen.getByText('2 ready, 2 / 2')).toBeInTheDocument();
    expect(screen.getAllByText('Blue-Green')).toHaveLength(2);
    // Nothing observed yet: no figure is shown as if it were.
    expect(screen.getByText('— / 2')).toBeInTheDocument();
    expect(screen.getByText('rolling-out')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Create Deployment' }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/model-deployment?formData=${encodeURIComponent(
        JSON.stringify({ model: 'resource:default/bert-sentiment' }),
      )}`,
    );
  });

  it('reads the list again while an operation is under way, until it ends', async () => {
    const deploying = aDeployment({ status: 'deploying' });
    const { api, queries } = apiListing(
      { items: [deploying] },
      { items: [aDeployment({ status: 'running' })] },
    );
    await renderTab(api);
    await waitFor(
      () => expect(screen.getByText('running')).toBeInTheDocument(),
      {
        timeout: 10_000,
      },
    );
    const calls = queries.length;
    await new Promise(resolve => setTimeout(resolve, 4000));
    expect(queries.length).toBe(calls);
  }, 20_000);

  it('says so when the model has no deployment', async () => {
    const { api } = apiListing({ items: [] });
    await renderTab(api);
    expect(await screen.findByText('No deployments yet')).toBeInTheDocument();
  });

  it('shows a deployment whose creation waits for approval, linking to where it is decided', async () => {
    const { api } = apiListing({
      items: [
        aDeployment({
          status: 'pending-approval',
          instances: { desired: 2, current: null, ready: null },
          pendingApproval: anApproval({ action: 'create', parameters: {} }),
        }),
      ],
    });
    await renderTab(api);
    expect(
      await screen.findByRole('link', { name: 'Creation waits for approval' }),
    ).toHaveAttribute('href', '/model-deployments/d1');
    expect(screen.getByText('pending-approval')).toBeInTheDocument();
  });

  it('shows the alerts firing on each deployment, and the last hour of the one in production', async () => {
    const { api } = apiListing({
      items: [
        aDeployment({
          id: 'd2',
          name: 'bert-staging',
          spec: { ...aDeployment().spec, environment: 'staging' },
        }),
        aDeployment({
          firingAlerts: [
            anAlert(),
            anAlert({
              id: 'al2',
              kind: 'p99-latency',
              summary: 'p99 latency 420 ms is above 300 ms',
            }),
          ],
        }),
      ],
    });
    await renderTab(api);
    const row = (
      await screen.findByRole('link', { name: 'bert-sentiment-api' })
    ).closest('tr')!;
    expect(
      within(row).getByText('Error rate 7.5 % is above 5 %'),
    ).toBeInTheDocument();
    expect(
      within(row).getByText('p99 latency 420 ms is above 300 ms'),
    ).toBeInTheDocument();
    const staging = screen
      .getByRole('link', { name: 'bert-staging' })
      .closest('tr')!;
    expect(within(staging).queryByText(/is above/)).toBeNull();

    expect(await screen.findByText('13.3 req/s')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Monitoring of bert-sentiment-api/ }),
    ).toHaveAttribute('href', '/model-deployments/d1?tab=monitoring');
  });
});
