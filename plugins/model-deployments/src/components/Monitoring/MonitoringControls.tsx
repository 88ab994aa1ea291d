import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  AUTO_REFRESH_OPTIONS,
  TIME_RANGES,
  type AutoRefreshId,
  type TimeRangeId,
} from './timeRanges';

/** Wide enough for each label whatever the value: "Off" alone left "Auto-refresh" cut off. */
const SELECT_MIN_WIDTH = 160;

/** The Monitoring panel's time range and auto-refresh. */
export function MonitoringControls(props: {
  range: TimeRangeId;
  onRangeChange: (range: TimeRangeId) => void;
  autoRefresh: AutoRefreshId;
  onAutoRefreshChange: (autoRefresh: AutoRefreshId) => void;
}) {
  const { range, onRangeChange, autoRefresh, onAutoRefreshChange } = props;
  return (
    <Box display="flex" flexWrap="wrap" gridGap={16}>
      <TextField
        id="monitoring-time-range"
        select
        label="Time range"
        variant="outlined"
        margin="dense"
        style={{ minWidth: SELECT_MIN_WIDTH }}
        value={range}
        onChange={event => onRangeChange(event.target.value as TimeRangeId)}
      >
        {TIME_RANGES.map(option => (
          <MenuItem key={option.id} value={option.id}>
            {option.label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="monitoring-auto-refresh"
        select
        label="Auto-refresh"
        variant="outlined"
        margin="dense"
        style={{ minWidth: SELECT_MIN_WIDTH }}
        value={autoRefresh}
        onChange={event =>
          onAutoRefreshChange(event.target.value as AutoRefreshId)
        }
      >
        {AUTO_REFRESH_OPTIONS.map(option => (
          <MenuItem key={option.id} value={option.id}>
            {option.label}
          </MenuItem>
        ))}
      </TextField>
    </Box>
  );
}
