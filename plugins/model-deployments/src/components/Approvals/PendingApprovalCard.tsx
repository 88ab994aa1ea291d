import { InfoCard } from '@backstage/core-components';
import type { ApprovalRequest } from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { ApprovalButtons } from './ApprovalButtons';
import { ApprovalChanges } from './ApprovalChanges';
import { ApprovalFacts } from './ApprovalFacts';

/**
 * The change of a deployment that waits for approval: what it does, field by field, who asked and when,
 * until when it may be decided and by which groups; with the decisions the user can make on it.
 */
export function PendingApprovalCard(props: {
  approval: ApprovalRequest;
  /** Called after a decision, to read the deployment again. */
  onDecided: () => void;
}) {
  const { approval, onDecided } = props;
  return (
    <section aria-label="Change waiting for approval">
      <InfoCard title="Waiting for approval">
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            <ApprovalFacts approval={approval} />
          </Grid>
          <Grid item xs={12} md={6}>
            <ApprovalChanges approval={approval} />
          </Grid>
        </Grid>
        <Box mt={2}>
          <ApprovalButtons approval={approval} onDecided={onDecided} />
        </Box>
      </InfoCard>
    </section>
  );
}
