// Flows: the company's flows by workspace, a flow's steps as their dependency graph, a JSON editor for create
// and edit that shows the API's validation message, Run now, and executions with each step's result and tries.
import {el, replace, loading, errorState, empty, time, badge, toast, confirmDialog, field, busy, table, definitionList,
    pre, messageOf} from './ui.js';
import {get, post, put, del, query, FLOWS} from './api.js';
import {writeButton, writeLink} from './controls.js';
import {canWrite} from './session.js';
import {stepGraph} from './graph.js';
import {pager} from './subscriptions.js';

const EXECUTIONS_PER_PAGE = 20;

export function renderFlows(view, context) {
    const [id, sub, executionId] = context.parts;
    if (id === 'new') return renderEditor(view, context, null);
    if (id && sub === 'edit') return renderEditor(view, context, id);
    if (id && sub === 'executions' && executionId) return renderExecution(view, context, id, executionId);
    if (id) return renderDetail(view, context, id);
    return renderList(view, context);
}

async function renderList(view, {params, go}) {
    const workspace = params.get('workspace_id') || 'default';
    const input = el('input', {name: 'workspace_id', value: workspace, required: true, maxlength: 255});
    const form = el('form', {class: 'filters', role: 'search', 'aria-label': 'Choose a workspace'},
        field('Workspace', input), el('button', {type: 'submit'}, 'Show'));
    form.addEventListener('submit', event => {
        event.preventDefault();
        go('flows', new URLSearchParams({workspace_id: input.value.trim()}), true);
    });
    const results = el('div', {}, loading());
    replace(view, el('div', {class: 'title-row'}, el('h1', {}, 'Flows'), writeLink('New flow', `#/flows/new?workspace_id=${encodeURIComponent(workspace)}`)),
        form, results);
    try {
        const flows = (await get(`${FLOWS}${query({workspace_id: workspace})}`)).data;
        if (!flows.length) {
            replace(results, empty(el('span', {}, `No flows in workspace "${workspace}". `,
                canWrite() ? el('a', {href: `#/flows/new?workspace_id=${encodeURIComponent(workspace)}`}, 'Create one') : 'An editor can create one',
                ', or pick another workspace.')));
            return;
        }
        replace(results,
            el('p', {class: 'muted', id: 'flows-total'}, `${flows.length} flow${flows.length === 1 ? '' : 's'} in "${workspace}"`),
            table(['Name', 'Status', 'Steps', 'Last execution', 'Next run', 'Updated'], flows.map(f => el('tr', {dataset: {id: f.id}},
                el('td', {}, el('a', {href: `#/flows/${f.id}`}, f.name)),
                el('td', {}, badge(f.status)),
                el('td', {class: 'num'}, f.steps.length),
                el('td', {}, f.executions[0] ? badge(f.executions[0].status) : el('span', {class: 'muted'}, 'never run')),
                el('td', {}, time(f.next_run_at)),
                el('td', {}, time(f.updated_at))))));
    } catch (error) {
        replace(results, errorState(error));
    }
}

/** The fields a client writes (PUT replaces the whole flow): a flow as read, without what the server owns. */
function writable(flow) {
    return {
        workspace_id: flow.workspace_id, name: flow.name, logo: flow.logo, retry_delay: flow.retry_delay,
        retry_delay_unit: flow.retry_delay_unit, max_retries: flow.max_retries, is_template: flow.is_template,
        flow_direction: flow.flow_direction, flow_mapping: flow.flow_mapping, tag_name: flow.tag_name,
        category_name: flow.category_name, predefinedVariables: flow.predefinedVariables, variables: flow.variables,
        schedule: flow.schedule ? {cron: flow.schedule.cron, timezone: flow.schedule.timezone} : null,
        steps: flow.steps.map(s => ({
            step_number: s.step_number, webhook_url: s.webhook_url, webhook_method: s.webhook_method,
            webhook_timeout: s.webhook_timeout, retry_limit: s.retry_limit, timeout: s.timeout,
            webhook_url_params: s.webhook_url_params, webhook_headers: s.webhook_headers, webhook_body: s.webhook_body,
            depends_on_step: s.depends_on_step, success_condition: s.success_condition
        }))
    };
}

