// Subscriptions: the team's list with search and filters, a form for create and edit that puts each 422 detail
// at its field, and a detail page with enable/disable, secret rotation and reveal, stats and a test event.
import {el, replace, loading, errorState, empty, time, badge, toast, confirmDialog, field, showFieldErrors, busy,
    table, definitionList, messageOf} from './ui.js';
import {get, post, patch, del, query, isMissing, WEBHOOKS, ACTIONS} from './api.js';
import {writeButton, writeLink} from './controls.js';
import {canWrite} from './session.js';
import {deliveriesChart} from './charts.js';

export function renderSubscriptions(view, context) {
    const [id, sub] = context.parts;
    if (id === 'new') return renderForm(view, context, null);
    if (id && sub === 'edit') return renderForm(view, context, id);
    if (id) return renderDetail(view, context, id);
    return renderList(view, context);
}

async function renderList(view, {params, go}) {
    const search = el('input', {type: 'search', name: 'search', value: params.get('search') || '', placeholder: 'name or URL'});
    const enabled = el('select', {name: 'enabled'}, el('option', {value: ''}, 'any'), el('option', {value: 'true'}, 'enabled'),
        el('option', {value: 'false'}, 'disabled'));
    enabled.value = params.get('enabled') || '';
    const action = el('select', {name: 'action'}, el('option', {value: ''}, 'any'), ACTIONS.map(a => el('option', {value: a}, a)));
    action.value = params.get('action') || '';
    const filters = el('form', {class: 'filters', role: 'search', 'aria-label': 'Filter subscriptions'},
        field('Search', search), field('State', enabled), field('Action', action),
        el('button', {type: 'submit'}, 'Apply'));
    filters.addEventListener('submit', event => {
        event.preventDefault();
        go('subscriptions', new URLSearchParams({search: search.value, enabled: enabled.value, action: action.value}), true);
    });
    const results = el('div', {}, loading());
    replace(view, el('div', {class: 'title-row'}, el('h1', {}, 'Subscriptions'), writeLink('New subscription', '#/subscriptions/new')),
        filters, results);

    const pageNumber = Number(params.get('page') || 1);
    try {
        const page = await get(`${WEBHOOKS}${query({search: params.get('search'), enabled: params.get('enabled'),
            action: params.get('action'), page: pageNumber, size: 20})}`);
        if (!page.subscriptions.length) {
            replace(results, empty(params.toString() ? 'No subscription matches these filters. Clear them to see all.'
                : el('span', {}, 'No subscriptions yet. ', canWrite() ? el('a', {href: '#/subscriptions/new'}, 'Create the first one') : 'An editor can create one',
                    ': it receives the workflow events it lists, signed.')));
            return;
        }
        replace(results,
            el('p', {class: 'muted', id: 'subscriptions-total'}, `${page.total} subscription${page.total === 1 ? '' : 's'}`),
            table(['Name', 'URL', 'Actions', 'State', 'Updated'], page.subscriptions.map(s => el('tr', {dataset: {id: s.id}},
                el('td', {}, el('a', {href: `#/subscriptions/${s.id}`}, s.name)),
                el('td', {class: 'url'}, s.url),
                el('td', {}, s.actions.join(', ')),
                el('td', {}, s.disabled_reason ? badge('breaker open', 'failed') : badge(s.enabled ? 'enabled' : 'disabled', s.enabled ? 'delivered' : 'pending')),
                el('td', {}, time(s.updated_at))))),
            pager(page.total, pageNumber, 20, n => {
                params.set('page', n);
                go('subscriptions', params);
            }));
    } catch (error) {
        replace(results, errorState(error));
    }
}

export function pager(total, page, size, to) {
    const pages = Math.max(1, Math.ceil(total / size));
    const previous = el('button', {type: 'button', disabled: page <= 1, onclick: () => to(page - 1)}, '← Previous');
    const next = el('button', {type: 'button', disabled: page >= pages, onclick: () => to(page + 1)}, 'Next →');
    return el('nav', {class: 'pager', 'aria-label': 'Pages'}, previous, el('span', {}, `Page ${page} of ${pages}`), next);
}

