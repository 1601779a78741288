// Events: every filter of GET /events in the URL, paging with the total, Replay of the current filter, and an
// event's detail with its payload, attempts and Retry.
import {el, replace, loading, errorState, empty, time, badge, toast, confirmDialog, field, busy, table, definitionList,
    pre, messageOf, localToIso, isoToLocal} from './ui.js';
import {get, post, query, WEBHOOKS, ACTIONS, EVENT_STATUSES} from './api.js';
import {writeButton} from './controls.js';
import {pager} from './subscriptions.js';

const FILTERS = ['status', 'subscription_id', 'workflow_id', 'action', 'search', 'start', 'end'];
const SIZE = 50;

export function renderEvents(view, context) {
    if (context.parts[0] === 'detail') return renderDetail(view, context);
    return renderList(view, context);
}

function filtersOf(params) {
    return Object.fromEntries(FILTERS.map(name => [name, params.get(name) || '']));
}

async function renderList(view, {params, go}) {
    const current = filtersOf(params);
    const status = el('select', {name: 'status'}, el('option', {value: ''}, 'any'), EVENT_STATUSES.map(s => el('option', {value: s}, s)));
    const subscription = el('select', {name: 'subscription_id'}, el('option', {value: ''}, 'any'));
    const action = el('select', {name: 'action'}, el('option', {value: ''}, 'any'), ACTIONS.map(a => el('option', {value: a}, a)));
    const workflow = el('input', {name: 'workflow_id', pattern: '[0-9a-f]{24}', placeholder: '24 hex', value: current.workflow_id});
    const search = el('input', {type: 'search', name: 'search', value: current.search, placeholder: 'name, ids, dedupe key, error'});
    const start = el('input', {type: 'datetime-local', name: 'start', value: isoToLocal(current.start)});
    const end = el('input', {type: 'datetime-local', name: 'end', value: isoToLocal(current.end)});
    const filters = el('form', {class: 'filters', role: 'search', 'aria-label': 'Filter events'},
        field('Status', status), field('Subscription', subscription), field('Action', action), field('Workflow ID', workflow),
        field('Search', search), field('From (your time)', start), field('Until (your time)', end),
        el('div', {class: 'filter-buttons'}, el('button', {type: 'submit', class: 'primary'}, 'Apply'),
            el('button', {type: 'button', onclick: () => go('events', new URLSearchParams())}, 'Clear')));
    filters.addEventListener('submit', event => {
        event.preventDefault();
        const next = new URLSearchParams({status: status.value, subscription_id: subscription.value, action: action.value,
            workflow_id: workflow.value.trim(), search: search.value.trim(), start: localToIso(start.value), end: localToIso(end.value)});
        go('events', next);
    });
    const results = el('div', {}, loading());
    const replay = writeButton('Replay', () => replayFilter(), {id: 'replay'});
    const mayReplay = !replay.disabled;
    replay.disabled = true; // until the count is known: the confirmation states it
    replace(view, el('div', {class: 'title-row'}, el('h1', {}, 'Events'), replay), filters, results);

    // options first, then the chosen values (a subscription not among the first page still shows by id)
    get(`${WEBHOOKS}${query({size: 1000})}`).then(page => {
        subscription.append(...page.subscriptions.map(s => el('option', {value: s.id}, s.name)));
        if (current.subscription_id && !page.subscriptions.some(s => s.id === current.subscription_id)) {
            subscription.append(el('option', {value: current.subscription_id}, current.subscription_id));
        }
        subscription.value = current.subscription_id;
    }).catch(() => {});
    status.value = current.status;
    action.value = current.action;

    const pageNumber = Number(params.get('page') || 1);
    let total = 0;
    async function replayFilter() {
        const described = Object.entries(current).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join(', ') || 'no filter';
        if (!await confirmDialog(`Replay ${total} event${total === 1 ? '' : 's'}?`,
            `Every event record matching the current filter (${described}) is queued for delivery again: ${total} record${total === 1 ? '' : 's'}.`,
            `Replay ${total}`)) return;
        try {
            const answer = await busy(replay, `Replaying ${total}…`, () => post(`${WEBHOOKS}/events/replay${query(current)}`));
            toast(`${answer.replayed} event${answer.replayed === 1 ? '' : 's'} queued for delivery again`);
            go('events', params, true);
        } catch (error) {
            toast(error.status === 404 || error.status === 405 ? 'This server has no replay API yet (POST …/events/replay).' : messageOf(error));
        }
    }

    try {
        const page = await get(`${WEBHOOKS}/events${query({...current, page: pageNumber, size: SIZE})}`);
        total = page.total;
        if (mayReplay) replay.disabled = total === 0;
        if (!page.events.length) {
            replace(results, empty(Object.values(current).some(Boolean)
                ? 'No event matches these filters. Widen the time range or clear a filter.'
                : 'No events yet. Events appear here when a workflow event is published for a subscription of this team.'));
            return;
        }
        replace(results,
            el('p', {class: 'muted', id: 'events-total'}, `${page.total} event${page.total === 1 ? '' : 's'}`),
            table(['Created', 'Action', 'Workflow', 'Status', 'Attempts', 'Last status', 'Last error'], page.events.map(e => el('tr', {dataset: {id: e._id}},
                el('td', {}, el('a', {href: `#/events/detail?event_id=${encodeURIComponent(e.event_id)}&subscription_id=${e.subscription_id}`,
                    'aria-label': `Event ${e.event_id} (${e.status})`}, time(e.created_at))),
                el('td', {}, e.action),
                el('td', {}, e.workflow_name || e.workflow_id),
                el('td', {}, badge(e.status)),
                el('td', {class: 'num'}, e.attempts_count),
                el('td', {class: 'num'}, e.last_status_code ?? '—'),
                el('td', {class: 'error-text'}, e.last_error || '')))),
            pager(page.total, pageNumber, SIZE, n => {
                params.set('page', n);
                go('events', params);
            }));
    } catch (error) {
        replace(results, errorState(error));
    }
}

