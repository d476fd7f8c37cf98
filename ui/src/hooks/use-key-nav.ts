import { useCallback, useState, type KeyboardEvent } from 'react';

/**
 * Arrow-key navigation over a list of rows (tables, result lists): Up/Down/Home/End move the active row, Enter
 * opens it. Returns the active index and the handler for the container's onKeyDown.
 */
export function useKeyNav(count: number, open: (index: number) => void) {
  const [active, setActive] = useState(-1);
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (count === 0) return;
      let next = active;
      if (e.key === 'ArrowDown' || e.key === 'j') next = Math.min(count - 1, active + 1);
      else if (e.key === 'ArrowUp' || e.key === 'k') next = Math.max(0, active - 1);
      else if (e.key === 'Home') next = 0;
      else if (e.key === 'End') next = count - 1;
      else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault();
        open(active);
        return;
      } else return;
      e.preventDefault();
      setActive(next);
    },
    [active, count, open],
  );
  return { active: Math.min(active, count - 1), setActive, onKeyDown };
}
