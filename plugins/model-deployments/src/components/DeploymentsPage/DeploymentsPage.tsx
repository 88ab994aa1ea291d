import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  LinkButton,
  Page,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { useCreateDeploymentLink } from '../../hooks/useCreateDeploymentLink';
import { usePagedDeployments } from '../../hooks/usePagedDeployments';
import { DeploymentsTable, Pager } from '../DeploymentsTable';
import { ApprovalsLink } from './ApprovalsLink';
import { DeploymentFilters } from './DeploymentFilters';
import { useDeploymentFilters } from './useDeploymentFilters';

/**
 * The Deployments page: every deployment the user may see, with search, filters kept in the URL,
 * pages, the way to the approval requests, and Create Deployment. Statuses move on their own while
 * operations run.
 */
export function DeploymentsPage() {
  const { filters, setFilter, query } = useDeploymentFilters();
  const { value, loading, error, ...pager } = usePagedDeployments(query);
  const createLink = useCreateDeploymentLink();
  const filtered = Object.keys(query).length > 0;

  return (
    <Page themeId="tool">
      <Header
        title="Deployments"
        subtitle="Deploy your models to production with auto-scaling and load balancing."
      />
      <Content>
        <ContentHeader title="">
          <ApprovalsLink />
          {createLink && (
            <LinkButton to={createLink} color="primary" variant="contained">
              Create Deployment
            </LinkButton>
          )}
          <SupportButton>
            Every model deployment you may see. Open one to see its details,
            scale, stop, update its model or roll it back.
          </SupportButton>
        </ContentHeader>
        <Grid container spacing={3}>
          <Grid item xs={12} md={3}>
            <DeploymentFilters filters={filters} onChange={setFilter} />
          </Grid>
          <Grid item xs={12} md={9}>
            {error && !value ? (
              <ResponseErrorPanel
                error={error}
                title="Deployments could not be loaded"
              />
            ) : (
              <DeploymentsTable
                title="All deployments"
                showModel
                deployments={value?.items ?? []}
                loading={loading && !value}
                emptyContent={
                  <EmptyState
                    missing={filtered ? 'data' : 'content'}
                    title={
                      filtered
                        ? 'No deployment matches these filters'
                        : 'No deployments yet'
                    }
                    description={
                      filtered
                        ? 'Clear a filter or the search to see more.'
                        : "Deploy a model with Create Deployment, or from the model's Deployments tab in the catalog."
                    }
                  />
                }
              />
            )}
            <Pager {...pager} />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
