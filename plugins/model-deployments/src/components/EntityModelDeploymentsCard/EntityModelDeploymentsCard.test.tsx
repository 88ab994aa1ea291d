import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { modelDeploymentsApiRef } from '../../api';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { rootRouteRef } from '../../routes';
import { EntityModelDeploymentsCard } from './EntityModelDeploymentsCard';

const model = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'bert-sentiment', namespace: 'default' },
  spec: { type: 'ai-model', owner: 'group:default/nlp-team' },
};

async function renderCard(items: ReturnType<typeof aDeployment>[]) {
  const api = mockModelDeploymentsApi({
    listDeployments: async () => ({ items }),
  });
  await renderInTestApp(
    <TestApiProvider apis={[[modelDeploymentsApiRef, api]]}>
      <EntityProvider entity={model}>
        <EntityModelDeploymentsCard />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/model-deployments': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
  return api;
}

describe('EntityModelDeploymentsCard', () => {
  it("shows the model's first deployments, each linking to its page, and all of them on the tab", async () => {
    const api = await renderCard([
      aDeployment(),
      aDeployment({
        id: 'd2',
        name: 'bert-staging',
        status: 'deploying',
        instances: { desired: 1, current: null, ready: null },
        spec: { ...aDeployment().spec, environment: 'staging' },
      }),
    ]);
    expect(
      await screen.findByRole('link', { name: 'bert-sentiment-api' }),
    ).toHaveAttribute('href', '/model-deployments/d1');
    expect(api.listDeployments).toHaveBeenCalledWith({
      model: ['resource:default/bert-sentiment'],
      limit: 5,
    });
    expect(
      screen.getByText('Production · v2.1.0 · 2 ready, 2 / 2 instances'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Staging · v2.1.0 · — / 1 instances'),
    ).toBeInTheDocument();
    expect(screen.getByText('deploying')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /All deployments/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/bert-sentiment/deployments',
    );
  });

  it('says when the model is not deployed', async () => {
    await renderCard([]);
    expect(
      await screen.findByText('This model is not deployed yet.'),
    ).toBeInTheDocument();
  });
});
