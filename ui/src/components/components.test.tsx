// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { Sparkline } from './chart/sparkline';
import { DataTable } from './data-table';
import { ErrorState, QueryState } from './states';

afterEach(cleanup);

describe('states', () => {
  it('an API error shows its code, status and message, and retries', () => {
    const retry = vi.fn();
    render(<ErrorState error={new ApiError(404, 'SERVICE_NOT_FOUND', 'service x not found in this time range')} retry={retry} />);
    expect(screen.getByRole('alert').textContent).toContain('SERVICE_NOT_FOUND');
    expect(screen.getByRole('alert').textContent).toContain('HTTP 404');
    expect(screen.getByText('service x not found in this time range')).toBeTruthy();
    fireEvent.click(screen.getByText('Retry'));
    expect(retry).toHaveBeenCalledOnce();
  });

  it('QueryState: loading, empty, data, and stale data with a failed refresh', () => {
    const base = { refetch: () => undefined };
    const { rerender } = render(
      <QueryState query={{ ...base, data: undefined, error: null, isPending: true }}>{() => <p>data</p>}</QueryState>,
    );
    expect(screen.getByRole('status')).toBeTruthy();
    rerender(
      <QueryState query={{ ...base, data: [] as number[], error: null, isPending: false }} isEmpty={(d) => d.length === 0}>
        {() => <p>data</p>}
      </QueryState>,
    );
    expect(screen.getByText('No data in this time range')).toBeTruthy();
    rerender(
      <QueryState query={{ ...base, data: [1], error: new ApiError(503, 'OVERLOADED', 'busy'), isPending: false }}>
        {(d) => <p>rows {d.length}</p>}
      </QueryState>,
    );
    expect(screen.getByText('rows 1')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('OVERLOADED');
  });
});

describe('DataTable', () => {
  const rows = [
    { name: 'b', v: 2 },
    { name: 'a', v: 10 },
    { name: 'c', v: 1 },
  ];
  const columns = [
    { key: 'name', header: 'Name', sort: (r: (typeof rows)[number]) => r.name, cell: (r: (typeof rows)[number]) => r.name },
    { key: 'v', header: 'Value', numeric: true, sort: (r: (typeof rows)[number]) => r.v, cell: (r: (typeof rows)[number]) => `${r.v} ms` },
  ];
  const names = () =>
    screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.querySelector('td')?.textContent);

  it('sorts by a column (numbers descending first) and toggles', () => {
    render(<DataTable rows={rows} columns={columns} rowKey={(r) => r.name} label="t" />);
    fireEvent.click(screen.getByText('Value'));
    expect(names()).toEqual(['a', 'b', 'c']);
    fireEvent.click(screen.getByText('Value'));
    expect(names()).toEqual(['c', 'b', 'a']);
    fireEvent.click(screen.getByText('Name'));
    expect(names()).toEqual(['a', 'b', 'c']);
  });

  it('arrow keys move the active row, Enter opens it', () => {
    const open = vi.fn();
    render(<DataTable rows={rows} columns={columns} rowKey={(r) => r.name} label="t" onOpen={open} />);
    const table = screen.getByRole('table');
    fireEvent.keyDown(table, { key: 'ArrowDown' });
    fireEvent.keyDown(table, { key: 'ArrowDown' });
    fireEvent.keyDown(table, { key: 'Enter' });
    expect(open).toHaveBeenCalledWith(rows[1]);
  });
});

describe('Sparkline', () => {
  it('draws a path scaled to the maximum, with an accessible label', () => {
    render(<Sparkline values={[0, 5, 10]} width={100} height={20} label="calls trend" />);
    const svg = screen.getByRole('img', { name: 'calls trend' });
    const line = svg.querySelectorAll('polyline')[1];
    expect(line.getAttribute('points')).toBe('0.0,18.0 50.0,10.0 100.0,2.0');
  });
});
