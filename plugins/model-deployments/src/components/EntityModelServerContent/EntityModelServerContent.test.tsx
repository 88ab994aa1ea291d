import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { DEPLOYMENT_ID_ANNOTATION } from '@modelops/plugin-model-deployments-common';
import { screen, within } from '@testing-library/react';
import { modelDeploymentsApiRef } from '../../api';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { isModelServerEntity } from '../../isModelServerEntity';
import { rootRouteRef } from '../../routes';
import { EntityModelServerContent } from './EntityModelServerContent';

const component = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'bert-sentiment-api',
    namespace: 'default',
    annotations: { [DEPLOYMENT_ID_ANNOTATION]: 'd1' },
  },
  spec: { type: 'model-server', owner: 'group:default/nlp-team' },
};

describe('EntityModelServerContent', () => {
  it("is shown on a deployment's own Component only", () => {
    expect(isModelServerEntity(component)).toBe(true);
    expect(
      isModelServerEntity({ ...component, spec: { type: 'service' } }),
    ).toBe(false);
    expect(
      isModelServerEntity({
        ...component,
        metadata: { name: 'bert-sentiment-api' },
      }),
    ).toBe(false);
  });

  it('shows the deployment that the annotation names, with its actions', async () => {
    const api = mockModelDeploymentsApi({
      getDeployment: async () => aDeployment(),
      listRevisions: async () => [],
      listEvents: async () => ({ items: [] }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [modelDeploymentsApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider entity={component}>
          <EntityModelServerContent />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/model-deployments': rootRouteRef,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    const name = (
      await screen.findByRole('rowheader', { name: 'Deployment Name' })
    ).closest('tr')!;
    expect(within(name).getByText('bert-sentiment-api')).toBeInTheDocument();
    expect(api.getDeployment).toHaveBeenCalledWith('d1');
    expect(screen.getByRole('button', { name: 'Scale' })).toBeInTheDocument();
  });
});