function template(workspace) {
    return {
        workspace_id: workspace, name: 'New flow', retry_delay: 5, retry_delay_unit: 'seconds', max_retries: 3,
        predefinedVariables: [], variables: [],
        steps: [
            {step_number: 1, webhook_url: 'https://example.org/first', webhook_method: 'GET', webhook_timeout: 30,
                retry_limit: 0, depends_on_step: null, success_condition: {}},
            {step_number: 2, webhook_url: 'https://example.org/second', webhook_method: 'POST', webhook_timeout: 30,
                retry_limit: 1, depends_on_step: 1, webhook_body: {from: 'hookflow'}, success_condition: {}}
        ]
    };
}

async function renderEditor(view, {params, go}, id) {
    replace(view, el('h1', {}, id ? 'Edit flow' : 'New flow'), loading());
    let initial;
    try {
        initial = id ? writable((await get(`${FLOWS}/${id}`)).data) : template(params.get('workspace_id') || 'default');
    } catch (error) {
        return replace(view, el('h1', {}, 'Edit flow'), errorState(error));
    }
    const editor = el('textarea', {name: 'flow', class: 'json-editor', rows: 28, spellcheck: 'false'});
    editor.value = JSON.stringify(initial, null, 2);
    const problem = el('div', {class: 'error', role: 'alert', id: 'flow-error', hidden: true});
    const preview = el('div', {class: 'graph-box'});
    const drawPreview = () => {
        try {
            const steps = JSON.parse(editor.value).steps;
            if (Array.isArray(steps)) replace(preview, stepGraph(steps.filter(s => s && typeof s.step_number === 'number')
                .map(s => ({webhook_method: 'GET', webhook_url: '', ...s}))));
        } catch {
            // still typing: keep the last good drawing
        }
    };
    editor.addEventListener('input', drawPreview);
    drawPreview();
    const save = el('button', {type: 'submit', class: 'primary', dataset: {write: ''}, disabled: !canWrite()}, id ? 'Save flow' : 'Create flow');
    const form = el('form', {class: 'form wide', novalidate: true}, problem,
        field('Flow (JSON, as the API takes it; PUT replaces the steps as a whole)', editor),
        el('div', {class: 'actions'}, save, el('a', {href: id ? `#/flows/${id}` : '#/flows'}, 'Cancel')));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        problem.hidden = true;
        let body;
        try {
            body = JSON.parse(editor.value);
        } catch (error) {
            problem.hidden = false;
            problem.textContent = `Not valid JSON: ${error.message}`;
            return;
        }
        try {
            const answer = await busy(save, 'Saving…', () => id ? put(`${FLOWS}/${id}`, body) : post(FLOWS, body));
            if (!id && answer.data.inbound_token) sessionStorage.setItem(`hookflow.console.inbound-token.${answer.data.id}`, answer.data.inbound_token);
            toast(id ? 'Flow saved' : 'Flow created');
            go(`flows/${answer.data.id}`);
        } catch (error) {
            problem.hidden = false;
            problem.textContent = messageOf(error);
            editor.focus();
        }
    });
    replace(view, el('h1', {}, id ? `Edit ${initial.name}` : 'New flow'),
        el('div', {class: 'split'}, form, el('section', {'aria-label': 'Preview of the steps'}, el('h2', {}, 'Steps'), preview)));
}

