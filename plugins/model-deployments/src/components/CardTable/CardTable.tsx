import { InfoCard, Table, type TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/**
 * A card of the deployment's details that lists rows: every row at once (no paging, search or
 * toolbar), dense, and a sentence in place of the rows when there are none.
 */
export function CardTable<T extends object>(props: {
  title: string;
  columns: TableColumn<T>[];
  data: T[];
  isLoading?: boolean;
  /** Said in place of the rows when there are none. */
  emptyText?: ReactNode;
  /** Above the table, e.g. that the rows are those of the last read. */
  notice?: ReactNode;
  /** Below the table, e.g. the way to older rows. */
  footer?: ReactNode;
}) {
  const { title, columns, data, isLoading, emptyText, notice, footer } = props;
  return (
    <InfoCard title={title} noPadding>
      {notice}
      <Table<T>
        columns={columns}
        data={data}
        isLoading={isLoading}
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        emptyContent={
          emptyText && (
            <Box p={2}>
              <Typography variant="body2" color="textSecondary">
                {emptyText}
              </Typography>
            </Box>
          )
        }
      />
      {footer}
    </InfoCard>
  );
}