async function renderForm(view, {go}, id) {
    replace(view, el('h1', {}, id ? 'Edit subscription' : 'New subscription'), loading());
    let current = null;
    if (id) {
        try {
            current = await get(`${WEBHOOKS}/${id}`);
        } catch (error) {
            return replace(view, el('h1', {}, 'Edit subscription'), errorState(error));
        }
    }
    const input = (name, attributes = {}) => el('input', {name, ...attributes});
    const name = input('name', {required: true, maxlength: 150, value: current?.name ?? ''});
    const url = input('url', {type: 'url', required: true, maxlength: 2048, value: current?.url ?? '', placeholder: 'https://example.org/hooks'});
    const actions = el('fieldset', {class: 'checks'}, el('legend', {}, 'Actions'),
        ACTIONS.map(a => el('label', {}, el('input', {type: 'checkbox', name: 'actions', value: a,
            checked: current ? current.actions.includes(a) : a === 'workflow_created'}), ' ', a)),
        el('div', {class: 'field-error', dataset: {errorFor: 'actions'}}));
    const enabledBox = input('enabled', {type: 'checkbox', checked: current ? current.enabled : true});
    const bearer = input('bearer_token', {type: 'password', autocomplete: 'off', maxlength: 2000,
        placeholder: current?.has_bearer_token ? 'set (leave empty to keep it)' : 'none'});
    const timeout = input('timeout_seconds', {type: 'number', min: 1, max: 60, value: current?.timeout_seconds ?? 10});
    const retries = input('max_retries', {type: 'number', min: 0, max: 10, value: current?.max_retries ?? 3});
    const backoff = input('retry_backoff_seconds', {type: 'number', min: 1, max: 300, value: current?.retry_backoff_seconds ?? 10});
    // the operator fields, where this server has them (it shows them on the subscription being edited)
    const operator = current && 'rate_limit_per_second' in current;
    const rateLimit = input('rate_limit_per_second', {type: 'number', min: 1, max: 10000, value: current?.rate_limit_per_second ?? '', placeholder: 'no limit'});
    const ordered = input('ordered', {type: 'checkbox', checked: Boolean(current?.ordered)});
    const general = el('div', {class: 'error', role: 'alert', hidden: true});
    const save = el('button', {type: 'submit', class: 'primary', dataset: {write: ''}, disabled: !canWrite()}, id ? 'Save changes' : 'Create subscription');
    // novalidate: the API's own 422 messages are the ones shown, at their fields
    const form = el('form', {class: 'form', novalidate: true},
        general, field('Name', name), field('URL', url), actions, field('Enabled', enabledBox),
        field('Bearer token sent to the URL', bearer), field('Timeout (seconds)', timeout),
        field('Retries', retries), field('Retry backoff (seconds)', backoff),
        operator ? [field('Rate limit (deliveries per second)', rateLimit), field('Ordered delivery', ordered)] : null,
        el('div', {class: 'actions'}, save, el('a', {href: id ? `#/subscriptions/${id}` : '#/subscriptions'}, 'Cancel')));
    const number = node => node.value === '' ? null : Number(node.value);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        const body = {
            name: name.value, url: url.value,
            actions: [...form.querySelectorAll('input[name=actions]:checked')].map(c => c.value),
            enabled: enabledBox.checked, timeout_seconds: number(timeout), max_retries: number(retries),
            retry_backoff_seconds: number(backoff)
        };
        if (bearer.value) body.bearer_token = bearer.value;
        if (operator) Object.assign(body, {rate_limit_per_second: number(rateLimit), ordered: ordered.checked});
        general.hidden = true;
        try {
            const saved = await busy(save, 'Saving…', () => id ? patch(`${WEBHOOKS}/${id}`, body) : post(WEBHOOKS, body));
            if (!id && saved.secret) sessionStorage.setItem(`hookflow.console.new-secret.${saved.id}`, saved.secret);
            toast(id ? 'Subscription saved' : 'Subscription created');
            go(`subscriptions/${saved.id}`);
        } catch (error) {
            const unplaced = showFieldErrors(form, error);
            if (unplaced === null || unplaced.length) {
                general.hidden = false;
                general.textContent = unplaced?.length ? unplaced.map(d => d.msg).join('; ') : messageOf(error);
            }
            form.querySelector('[aria-invalid]')?.focus();
        }
    });
    replace(view, el('h1', {}, id ? `Edit ${current.name}` : 'New subscription'), form);
    name.focus();
}

