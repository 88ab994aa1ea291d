import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { modelDeploymentsApiRef } from './api';
import { anApproval } from './__testUtils__/approvals';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from './__testUtils__/deployments';
import { ModelDeploymentsPage, modelDeploymentsPlugin } from './plugin';
import { rootRouteRef } from './routes';

describe('the plugin for the legacy frontend system', () => {
  it('offers its page as a routable extension and the root route to bind', async () => {
    expect(modelDeploymentsPlugin.getId()).toBe('model-deployments');
    expect(modelDeploymentsPlugin.routes.root).toBe(rootRouteRef);
    const api = mockModelDeploymentsApi({
      listDeployments: async () => ({ items: [aDeployment()] }),
      listApprovals: async () => ({ items: [] }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [modelDeploymentsApiRef, api],
          [catalogApiRef, { getEntities: async () => ({ items: [] }) }],
        ]}
      >
        <Routes>
          <Route path="/model-deployments" element={<ModelDeploymentsPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/model-deployments'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'Deployments' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'bert-sentiment-api' }),
    ).toHaveAttribute('href', '/model-deployments/d1');
  }, 20_000);

  it('shows the approval requests at /approvals, not a deployment of that id', async () => {
    const api = mockModelDeploymentsApi({
      listApprovals: async () => ({ items: [anApproval()] }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[modelDeploymentsApiRef, api]]}>
        <Routes>
          <Route
            path="/model-deployments/*"
            element={<ModelDeploymentsPage />}
          />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/model-deployments/approvals'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'Approvals' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('bert-sentiment-api')).toBeInTheDocument();
    expect(api.listApprovals).toHaveBeenCalled();
    expect(api.getDeployment).not.toHaveBeenCalled();
  }, 20_000);
});