async function renderDetail(view, {params, go}, id) {
    replace(view, el('h1', {}, 'Flow'), loading());
    let flow;
    try {
        flow = (await get(`${FLOWS}/${id}`)).data;
    } catch (error) {
        return replace(view, el('h1', {}, 'Flow'), errorState(error));
    }
    const variables = el('textarea', {name: 'variables', rows: 3, spellcheck: 'false', placeholder: '{"name": "value"}'});
    const run = writeButton('Run now', async () => {
        let input = {};
        try {
            input = variables.value.trim() ? JSON.parse(variables.value) : {};
        } catch (error) {
            return toast(`Variables are not valid JSON: ${error.message}`);
        }
        try {
            const answer = await busy(run, 'Starting…', () => post(`${FLOWS}/${id}/executions`, {variables: input}));
            toast('Execution started');
            go(`flows/${id}/executions/${answer.data.id}`);
        } catch (error) {
            toast(messageOf(error));
        }
    }, {id: 'run-now', class: 'primary'});
    const stopped = flow.status === 'stopped';
    const pause = writeButton(stopped ? 'Start' : 'Stop', () => busy(pause, 'Saving…', async () => {
        await post(`${FLOWS}/${id}/${stopped ? 'start' : 'stop'}`);
        toast(stopped ? 'Flow started' : 'Flow stopped');
        go(`flows/${id}`, null, true);
    }).catch(error => toast(messageOf(error))));
    const remove = writeButton('Delete', async () => {
        if (!await confirmDialog(`Delete ${flow.name}?`, 'The flow is soft-deleted: it leaves the lists and its pending executions stop.', 'Delete')) return;
        busy(remove, 'Deleting…', async () => {
            await del(`${FLOWS}/${id}`);
            toast('Flow deleted');
            go('flows', new URLSearchParams({workspace_id: flow.workspace_id}));
        }).catch(error => toast(messageOf(error)));
    }, {class: 'danger'});
    const inbound = sessionStorage.getItem(`hookflow.console.inbound-token.${id}`);
    if (inbound) sessionStorage.removeItem(`hookflow.console.inbound-token.${id}`);
    const executions = el('div', {}, loading());
    replace(view,
        el('div', {class: 'title-row'}, el('h1', {}, flow.name), badge(flow.status)),
        el('p', {}, el('a', {href: `#/flows?workspace_id=${encodeURIComponent(flow.workspace_id)}`}, `← Flows of "${flow.workspace_id}"`)),
        el('div', {class: 'toolbar'}, writeLink('Edit', `#/flows/${id}/edit`), pause, remove),
        inbound ? el('p', {class: 'note'}, 'Inbound token (shown once; send it as X-Flow-Token): ', el('code', {}, inbound)) : null,
        definitionList([
            ['ID', el('code', {}, flow.id)], ['Direction', flow.flow_direction],
            ['Retries', `${flow.max_retries} after ${flow.retry_delay} ${flow.retry_delay_unit}`],
            ['Schedule', flow.schedule ? `${flow.schedule.cron} (${flow.schedule.timezone || 'UTC'})` : 'none'],
            ['Next run', time(flow.next_run_at)], ['Updated', time(flow.updated_at)]
        ]),
        el('h2', {}, `Steps (${flow.steps.length})`), el('div', {class: 'graph-box'}, stepGraph(flow.steps)),
        el('section', {class: 'run', 'aria-labelledby': 'run-title'}, el('h2', {id: 'run-title'}, 'Run'),
            field('Input variables (JSON, optional)', variables), run),
        el('h2', {}, 'Executions'), executions);
    const pageNumber = Number(params.get('page') || 1);
    try {
        const page = (await get(`${FLOWS}/${id}/executions${query({page: pageNumber, size: EXECUTIONS_PER_PAGE})}`)).data;
        if (!page.executions.length) {
            replace(executions, empty(canWrite() ? 'Not run yet. Run now starts an execution.' : 'Not run yet.'));
            return;
        }
        replace(executions, table(['Started', 'Status', 'Trigger', 'Attempt', 'Finished', 'Error'], page.executions.map(e => el('tr', {dataset: {id: e.id}},
            el('td', {}, el('a', {href: `#/flows/${id}/executions/${e.id}`, 'aria-label': `Execution ${e.id} (${e.status})`}, time(e.created_at))),
            el('td', {}, badge(e.status)), el('td', {}, e.trigger), el('td', {class: 'num'}, e.attempt_number),
            el('td', {}, time(e.finished_at)), el('td', {class: 'error-text'}, e.error_message || '')))),
        pager(page.total, pageNumber, EXECUTIONS_PER_PAGE, n => go(`flows/${id}`, new URLSearchParams({page: n}))));
    } catch (error) {
        replace(executions, errorState(error));
    }
}

