// Overview: the last hour's deliveries per minute, success rate, backlog, and the subscriptions that need a look.
import {el, replace, loading, errorState, empty, badge} from './ui.js';
import {get, query, isMissing, WEBHOOKS} from './api.js';
import {deliveriesChart, seriesFromEvents, addSeries} from './charts.js';

const HOUR = 3_600_000;
const STATS_FOR_AT_MOST = 25;

async function statsOf(subscriptions, start, end) {
    const answers = await Promise.all(subscriptions.slice(0, STATS_FOR_AT_MOST).map(s =>
        get(`${WEBHOOKS}/${s.id}/stats${query({start: start.toISOString(), end: end.toISOString()})}`)
            .then(stats => ({subscription: s, stats}))));
    return answers;
}

/** Per-subscription figures from the stats API, or from the events list when this server has no stats API. */
async function lastHour(subscriptions) {
    const end = new Date();
    const start = new Date(end.getTime() - HOUR);
    if (subscriptions.length) {
        try {
            const answers = await statsOf(subscriptions, start, end);
            return {
                source: 'stats',
                series: addSeries(answers.map(a => a.stats.series || [])),
                perSubscription: answers.map(a => ({subscription: a.subscription, delivered: a.stats.delivered, failed: a.stats.failed}))
            };
        } catch (error) {
            if (!isMissing(error)) throw error;
        }
    }
    const page = await get(`${WEBHOOKS}/events${query({start: start.toISOString(), end: end.toISOString(), size: 1000})}`);
    const counts = new Map();
    for (const event of page.events) {
        const c = counts.get(event.subscription_id) || {delivered: 0, failed: 0};
        if (event.status === 'delivered') c.delivered++;
        if (event.status === 'failed') c.failed++;
        counts.set(event.subscription_id, c);
    }
    return {
        source: 'events',
        partial: page.total > page.events.length,
        series: seriesFromEvents(page.events, start, end),
        perSubscription: subscriptions.map(s => ({subscription: s, ...(counts.get(s.id) || {delivered: 0, failed: 0})}))
    };
}

function card(label, value, hint) {
    return el('div', {class: 'card'}, el('div', {class: 'card-label'}, label), el('div', {class: 'card-value', dataset: {metric: label}}, value),
        hint ? el('div', {class: 'card-hint muted'}, hint) : null);
}

export async function renderOverview(view) {
    replace(view, el('h1', {}, 'Overview'), loading());
    let chart = null;
    try {
        const [subscriptionPage, pending, retrying] = await Promise.all([
            get(`${WEBHOOKS}${query({size: 1000})}`),
            get(`${WEBHOOKS}/events${query({status: 'pending', size: 1})}`),
            get(`${WEBHOOKS}/events${query({status: 'retrying', size: 1})}`)
        ]);
        const subscriptions = subscriptionPage.subscriptions;
        const hour = await lastHour(subscriptions);
        const delivered = hour.series.reduce((n, p) => n + p.delivered, 0);
        const failed = hour.series.reduce((n, p) => n + p.failed, 0);
        const rate = delivered + failed ? `${(100 * delivered / (delivered + failed)).toFixed(1)} %` : '—';
        const backlog = pending.total + retrying.total;

        const breakerOpen = subscriptions.filter(s => s.disabled_reason);
        const failing = hour.perSubscription.filter(p => p.failed > 0).sort((a, b) => b.failed - a.failed).slice(0, 5);
        const canvas = el('canvas', {id: 'deliveries-chart', role: 'img', 'aria-label': 'Deliveries per minute over the last hour, delivered and failed'});

        replace(view,
            el('h1', {}, 'Overview'),
            el('div', {class: 'cards'},
                card('Delivered (last hour)', delivered),
                card('Failed (last hour)', failed),
                card('Success rate', rate),
                card('Backlog', backlog, `${pending.total} pending, ${retrying.total} retrying`)),
            el('section', {'aria-labelledby': 'chart-title'},
                el('h2', {id: 'chart-title'}, 'Deliveries per minute'),
                hour.source === 'events' ? el('p', {class: 'note', id: 'stats-fallback'},
                    'This server has no stats API (GET …/{id}/stats), so the chart counts event records by their delivery time',
                    hour.partial ? ' (the newest 1,000 of the hour only).' : '.') : null,
                el('div', {class: 'chart-box'}, canvas)),
            el('section', {'aria-labelledby': 'attention-title'},
                el('h2', {id: 'attention-title'}, 'Needs attention'),
                !subscriptions.length ? empty(el('span', {}, 'No subscriptions yet. ', el('a', {href: '#/subscriptions/new'}, 'Create one'), ' to start receiving events.'))
                    : !breakerOpen.length && !failing.length ? empty('No subscription has an open breaker or failed deliveries in the last hour.')
                    : el('ul', {class: 'attention'},
                        breakerOpen.map(s => el('li', {}, badge('breaker open', 'failed'), ' ',
                            el('a', {href: `#/subscriptions/${s.id}`}, s.name), ` — ${s.disabled_reason}`)),
                        failing.map(p => el('li', {}, badge(`${p.failed} failed`, 'failed'), ' ',
                            el('a', {href: `#/subscriptions/${p.subscription.id}`}, p.subscription.name), ' ',
                            el('a', {href: `#/events?status=failed&subscription_id=${p.subscription.id}`}, 'see failed events'))))));
        chart = deliveriesChart(canvas, hour.series);
    } catch (error) {
        replace(view, el('h1', {}, 'Overview'), errorState(error));
    }
    return () => chart?.destroy();
}
