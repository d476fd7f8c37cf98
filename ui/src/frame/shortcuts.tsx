import { useEffect, useRef } from 'react';
import { PART2_KEYS } from '../features/part2-nav';

const KEYS: Array<[string, string]> = [
  ['/', 'Search services, endpoints, hosts, trace ids'],
  ['g m', 'Dependency map'],
  ['g s', 'Services'],
  ['g t', 'Traces'],
  ...PART2_KEYS,
  ['↑ ↓ / j k', 'Move in tables and the waterfall'],
  ['Enter', 'Open the selected row'],
  ['← →', 'Collapse / expand a span (waterfall)'],
  ['n / N', 'Next / previous error span (trace view)'],
  ['Esc', 'Close popups and panels'],
  ['?', 'This list'],
];

export function Shortcuts({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    d?.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onClick={(e) => e.target === ref.current && onClose()}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <tbody>
          {KEYS.map(([k, what]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <button type="button" className="btn" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
