import Grid from '@material-ui/core/Grid';
import type { ReactNode } from 'react';
import { detailsTabIds, type DetailsTabId } from '../../detailsTabs';

/**
 * The panel of one tab of a deployment's details, labelled by its tab. Every tab has its panel, so each
 * tab's `aria-controls` names one; only the shown one has content (and reads what it shows).
 */
export function DetailsTabPanel(props: {
  deploymentId: string;
  tab: DetailsTabId;
  shown: DetailsTabId;
  children: ReactNode;
}) {
  const { deploymentId, tab, shown, children } = props;
  const ids = detailsTabIds(deploymentId, tab);
  return (
    <Grid
      item
      xs={12}
      role="tabpanel"
      id={ids.panel}
      aria-labelledby={ids.tab}
      hidden={tab !== shown}
    >
      {tab === shown && (
        <Grid container spacing={3} alignItems="stretch">
          {children}
        </Grid>
      )}
    </Grid>
  );
}
