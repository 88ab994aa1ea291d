import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  label: {
    width: '45%',
    color: theme.palette.text.secondary,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

/** Label and value pairs, one per row, as the details view shows each section. */
export function FieldTable(props: {
  rows: { label: string; value: ReactNode }[];
}) {
  const classes = useStyles();
  return (
    <Table size="small">
      <TableBody>
        {props.rows.map(row => (
          <TableRow key={row.label}>
            {/* MUI gives body cells role "cell"; the label heads its row. */}
            <TableCell
              component="th"
              scope="row"
              role="rowheader"
              className={classes.label}
            >
              {row.label}
            </TableCell>
            <TableCell>{row.value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
