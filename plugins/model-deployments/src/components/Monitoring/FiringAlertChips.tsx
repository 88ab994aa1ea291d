import type { DeploymentAlert } from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import { formatTime } from '../../formatChange';

const useStyles = makeStyles(theme => ({
  chip: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
    maxWidth: '100%',
    height: 'auto',
    minHeight: 24,
  },
  // The label wraps rather than cut off the time it fired.
  label: { whiteSpace: 'normal' },
  icon: { color: 'inherit' },
}));

/** The alerts firing now, each a chip with its summary and since when; nothing when none is. */
export function FiringAlertChips(props: { alerts?: DeploymentAlert[] }) {
  const classes = useStyles();
  if (!props.alerts?.length) {
    return null;
  }
  return (
    <Box display="flex" flexWrap="wrap" mt={0.5} gridGap={4}>
      {props.alerts.map(alert => (
        <Chip
          key={alert.id}
          size="small"
          classes={{ root: classes.chip, label: classes.label }}
          icon={<WarningIcon className={classes.icon} />}
          label={
            <>
              {alert.summary} <span>since {formatTime(alert.firedAt)}</span>
            </>
          }
        />
      ))}
    </Box>
  );
}