async function renderDetail(view, {go}, id) {
    replace(view, el('h1', {}, 'Subscription'), loading());
    let subscription;
    try {
        subscription = await get(`${WEBHOOKS}/${id}`);
    } catch (error) {
        return replace(view, el('h1', {}, 'Subscription'), errorState(error));
    }
    const s = subscription;
    const secretSlot = el('div', {id: 'secret'});
    const fresh = sessionStorage.getItem(`hookflow.console.new-secret.${id}`);
    if (fresh) {
        sessionStorage.removeItem(`hookflow.console.new-secret.${id}`);
        secretSlot.append(el('p', {class: 'note'}, 'Signing secret (shown once here; reveal it again later): ', el('code', {}, fresh)));
    }
    const toggle = writeButton(s.enabled ? 'Disable' : 'Enable', () => busy(toggle, 'Saving…', async () => {
        await patch(`${WEBHOOKS}/${id}`, {enabled: !s.enabled});
        toast(s.enabled ? 'Subscription disabled' : 'Subscription enabled');
        go(`subscriptions/${id}`, null, true);
    }).catch(error => toast(messageOf(error))), {id: 'toggle-enabled'});
    const reveal = writeButton('Reveal secret', () => busy(reveal, 'Loading…', async () => {
        const answer = await get(`${WEBHOOKS}/${id}/secret`);
        replace(secretSlot, el('p', {}, 'Signing secret: ', el('code', {id: 'secret-value'}, answer.secret)));
    }).catch(error => toast(messageOf(error))), {id: 'reveal-secret'});
    const rotate = writeButton('Rotate secret', async () => {
        if (!await confirmDialog('Rotate the signing secret?', 'A new secret signs from now on; the old one keeps signing the webhook-signature header beside it for 24 hours, X-Interactly-Signature switches at once.', 'Rotate')) return;
        busy(rotate, 'Rotating…', async () => {
            const answer = await post(`${WEBHOOKS}/${id}/secret/rotate`);
            replace(secretSlot, el('p', {}, 'New signing secret: ', el('code', {id: 'secret-value'}, answer.secret)));
            toast('Secret rotated');
        }).catch(error => toast(messageOf(error)));
    }, {id: 'rotate-secret'});
    const test = writeButton('Send a test event', async () => {
        const action = s.actions[0];
        if (!await confirmDialog('Send a test event?', `This publishes a test "${action}" event for the team. The API has no per-subscription test, so every enabled subscription that lists ${action} receives it, this one included.`, 'Send')) return;
        busy(test, 'Sending…', async () => {
            const answer = await post(`${WEBHOOKS}/events`, {action, workflow_id: '000000000000000000000000',
                workflow_name: 'Hookflow console test event', workflow_run_id: `console-test-${Date.now()}`,
                workflow_run_status: 'test', payload: {test: true, sent_from: 'console'}});
            toast(`Test event published to ${answer.deliveries} subscription(s)`);
            go('events', new URLSearchParams({subscription_id: id, search: answer.event_id}));
        }).catch(error => toast(messageOf(error)));
    }, {id: 'send-test'});
    const remove = writeButton('Delete', async () => {
        if (!await confirmDialog(`Delete ${s.name}?`, 'Its undelivered events become failed; its event history stays listable.', 'Delete')) return;
        busy(remove, 'Deleting…', async () => {
            await del(`${WEBHOOKS}/${id}`);
            toast('Subscription deleted');
            go('subscriptions');
        }).catch(error => toast(messageOf(error)));
    }, {class: 'danger'});
    const statsSlot = el('div', {}, loading('Loading stats…'));
    replace(view,
        el('div', {class: 'title-row'}, el('h1', {}, s.name),
            s.disabled_reason ? badge('breaker open', 'failed') : badge(s.enabled ? 'enabled' : 'disabled', s.enabled ? 'delivered' : 'pending')),
        el('div', {class: 'toolbar'}, writeLink('Edit', `#/subscriptions/${id}/edit`), toggle, reveal, rotate, test, remove,
            el('a', {href: `#/events?subscription_id=${id}`}, 'Events of this subscription')),
        secretSlot,
        definitionList([
            ['ID', el('code', {}, s.id)], ['URL', s.url], ['Actions', s.actions.join(', ')],
            ['Bearer token', s.has_bearer_token ? 'set (never shown)' : 'none'],
            ['Timeout', `${s.timeout_seconds} s`], ['Retries', `${s.max_retries}, backoff ${s.retry_backoff_seconds} s`],
            s.disabled_reason !== undefined ? ['Disabled by breaker', s.disabled_reason || 'no'] : null,
            s.rate_limit_per_second !== undefined ? ['Rate limit', s.rate_limit_per_second ? `${s.rate_limit_per_second}/s` : 'none'] : null,
            s.ordered !== undefined ? ['Ordered delivery', s.ordered ? 'yes' : 'no'] : null,
            ['Created', time(s.created_at)], ['Updated', time(s.updated_at)]
        ].filter(Boolean)),
        el('section', {'aria-labelledby': 'stats-title'}, el('h2', {id: 'stats-title'}, 'Last 24 hours'), statsSlot));

    let chart = null;
    const end = new Date();
    const start = new Date(end.getTime() - 24 * 3_600_000);
    try {
        const stats = await get(`${WEBHOOKS}/${id}/stats${query({start: start.toISOString(), end: end.toISOString()})}`);
        const canvas = el('canvas', {id: 'subscription-chart', role: 'img', 'aria-label': 'Deliveries over the last 24 hours'});
        replace(statsSlot, definitionList([
            ['Delivered', stats.delivered], ['Failed', stats.failed], ['Retrying', stats.retrying], ['Pending', stats.pending],
            ['Success rate', stats.success_rate == null ? '—' : `${(stats.success_rate <= 1 ? 100 * stats.success_rate : stats.success_rate).toFixed(1)} %`],
            ['Latency p50 / p95', stats.latency_ms ? `${stats.latency_ms.p50 ?? '—'} ms / ${stats.latency_ms.p95 ?? '—'} ms` : '—']
        ]), el('div', {class: 'chart-box'}, canvas));
        chart = deliveriesChart(canvas, stats.series || []);
    } catch (error) {
        replace(statsSlot, isMissing(error)
            ? el('p', {class: 'note', id: 'stats-missing'}, 'This server has no stats API yet (GET …/{id}/stats). ',
                el('a', {href: `#/events?subscription_id=${id}`}, 'The event log'), ' shows every delivery.')
            : errorState(error));
    }
    return () => chart?.destroy();
}