async function renderExecution(view, context, flowId, executionId) {
    replace(view, el('h1', {}, 'Execution'), loading());
    let poll = null;
    const load = async () => {
        const [flow, execution] = await Promise.all([get(`${FLOWS}/${flowId}`), get(`${FLOWS}/${flowId}/executions/${executionId}`)]);
        return {flow: flow.data, execution: execution.data};
    };
    const draw = ({flow, execution}) => {
        const results = execution.steps || [];
        const statuses = new Map(results.map(r => [r.step_number, r.status]));
        replace(view,
            el('div', {class: 'title-row'}, el('h1', {}, `Execution of ${flow.name}`), el('span', {id: 'execution-status'}, badge(execution.status))),
            el('p', {}, el('a', {href: `#/flows/${flowId}`}, `← ${flow.name}`)),
            definitionList([['ID', el('code', {}, execution.id)], ['Trigger', execution.trigger], ['Attempt', execution.attempt_number],
                ['Started', time(execution.executed_at || execution.created_at)], ['Finished', time(execution.finished_at)],
                ['Next retry', time(execution.next_retry_at)], ['Error', execution.error_message], ['Input', execution.input ? pre(execution.input) : null]]),
            el('div', {class: 'graph-box'}, stepGraph(flow.steps, statuses)),
            el('h2', {}, 'Steps'),
            results.length ? results.map(r => el('section', {class: 'step-result', dataset: {step: r.step_number}},
                el('h3', {}, `Step ${r.step_number} `, badge(r.status)),
                definitionList([['Request', `${r.request_method || ''} ${r.request_url || ''}`], ['Response status', r.response_status],
                    ['Latency', r.latency_ms == null ? null : `${r.latency_ms} ms`], ['Attempts', r.attempts], ['Error', r.error_message],
                    ['Variables', r.variables && Object.keys(r.variables).length ? pre(r.variables) : null],
                    ['Started', time(r.started_at)], ['Finished', time(r.finished_at)]]),
                Array.isArray(r.tries)
                    ? table(['Try', 'Started', 'Request', 'Status', 'Latency', 'Error', 'Response'], r.tries.map(t => el('tr', {class: 'try'},
                        el('td', {class: 'num'}, t.try_number), el('td', {}, time(t.started_at)),
                        el('td', {class: 'url'}, `${t.request_method} ${t.request_url}`), el('td', {}, t.response_status ?? '—'),
                        el('td', {class: 'num'}, t.latency_ms == null ? '—' : `${t.latency_ms} ms`), el('td', {class: 'error-text'}, t.error_message || ''),
                        el('td', {}, t.response_body ? el('pre', {class: 'excerpt'}, String(t.response_body).slice(0, 500)) : '—'))))
                    : el('p', {class: 'muted'}, 'This server does not report the step\'s individual tries.'),
                r.response_body ? el('details', {}, el('summary', {}, 'Response body'), pre(r.response_body)) : null))
                : empty('No step has started yet.'));
        return execution.status === 'success' || execution.status === 'failed';
    };
    try {
        const finished = draw(await load());
        if (!finished) {
            // a running execution updates itself until it ends
            poll = setInterval(async () => {
                try {
                    if (draw(await load())) clearInterval(poll);
                } catch (error) {
                    clearInterval(poll);
                    toast(messageOf(error));
                }
            }, 1500);
        }
    } catch (error) {
        replace(view, el('h1', {}, 'Execution'), errorState(error));
    }
    return () => clearInterval(poll);
}
