import { useEffect, useRef, useState } from 'react';
import { useRange, useSetSearch } from '../hooks/use-range';
import { formatRange } from '../lib/format';
import { LIVE_PRESETS } from '../lib/time-range';

const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/** Live windows (refreshing) or a fixed range; "Pause" freezes the live window where it is. */
export function TimePicker() {
  const range = useRange();
  const setSearch = useSetSearch();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const { from, to } = range.bounds();
  const [custom, setCustom] = useState({ from: toLocalInput(from), to: toLocalInput(to) });
  const preset = LIVE_PRESETS.find((p) => p.live === range.live);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const pick = (live: string) => {
    setSearch({ live, from: undefined, to: undefined });
    setOpen(false);
  };
  const pause = () => {
    const b = range.bounds();
    setSearch({ live: undefined, from: b.from, to: b.to });
  };
  const applyCustom = () => {
    const f = new Date(custom.from).getTime();
    const t = new Date(custom.to).getTime();
    if (Number.isFinite(f) && Number.isFinite(t) && f < t) {
      setSearch({ live: undefined, from: f, to: t });
      setOpen(false);
    }
  };
  const label = range.live ? (preset?.label ?? `Last ${range.live}`) : formatRange(from, to);

  return (
    <div className="time-picker" ref={box}>
      {range.live ? (
        <button type="button" className="btn live-btn" onClick={pause} title="Pause live updates (keep this window)">
          <span className="live-dot" aria-hidden="true" />
          Live
        </button>
      ) : (
        <button type="button" className="btn" onClick={() => pick('1h')} title="Back to live (last hour)">
          <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
            <path d="M3 1.5v9l7-4.5z" fill="currentColor" />
          </svg>
          Resume live
        </button>
      )}
      <button
        type="button"
        className="btn range-btn"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => {
          const b = range.bounds();
          setCustom({ from: toLocalInput(b.from), to: toLocalInput(b.to) });
          setOpen(!open);
        }}
      >
        <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
          <circle cx="12" cy="12" r="9" />
          <path d="M12 7v5l3 2" />
        </svg>
        <span className="range-label">{label}</span>
        <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
          <path d="M1 3l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </button>
      {open && (
        <div className="popover time-popover" role="dialog" aria-label="Time range">
          <div className="popover-title">Live (refreshing)</div>
          <div className="preset-list">
            {LIVE_PRESETS.map((p) => (
              <button key={p.live} type="button" className="preset" aria-pressed={range.live === p.live} onClick={() => pick(p.live)}>
                {p.label}
              </button>
            ))}
          </div>
          <div className="popover-title">Custom range</div>
          <label className="field">
            <span>From</span>
            <input
              className="input"
              type="datetime-local"
              value={custom.from}
              onChange={(e) => setCustom({ ...custom, from: e.target.value })}
            />
          </label>
          <label className="field">
            <span>To</span>
            <input
              className="input"
              type="datetime-local"
              value={custom.to}
              onChange={(e) => setCustom({ ...custom, to: e.target.value })}
            />
          </label>
          <div className="row" style={{ justifyContent: 'flex-end', marginTop: 8 }}>
            <button type="button" className="btn primary" onClick={applyCustom}>
              Apply
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
