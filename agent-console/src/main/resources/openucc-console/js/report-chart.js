// The report's chart: one bar per interval (the chosen figure summed over the groups). Plain SVG, as the
// wallboard's chart: a few rects, ticks and titles; no library.
const NS = 'http://www.w3.org/2000/svg';
const W = 720, H = 200, PAD = 30;

function el(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** points: [{label, title, value}] in interval order (label: the tick, title: the bar's tooltip); title: accessible name */
export function drawBars(container, points, title) {
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': title });
  const max = Math.max(1, ...points.map(p => p.value));
  const slot = (W - 2 * PAD) / Math.max(1, points.length);
  const y = frac => H - PAD - frac * (H - 2 * PAD);
  svg.append(el('line', { x1: PAD, y1: y(0), x2: W - PAD, y2: y(0), class: 'axis' }));
  svg.append(el('line', { x1: PAD, y1: y(1), x2: W - PAD, y2: y(1), class: 'gridline' }));
  const every = Math.max(1, Math.ceil(points.length / 12));
  points.forEach((p, i) => {
    const left = PAD + i * slot;
    if (p.value > 0) {
      const width = Math.max(1, Math.min(48, slot - 2));
      const bar = el('rect', { x: left + (slot - width) / 2, y: y(p.value / max), width,
        height: y(0) - y(p.value / max), class: 'bar report-bar' });
      const t = el('title', {});
      t.textContent = `${p.title || p.label} — ${p.value}`;
      bar.append(t);
      svg.append(bar);
    }
    if (i % every === 0) {
      const label = el('text', { x: left, y: H - 8, class: 'tick' });
      label.textContent = p.label;
      svg.append(label);
    }
  });
  const top = el('text', { x: 2, y: y(1) + 4, class: 'tick' });
  top.textContent = String(Math.round(max * 10) / 10);
  svg.append(top);
  container.replaceChildren(svg);
}
