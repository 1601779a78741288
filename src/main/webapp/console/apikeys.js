// API keys (admins): list, create with the key shown once and a copy button, revoke.
import {el, replace, loading, errorState, empty, time, badge, toast, confirmDialog, field, showFieldErrors, busy, table,
    messageOf, localToIso} from './ui.js';
import {get, post, del, isMissing} from './api.js';
import {adminButton} from './controls.js';
import {isAdmin} from './session.js';

/** The list answer's keys, whichever envelope the server wraps them in. */
function keysOf(answer) {
    if (Array.isArray(answer)) return answer;
    const inner = answer?.data ?? answer;
    if (Array.isArray(inner)) return inner;
    return inner?.api_keys ?? inner?.keys ?? inner?.items ?? [];
}

export async function renderApiKeys(view) {
    const list = el('div', {}, loading());
    const created = el('div', {id: 'new-key', 'aria-live': 'polite'});
    const name = el('input', {name: 'name', required: true, maxlength: 100});
    const role = el('select', {name: 'role'}, ['viewer', 'editor', 'admin'].map(r => el('option', {value: r}, r)));
    const expires = el('input', {type: 'datetime-local', name: 'expires_at'});
    const general = el('div', {class: 'error', role: 'alert', hidden: true});
    const create = el('button', {type: 'submit', class: 'primary', dataset: {write: ''}, disabled: !isAdmin(),
        title: isAdmin() ? undefined : 'Only admins manage API keys.'}, 'Create key');
    const form = el('form', {class: 'form inline', novalidate: true, 'aria-label': 'New API key'},
        general, field('Name', name), field('Role', role), field('Expires (your time, optional)', expires), create);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        general.hidden = true;
        const body = {name: name.value, role: role.value};
        if (expires.value) body.expires_at = localToIso(expires.value);
        try {
            const answer = await busy(create, 'Creating…', () => post('/api-keys', body));
            const key = (answer.data ?? answer).key;
            const copy = el('button', {type: 'button', id: 'copy-key'}, 'Copy');
            copy.addEventListener('click', async () => {
                try {
                    await navigator.clipboard.writeText(key);
                    toast('Key copied');
                } catch {
                    // clipboard refused (no secure context): select it so the person can copy by hand
                    getSelection().selectAllChildren(document.getElementById('key-value'));
                    toast('Select-and-copy: the key is selected');
                }
            });
            replace(created, el('div', {class: 'note'}, el('p', {}, el('strong', {}, 'Copy this key now: it is not shown again.')),
                el('code', {id: 'key-value'}, key), ' ', copy));
            form.reset();
            await loadList();
        } catch (error) {
            const unplaced = showFieldErrors(form, error);
            if (unplaced === null || unplaced.length) {
                general.hidden = false;
                general.textContent = messageOf(error);
            }
        }
    });
    replace(view, el('h1', {}, 'API keys'),
        el('p', {class: 'muted'}, 'Long-lived keys for scripts and services: send them as Authorization: Bearer hf_…. A key acts with its role for this tenant.'),
        form, created, list);

    async function loadList() {
        try {
            const keys = keysOf(await get('/api-keys'));
            if (!keys.length) return replace(list, empty('No API keys yet. Create one above for a script or service.'));
            replace(list, table(['Name', 'Role', 'Prefix', 'Created', 'Expires', 'Last used', ''], keys.map(k => {
                const revoke = adminButton('Revoke', async () => {
                    if (!await confirmDialog(`Revoke ${k.name}?`, 'Calls with this key are refused from now on (within seconds on every server).', 'Revoke')) return;
                    busy(revoke, 'Revoking…', async () => {
                        await del(`/api-keys/${encodeURIComponent(k.id)}`);
                        toast('Key revoked');
                        await loadList();
                    }).catch(error => toast(messageOf(error)));
                }, {class: 'danger'});
                return el('tr', {dataset: {id: k.id}}, el('td', {}, k.name), el('td', {}, badge(k.role, 'pending')),
                    el('td', {}, el('code', {}, k.prefix || '')), el('td', {}, time(k.created_at)), el('td', {}, time(k.expires_at)),
                    el('td', {}, time(k.last_used_at)), el('td', {}, revoke));
            })));
        } catch (error) {
            replace(list, isMissing(error) ? empty('This server has no API keys API yet (GET /api-keys).')
                : error.status === 403 ? empty('Only admins see and manage API keys.') : errorState(error));
        }
    }
    await loadList();
}
