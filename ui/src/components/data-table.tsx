import { useMemo, useState, type ReactNode } from 'react';
import { useKeyNav } from '../hooks/use-key-nav';
import './data-table.css';

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** value to sort by; columns without one are not sortable */
  sort?: (row: T) => number | string | null;
  numeric?: boolean;
  width?: string;
}

interface Props<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** Enter / click on a row */
  onOpen?: (row: T) => void;
  label: string;
  /** controlled sort (e.g. kept in the URL) */
  sort?: { key: string; asc: boolean };
  onSort?: (sort: { key: string; asc: boolean }) => void;
  defaultSort?: { key: string; asc: boolean };
  rowClass?: (row: T) => string | undefined;
  maxRows?: number;
}

/** A sortable table whose rows can be walked with the arrow keys and opened with Enter. */
export function DataTable<T>({ rows, columns, rowKey, onOpen, label, sort, onSort, defaultSort, rowClass, maxRows }: Props<T>) {
  const [ownSort, setOwnSort] = useState(defaultSort ?? null);
  const active = sort ?? ownSort;
  const sorted = useMemo(() => {
    const col = columns.find((c) => c.key === active?.key);
    if (!col?.sort || !active) return rows;
    const get = col.sort;
    const dir = active.asc ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = get(a);
      const y = get(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * dir;
    });
  }, [rows, columns, active]);
  const shown = maxRows ? sorted.slice(0, maxRows) : sorted;
  const nav = useKeyNav(shown.length, (i) => onOpen?.(shown[i]));

  const toggle = (key: string, numeric?: boolean) => {
    const next = active?.key === key ? { key, asc: !active.asc } : { key, asc: !numeric };
    if (onSort) onSort(next);
    else setOwnSort(next);
  };

  return (
    <table className="data-table" aria-label={label} tabIndex={shown.length ? 0 : -1} onKeyDown={nav.onKeyDown}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th
              key={c.key}
              className={c.numeric ? 'num' : undefined}
              style={c.width ? { width: c.width } : undefined}
              aria-sort={active?.key === c.key ? (active.asc ? 'ascending' : 'descending') : undefined}
              scope="col"
            >
              {c.sort ? (
                <button type="button" className="th-sort" onClick={() => toggle(c.key, c.numeric)}>
                  {c.header}
                  <span className="sort-mark" aria-hidden="true">
                    {active?.key === c.key ? (active.asc ? '▲' : '▼') : ''}
                  </span>
                </button>
              ) : (
                c.header
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {shown.map((r, i) => (
          <tr
            key={rowKey(r)}
            className={[i === nav.active ? 'kb-active' : '', onOpen ? 'clickable' : '', rowClass?.(r) ?? ''].join(' ').trim() || undefined}
            onClick={(e) => {
              if (onOpen && !(e.target as HTMLElement).closest('a,button')) onOpen(r);
            }}
          >
            {columns.map((c) => (
              <td key={c.key} className={c.numeric ? 'num' : undefined}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
