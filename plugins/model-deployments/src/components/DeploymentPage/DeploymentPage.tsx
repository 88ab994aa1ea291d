import {
  Content,
  Header,
  HeaderLabel,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useParams } from 'react-router-dom';
import { useDeployment } from '../../hooks/useDeployment';
import { ENVIRONMENT_LABELS } from '../../labels';
import { rootRouteRef } from '../../routes';
import { DeploymentDetails } from './DeploymentDetails';

/**
 * A deployment's own page, at a URL that can be shared (`/model-deployments/<id>`): read again while an
 * operation runs, so the user sees it move without reloading.
 */
export function DeploymentPage() {
  const { id = '' } = useParams();
  const { value, loading, error, reload } = useDeployment(id);
  const deploymentsRoute = useRouteRef(rootRouteRef);

  return (
    <Page themeId="tool">
      <Header
        title={value?.name ?? 'Deployment'}
        subtitle={value?.spec.description || undefined}
        type="Deployments"
        typeLink={deploymentsRoute()}
      >
        {value && (
          <>
            <HeaderLabel
              label="Model"
              value={
                <EntityRefLink
                  entityRef={value.spec.modelRef}
                  defaultKind="resource"
                  color="inherit"
                />
              }
            />
            <HeaderLabel
              label="Owner"
              value={
                <EntityRefLink
                  entityRef={value.owner}
                  defaultKind="group"
                  color="inherit"
                />
              }
            />
            <HeaderLabel
              label="Environment"
              value={ENVIRONMENT_LABELS[value.spec.environment]}
            />
          </>
        )}
      </Header>
      <Content>
        {error && !value && (
          <ResponseErrorPanel
            error={error}
            title="The deployment could not be loaded"
          />
        )}
        {!value && loading && <Progress />}
        {value && (
          <DeploymentDetails
            deployment={value}
            refreshError={error}
            onChanged={reload}
          />
        )}
      </Content>
    </Page>
  );
}