async function renderDetail(view, {params, go}) {
    const eventId = params.get('event_id');
    const subscriptionId = params.get('subscription_id');
    replace(view, el('h1', {}, 'Event'), loading());
    let poll = null;
    const load = async () => {
        const [page, attempts] = await Promise.all([
            get(`${WEBHOOKS}/events${query({search: eventId, subscription_id: subscriptionId, size: 10})}`),
            get(`${WEBHOOKS}/events/${encodeURIComponent(eventId)}/attempts${query({size: 100})}`)
        ]);
        const record = page.events.find(e => e.event_id === eventId);
        return {record, attempts: attempts.attempts.filter(a => a.subscription_id === subscriptionId)};
    };
    const draw = ({record, attempts}) => {
        if (!record) return replace(view, el('h1', {}, 'Event'), errorState(new Error('No such event for this team.')));
        const retry = writeButton('Retry', async () => {
            const before = attempts.length;
            try {
                await busy(retry, 'Retrying…', () => post(`${WEBHOOKS}/events/${record._id}/retry`));
                toast('Queued for delivery again');
                waitForAttempt(before);
            } catch (error) {
                toast(messageOf(error));
            }
        }, {id: 'retry'});
        replace(view,
            el('div', {class: 'title-row'}, el('h1', {}, `Event ${record.action}`), badge(record.status), retry),
            el('p', {}, el('a', {href: `#/events?subscription_id=${record.subscription_id}`}, '← Events of this subscription')),
            definitionList([
                ['Event ID', el('code', {}, record.event_id)], ['Record ID', el('code', {}, record._id)],
                ['Subscription', el('a', {href: `#/subscriptions/${record.subscription_id}`}, record.subscription_id)],
                ['Workflow', `${record.workflow_name || ''} (${record.workflow_id})`], ['Run', `${record.workflow_run_id || '—'} ${record.workflow_run_status || ''}`],
                ['Dedupe key', record.dedupe_key], ['Attempts', record.attempts_count], ['Created', time(record.created_at)],
                ['Last attempt', time(record.last_attempt_at)], ['Next retry', time(record.next_retry_at)],
                ['Delivered', time(record.delivered_at)], ['Last error', record.last_error]
            ]),
            el('h2', {}, 'Payload'), pre(record.payload),
            el('h2', {id: 'attempts-title'}, `Attempts (${attempts.length})`),
            attempts.length ? table(['#', 'Time', 'Status', 'Latency', 'Error', 'Response (excerpt)'], attempts.map(a => el('tr', {class: 'attempt'},
                el('td', {class: 'num'}, a.attempt_number),
                el('td', {}, time(a.created_at)),
                el('td', {}, badge(a.response_status_code ?? (a.success ? 'ok' : 'error'), a.success ? 'delivered' : 'failed')),
                el('td', {class: 'num'}, a.latency_ms == null ? '—' : `${a.latency_ms} ms`),
                el('td', {class: 'error-text'}, a.error_message || ''),
                el('td', {}, a.response_body ? el('pre', {class: 'excerpt'}, a.response_body.slice(0, 500)) : '—'))))
                : empty('No attempt yet: the record waits for its first delivery.'));
    };
    // after a retry, follow the record until its new attempt shows (the engine delivers within seconds)
    const waitForAttempt = before => {
        let rounds = 0;
        clearInterval(poll);
        poll = setInterval(async () => {
            rounds++;
            try {
                const state = await load();
                if (state.attempts.length > before || rounds >= 30) {
                    clearInterval(poll);
                    draw(state);
                }
            } catch (error) {
                clearInterval(poll);
                toast(messageOf(error));
            }
        }, 1000);
    };
    try {
        draw(await load());
    } catch (error) {
        replace(view, el('h1', {}, 'Event'), errorState(error));
    }
    return () => clearInterval(poll);
}
