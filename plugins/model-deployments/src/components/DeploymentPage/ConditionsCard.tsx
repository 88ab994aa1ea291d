import type { TableColumn } from '@backstage/core-components';
import type { DeploymentCondition } from '@modelops/plugin-model-deployments-common';
import { formatTime } from '../../formatChange';
import { CardTable } from '../CardTable';

const columns: TableColumn<DeploymentCondition>[] = [
  { title: 'Type', field: 'type' },
  { title: 'Status', field: 'status' },
  { title: 'Reason', field: 'reason' },
  { title: 'Message', field: 'message' },
  {
    title: 'Since',
    field: 'lastTransitionTime',
    render: condition => formatTime(condition.lastTransitionTime),
  },
];

/** The deployment's conditions, Kubernetes-style, as the runtime last observed them. */
export function ConditionsCard(props: { conditions: DeploymentCondition[] }) {
  return (
    <CardTable<DeploymentCondition>
      title="Conditions"
      columns={columns}
      data={props.conditions}
      emptyText="Nothing observed in the cluster yet."
    />
  );
}
