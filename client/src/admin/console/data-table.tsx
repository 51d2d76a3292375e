import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './data-table.scss';

export interface Column<Row> {
  key: string;
  title: string;
  /** What the cell shows; text by default. */
  render: (row: Row) => ReactNode;
  /** Right-aligned (amounts, counts). */
  numeric?: boolean;
  /** Kept on a phone; the other columns go into the row's second line. */
  primary?: boolean;
}

/**
 * A table with a sticky header on a desktop browser; on a phone each row becomes a card with its
 * primary columns first. `rowId` gives each row an id for tests and for keys.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowId,
  onRowClick,
  id,
  rowClassName,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowId: (row: Row) => string;
  onRowClick?: (row: Row) => void;
  id?: string;
  /** An extra class on each row (for a page's styles and browser tests). */
  rowClassName?: (row: Row) => string;
}) {
  return (
    <View className='data-table' id={id}>
      <View className='data-table__head'>
        {columns.map((column) => (
          <Text key={column.key} className={`data-table__cell data-table__cell--head${column.numeric ? ' data-table__cell--numeric' : ''}`}>
            {column.title}
          </Text>
        ))}
      </View>
      {rows.map((row) => (
        <View
          key={rowId(row)}
          id={`row-${rowId(row)}`}
          className={`data-table__row${onRowClick ? ' data-table__row--link' : ''}${rowClassName ? ` ${rowClassName(row)}` : ''}`}
          hoverClass={onRowClick ? 'data-table__row--hover' : 'none'}
          onClick={onRowClick ? () => onRowClick(row) : undefined}
        >
          {columns.map((column) => (
            <View
              key={column.key}
              className={`data-table__cell${column.numeric ? ' data-table__cell--numeric' : ''}${column.primary ? ' data-table__cell--primary' : ''}`}
            >
              <Text className='data-table__label'>{column.title}</Text>
              <View className='data-table__value'>{column.render(row)}</View>
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}
