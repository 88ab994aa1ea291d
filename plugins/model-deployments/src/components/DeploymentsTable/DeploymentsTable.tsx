import { Link, Table, type TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { formatActor, formatTime } from '../../formatChange';
import { ENVIRONMENT_LABELS, STRATEGY_LABELS } from '../../labels';
import { deploymentRouteRef } from '../../routes';
import { PendingApprovalNote } from '../Approvals';
import { DeploymentStatus, formatInstances } from '../DeploymentStatus';
import { FiringAlertChips } from '../Monitoring';

function LastChange(props: { deployment: ModelDeployment }) {
  const { updatedAt, updatedBy } = props.deployment;
  return (
    <>
      {formatTime(updatedAt)}
      <Typography variant="caption" display="block" color="textSecondary">
        by {formatActor(updatedBy)}
      </Typography>
    </>
  );
}

function useColumns(options: {
  showModel: boolean;
}): TableColumn<ModelDeployment>[] {
  const deploymentRoute = useRouteRef(deploymentRouteRef);
  return [
    {
      title: 'Name',
      field: 'name',
      highlight: true,
      render: deployment => (
        <Link to={deploymentRoute({ id: deployment.id })}>
          {deployment.name}
        </Link>
      ),
    },
    ...(options.showModel
      ? [
          {
            title: 'Model',
            field: 'spec.modelRef',
            render: (deployment: ModelDeployment) => (
              <EntityRefLink
                entityRef={deployment.spec.modelRef}
                defaultKind="resource"
              />
            ),
          },
          {
            title: 'Owner',
            field: 'owner',
            render: (deployment: ModelDeployment) => (
              <EntityRefLink entityRef={deployment.owner} defaultKind="group" />
            ),
          },
        ]
      : []),
    {
      title: 'Environment',
      field: 'spec.environment',
      render: deployment => ENVIRONMENT_LABELS[deployment.spec.environment],
    },
    { title: 'Model Version', field: 'spec.modelVersion' },
    {
      title: 'Status',
      field: 'status',
      render: deployment => (
        <>
          <DeploymentStatus status={deployment.status} />
          {deployment.operation?.step && (
            <Typography variant="caption" display="block" color="textSecondary">
              {deployment.operation.step}
            </Typography>
          )}
          {deployment.lastError && (
            <Typography variant="caption" display="block" color="error">
              {deployment.lastError.message}
            </Typography>
          )}
          <PendingApprovalNote deployment={deployment} />
          <FiringAlertChips alerts={deployment.firingAlerts} />
        </>
      ),
    },
    {
      title: 'Instances',
      render: deployment => formatInstances(deployment.instances),
    },
    {
      title: 'Strategy',
      render: deployment => STRATEGY_LABELS[deployment.spec.strategy].name,
    },
    {
      title: 'Last Change',
      field: 'updatedAt',
      render: deployment => <LastChange deployment={deployment} />,
    },
  ];
}

/**
 * Deployments as a table: name (to its page), environment, version, status with the step under way,
 * the last error, the change that waits for approval and the alerts firing, observed instances,
 * strategy, last change;
 * with `showModel`, the model and owner too.
 */
export function DeploymentsTable(props: {
  title: string;
  deployments: ModelDeployment[];
  loading: boolean;
  emptyContent?: ReactNode;
  showModel?: boolean;
}) {
  const columns = useColumns({ showModel: props.showModel ?? false });
  return (
    <Table<ModelDeployment>
      title={props.title}
      columns={columns}
      data={props.deployments}
      isLoading={props.loading}
      // Sorting would only sort the page the API returned.
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
      }}
      emptyContent={props.emptyContent}
    />
  );
}
