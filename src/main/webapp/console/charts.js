// Charts through the bundled Chart.js (a WebJar served by the console itself).

export function deliveriesChart(canvas, series) {
    if (!window.Chart) {
        canvas.replaceWith(document.createTextNode('Charts are unavailable (the chart library did not load).'));
        return null;
    }
    const labels = series.map(point => new Date(point.bucket_start).toLocaleTimeString(undefined, {hour: '2-digit', minute: '2-digit'}));
    return new window.Chart(canvas, {
        type: 'bar',
        data: {
            labels,
            datasets: [
                {label: 'Delivered', data: series.map(p => p.delivered), backgroundColor: '#2e8b57', stack: 'd'},
                {label: 'Failed', data: series.map(p => p.failed), backgroundColor: '#c0392b', stack: 'd'}
            ]
        },
        options: {
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            scales: {x: {stacked: true, title: {display: true, text: 'minute'}},
                y: {stacked: true, beginAtZero: true, ticks: {precision: 0}, title: {display: true, text: 'deliveries per minute'}}},
            plugins: {legend: {position: 'bottom'}}
        }
    });
}

/** One bucket per minute from start to end, from records' delivery times (when no stats API answers). */
export function seriesFromEvents(events, start, end) {
    const minute = 60_000;
    const first = Math.floor(start.getTime() / minute) * minute;
    const buckets = new Map();
    for (let t = first; t < end.getTime(); t += minute) buckets.set(t, {bucket_start: new Date(t).toISOString(), delivered: 0, failed: 0});
    for (const event of events) {
        const at = event.status === 'delivered' ? event.delivered_at : event.status === 'failed' ? event.last_attempt_at : null;
        if (!at) continue;
        const bucket = buckets.get(Math.floor(new Date(at).getTime() / minute) * minute);
        if (bucket) bucket[event.status]++;
    }
    return [...buckets.values()];
}

/** Sums several subscriptions' series bucket by bucket. */
export function addSeries(all) {
    const sum = new Map();
    for (const series of all) {
        for (const point of series) {
            const at = sum.get(point.bucket_start) || {bucket_start: point.bucket_start, delivered: 0, failed: 0};
            at.delivered += point.delivered;
            at.failed += point.failed;
            sum.set(point.bucket_start, at);
        }
    }
    return [...sum.values()].sort((a, b) => a.bucket_start.localeCompare(b.bucket_start));
}
