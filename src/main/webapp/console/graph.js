// A flow's steps drawn as their dependency graph: one column per depth, an arrow from each step to the one it
// depends on. Plain SVG built here; no library needed.

const NS = 'http://www.w3.org/2000/svg';
const BOX_W = 190, BOX_H = 54, GAP_X = 70, GAP_Y = 22, PAD = 12;

function svg(tag, attributes, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
}

function depths(steps) {
    const byNumber = new Map(steps.map(s => [s.step_number, s]));
    const depth = new Map();
    const of = (step, seen = new Set()) => {
        if (depth.has(step.step_number)) return depth.get(step.step_number);
        const parent = byNumber.get(step.depends_on_step);
        // a cycle or a missing step cannot be saved, but never loop on bad data
        const d = parent && !seen.has(parent.step_number) ? of(parent, new Set([...seen, step.step_number])) + 1 : 0;
        depth.set(step.step_number, d);
        return d;
    };
    steps.forEach(s => of(s));
    return depth;
}

/** statuses: optional map step_number -> status (an execution's results) to colour the boxes. */
export function stepGraph(steps, statuses = new Map()) {
    const depth = depths(steps);
    const columns = [];
    [...steps].sort((a, b) => a.step_number - b.step_number).forEach(step => {
        const d = depth.get(step.step_number);
        (columns[d] ||= []).push(step);
    });
    const position = new Map();
    columns.forEach((column, x) => column.forEach((step, y) =>
        position.set(step.step_number, {x: PAD + x * (BOX_W + GAP_X), y: PAD + y * (BOX_H + GAP_Y)})));
    const width = PAD * 2 + Math.max(1, columns.length) * (BOX_W + GAP_X) - GAP_X;
    const height = PAD * 2 + Math.max(1, ...columns.map(c => c.length)) * (BOX_H + GAP_Y) - GAP_Y;
    const root = svg('svg', {viewBox: `0 0 ${width} ${height}`, width, height, class: 'graph', role: 'img',
        'aria-label': `Dependency graph of ${steps.length} steps`});
    const defs = svg('defs', {});
    const marker = svg('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse'});
    marker.append(svg('path', {d: 'M 0 0 L 10 5 L 0 10 z', fill: '#555'}));
    defs.append(marker);
    root.append(defs);
    for (const step of steps) {
        const from = position.get(step.depends_on_step);
        const to = position.get(step.step_number);
        if (!from || !to) continue;
        const x1 = from.x + BOX_W, y1 = from.y + BOX_H / 2, x2 = to.x, y2 = to.y + BOX_H / 2;
        root.append(svg('path', {d: `M ${x1} ${y1} C ${x1 + GAP_X / 2} ${y1}, ${x2 - GAP_X / 2} ${y2}, ${x2} ${y2}`,
            fill: 'none', stroke: '#555', 'stroke-width': 1.5, 'marker-end': 'url(#arrow)'}));
    }
    for (const step of steps) {
        const {x, y} = position.get(step.step_number);
        const status = statuses.get(step.step_number);
        const group = svg('g', {class: `node ${status ? `status-${status}` : ''}`, 'data-step': step.step_number});
        const title = svg('title', {}, `Step ${step.step_number}: ${step.webhook_method} ${step.webhook_url}${step.depends_on_step ? ` (after step ${step.depends_on_step})` : ''}${status ? ` — ${status}` : ''}`);
        group.append(title, svg('rect', {x, y, width: BOX_W, height: BOX_H, rx: 6}),
            svg('text', {x: x + 10, y: y + 21, class: 'node-title'}, `Step ${step.step_number} · ${step.webhook_method}${status ? ` · ${status}` : ''}`),
            svg('text', {x: x + 10, y: y + 40, class: 'node-url'}, shorten(step.webhook_url, 24)));
        root.append(group);
    }
    return root;
}

function shorten(text, length) {
    return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
