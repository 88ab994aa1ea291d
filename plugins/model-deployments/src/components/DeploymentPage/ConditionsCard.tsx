import { InfoCard, Table, type TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatTime } from '../../formatChange';
import type { DeploymentCondition } from '@modelops/plugin-model-deployments-common';

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
    <InfoCard title="Conditions" noPadding>
      <Table<DeploymentCondition>
        columns={columns}
        data={props.conditions}
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2" color="textSecondary">
              Nothing observed in the cluster yet.
            </Typography>
          </Box>
        }
      />
    </InfoCard>
  );
}
