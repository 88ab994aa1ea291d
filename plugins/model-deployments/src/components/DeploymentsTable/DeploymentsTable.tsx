import { Table, type TableColumn } from '@backstage/core-components';
import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { DeploymentStatus } from '../DeploymentStatus';

const STRATEGY_NAMES = {
  rolling: 'Rolling Update',
  'blue-green': 'Blue-Green',
  canary: 'Canary',
} as const;

function instances(deployment: ModelDeployment): string {
  const { desired, current, ready } = deployment.instances;
  // Observed figures stay empty until the runtime has seen the cluster: nothing is assumed.
  if (current === null || ready === null) {
    return `— / ${desired}`;
  }
  return `${ready} ready, ${current} / ${desired}`;
}

const columns: TableColumn<ModelDeployment>[] = [
  { title: 'Name', field: 'name', highlight: true },
  { title: 'Environment', field: 'spec.environment' },
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
      </>
    ),
  },
  {
    title: 'Instances',
    render: instances,
  },
  {
    title: 'Strategy',
    render: deployment => STRATEGY_NAMES[deployment.spec.strategy],
  },
  {
    title: 'Last Change',
    field: 'updatedAt',
    render: deployment =>
      `${new Date(deployment.updatedAt).toLocaleString()} by ${
        deployment.updatedBy
      }`,
  },
];

/** Deployments as a table: name, environment, version, status, instances, strategy, last change. */
export function DeploymentsTable(props: {
  title: string;
  deployments: ModelDeployment[];
  loading: boolean;
  emptyContent?: ReactNode;
}) {
  return (
    <Table<ModelDeployment>
      title={props.title}
      columns={columns}
      data={props.deployments}
      isLoading={props.loading}
      options={{ paging: false, search: false, padding: 'dense' }}
      emptyContent={props.emptyContent}
    />
  );
}
