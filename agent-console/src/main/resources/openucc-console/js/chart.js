// A small SVG chart of the day: bars for volume (interactions offered) per hour, a line for the
// service level at the end of each hour. No library: a few rects and a polyline.
import { t } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 480, H = 160, PAD = 24;

function el(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** hours: array of 24 {offered, serviceLevel|null} */
export function drawChart(container, hours) {
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': t('sup.chart') });
  const maxVolume = Math.max(1, ...hours.map(x => x.offered));
  const slot = (W - 2 * PAD) / 24;
  const y = frac => H - PAD - frac * (H - 2 * PAD);
  svg.append(el('line', { x1: PAD, y1: y(0), x2: W - PAD, y2: y(0), class: 'axis' }));
  svg.append(el('line', { x1: PAD, y1: y(1), x2: W - PAD, y2: y(1), class: 'gridline' }));
  const points = [];
  hours.forEach((x, i) => {
    const left = PAD + i * slot;
    if (x.offered > 0) {
      const bar = el('rect', { x: left + 1, y: y(x.offered / maxVolume), width: slot - 2,
        height: y(0) - y(x.offered / maxVolume), class: 'bar' });
      const title = el('title', {});
      title.textContent = `${i}:00 — ${x.offered}`;
      bar.append(title);
      svg.append(bar);
    }
    if (x.serviceLevel !== null && x.serviceLevel !== undefined) {
      points.push(`${left + slot / 2},${y(x.serviceLevel / 100)}`);
      const dot = el('circle', { cx: left + slot / 2, cy: y(x.serviceLevel / 100), r: 3, class: 'sl-dot' });
      const title = el('title', {});
      title.textContent = `${i}:00 — ${x.serviceLevel}%`;
      dot.append(title);
      svg.append(dot);
    }
    if (i % 3 === 0) {
      const label = el('text', { x: left, y: H - 6, class: 'tick' });
      label.textContent = String(i);
      svg.append(label);
    }
  });
  if (points.length) svg.append(el('polyline', { points: points.join(' '), class: 'sl-line' }));
  const top = el('text', { x: 2, y: y(1) + 4, class: 'tick' });
  top.textContent = '100%';
  svg.append(top);
  const volume = el('text', { x: W - PAD + 2, y: y(1) + 4, class: 'tick' });
  volume.textContent = String(maxVolume);
  svg.append(volume);
  container.replaceChildren(svg);
}
