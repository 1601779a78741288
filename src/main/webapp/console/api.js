// The public API, called with the signed-in bearer token like any other client.
import {token} from './session.js';

export class ApiError extends Error {
    constructor(status, body) {
        super(`HTTP ${status}`);
        this.status = status;
        this.body = body;
    }
}

let onUnauthorized = () => {};

export function whenUnauthorized(handler) {
    onUnauthorized = handler;
}

export async function call(method, path, body) {
    const headers = {Accept: 'application/json'};
    const current = token();
    if (current) headers.Authorization = `Bearer ${current}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    const text = await response.text();
    let parsed = null;
    try {
        parsed = text ? JSON.parse(text) : null;
    } catch {
        parsed = {detail: text.slice(0, 300)};
    }
    if (response.status === 401 && current) {
        onUnauthorized();
    }
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed;
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const put = (path, body) => call('PUT', path, body);
export const patch = (path, body) => call('PATCH', path, body);
export const del = path => call('DELETE', path);

export const WEBHOOKS = '/workflows/v1/workflow-webhooks';
export const FLOWS = '/v1/webhooks';

/** ?a=1&b=2 from an object, leaving out empty values. */
export function query(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
        if (value !== undefined && value !== null && value !== '') search.set(key, value);
    }
    const text = search.toString();
    return text ? `?${text}` : '';
}

/** True when the server has no such operation (a feature a later release adds): asked only of objects just listed. */
export function isMissing(error) {
    return error instanceof ApiError && (error.status === 404 || error.status === 405);
}

export const ACTIONS = ['workflow_created', 'workflow_updated', 'workflow_deleted', 'workflow_run_started', 'workflow_run_completed'];
export const EVENT_STATUSES = ['pending', 'retrying', 'delivered', 'failed'];
