/** A tiny SVG line (no axes) for table rows: one path, cheap enough for hundreds of rows. */
export function Sparkline({
  values,
  width = 96,
  height = 22,
  color = 'var(--accent)',
  label,
}: {
  values: (number | null)[];
  width?: number;
  height?: number;
  color?: string;
  label: string;
}) {
  const nums = values.map((v) => (v === null || !Number.isFinite(v) ? 0 : v));
  if (nums.length < 2) return <svg width={width} height={height} role="img" aria-label={`${label}: no data`} />;
  const max = Math.max(...nums, 1e-9);
  const step = width / (nums.length - 1);
  const pts = nums.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="sparkline">
      <polyline points={`0,${height} ${pts.join(' ')} ${width},${height}`} fill={color} opacity="0.12" stroke="none" />
      <polyline points={pts.join(' ')} fill="none" stroke={color} strokeWidth="1.3" strokeLinejoin="round" />
    </svg>
  );
}
