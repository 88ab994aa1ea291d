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
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import { useState } from 'react';
import { useCreateDeploymentLink } from '../../hooks/useCreateDeploymentLink';
import { useDeployments } from '../../hooks/useDeployments';
import { DeploymentsTable } from '../DeploymentsTable';
import { DeploymentFilters } from './DeploymentFilters';
import { useDeploymentFilters } from './useDeploymentFilters';

/** The page size the API uses when asked for none. */
const PAGE_SIZE = 50;

/**
 * The Deployments page: every deployment the user may see, with search, filters kept in the URL,
 * pages, and Create Deployment. Statuses move on their own while operations run.
 */
export function DeploymentsPage() {
  const { filters, setFilter, query, cursor, setCursor } =
    useDeploymentFilters();
  // The cursors of the pages before this one, so that Previous can go back.
  const [previousCursors, setPreviousCursors] = useState<
    (string | undefined)[]
  >([]);
  const { value, loading, error } = useDeployments({
    ...query,
    limit: PAGE_SIZE,
  });
  const createLink = useCreateDeploymentLink();
  const filtered =
    Object.keys(query).filter(key => key !== 'cursor').length > 0;

  return (
    <Page themeId="tool">
      <Header
        title="Deployments"
        subtitle="Deploy your models to production with auto-scaling and load balancing."
      />
      <Content>
        <ContentHeader title="">
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
            <DeploymentFilters
              filters={filters}
              onChange={(key, filterValue) => {
                setPreviousCursors([]);
                setFilter(key, filterValue);
              }}
            />
          </Grid>
          <Grid item xs={12} md={9}>
            {error ? (
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
            {(cursor || value?.nextCursor) && (
              <Box display="flex" justifyContent="flex-end" mt={1} gridGap={8}>
                <Button
                  disabled={!cursor}
                  onClick={() => {
                    setCursor(previousCursors[previousCursors.length - 1]);
                    setPreviousCursors(previousCursors.slice(0, -1));
                  }}
                >
                  Previous page
                </Button>
                <Button
                  disabled={!value?.nextCursor}
                  onClick={() => {
                    setPreviousCursors([...previousCursors, cursor]);
                    setCursor(value?.nextCursor);
                  }}
                >
                  Next page
                </Button>
              </Box>
            )}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
