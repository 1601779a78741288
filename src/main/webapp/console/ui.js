// Small DOM helpers shared by every screen: building elements, states, times, dialogs.

/** el('button', {type: 'button', onclick: f}, 'Save') */
export function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
        if (value === undefined || value === null || value === false) continue;
        if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
        else if (key === 'dataset') Object.assign(node.dataset, value);
        else if (value === true) node.setAttribute(key, '');
        else node.setAttribute(key, value);
    }
    append(node, children);
    return node;
}

function append(node, children) {
    for (const child of children.flat()) {
        if (child === undefined || child === null || child === false) continue;
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

export function replace(node, ...children) {
    node.replaceChildren();
    append(node, children);
    return node;
}

export function loading(text = 'Loading…') {
    return el('p', {class: 'loading', role: 'status'}, text);
}

export function errorState(error) {
    return el('div', {class: 'error', role: 'alert'}, el('strong', {}, 'Could not load: '), messageOf(error));
}

export function empty(text) {
    return el('div', {class: 'empty'}, text);
}

export function messageOf(error) {
    if (!error) return '';
    if (error.body) {
        const body = error.body;
        if (typeof body.detail === 'string') return `${error.status}: ${body.detail}`;
        if (Array.isArray(body.detail)) return `${error.status}: ` + body.detail.map(d => `${(d.loc || []).slice(-1)[0]}: ${d.msg}`).join('; ');
        if (body.message) return `${error.status}: ${body.message}`;
    }
    return error.message || String(error);
}

/** A time in the browser's zone, the UTC instant on hover. */
export function time(iso) {
    if (!iso) return el('span', {class: 'muted'}, '—');
    const date = new Date(iso);
    return el('time', {datetime: iso, title: date.toISOString().replace('.000Z', 'Z') + ' (UTC)'},
        date.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'medium'}));
}

export function badge(text, kind = text) {
    return el('span', {class: `badge badge-${kind}`}, text);
}

export function toast(text) {
    const node = document.getElementById('toast');
    node.textContent = text;
    node.classList.add('shown');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => node.classList.remove('shown'), 4000);
}

/** A modal confirmation; resolves true when confirmed. Focus starts on Cancel so Enter never destroys by accident. */
export function confirmDialog(title, text, confirmLabel) {
    return new Promise(resolve => {
        const cancel = el('button', {type: 'button'}, 'Cancel');
        const ok = el('button', {type: 'button', class: 'primary'}, confirmLabel);
        const dialog = el('dialog', {'aria-labelledby': 'dialog-title', class: 'dialog'},
            el('h2', {id: 'dialog-title'}, title), el('p', {}, text), el('div', {class: 'actions'}, cancel, ok));
        const close = answer => {
            dialog.close();
            dialog.remove();
            resolve(answer);
        };
        cancel.addEventListener('click', () => close(false));
        ok.addEventListener('click', () => close(true));
        dialog.addEventListener('cancel', () => close(false));
        document.body.append(dialog);
        dialog.showModal();
        cancel.focus();
    });
}

/** A labelled form field; the error slot below it shows the API's message for that field. */
export function field(label, input, name = input.name) {
    const id = input.id || `f-${name}`;
    input.id = id;
    const error = el('div', {class: 'field-error', id: `${id}-error`, dataset: {errorFor: name}});
    input.setAttribute('aria-describedby', error.id);
    return el('div', {class: 'field'}, el('label', {for: id}, label), input, error);
}

/** Puts each 422 detail at its field (the last part of loc names it); returns the ones no field took. */
export function showFieldErrors(form, error) {
    form.querySelectorAll('.field-error').forEach(node => { node.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(node => node.removeAttribute('aria-invalid'));
    const details = Array.isArray(error?.body?.detail) ? error.body.detail : [];
    const unplaced = [];
    for (const detail of details) {
        const name = (detail.loc || []).filter(part => typeof part === 'string').slice(-1)[0];
        const slot = name && form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
        if (slot) {
            slot.textContent = detail.msg;
            form.querySelector(`[name="${CSS.escape(name)}"]`)?.setAttribute('aria-invalid', 'true');
        } else {
            unplaced.push(detail);
        }
    }
    return details.length ? unplaced : null;
}

/** Runs a long action with the button disabled and saying what it does. */
export async function busy(button, text, action) {
    const label = button.textContent;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = text;
    try {
        return await action();
    } finally {
        button.textContent = label;
        button.removeAttribute('aria-busy');
        button.disabled = false;
    }
}

export function table(headers, rows) {
    return el('table', {},
        el('thead', {}, el('tr', {}, headers.map(h => el('th', {scope: 'col'}, h)))),
        el('tbody', {}, rows));
}

export function pre(value) {
    return el('pre', {class: 'json'}, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

export function definitionList(pairs) {
    return el('dl', {class: 'facts'}, pairs.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value ?? '—')]));
}

/** From a datetime-local value (browser zone) to ISO UTC, and back. */
export function localToIso(value) {
    return value ? new Date(value).toISOString() : '';
}

export function isoToLocal(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    const pad = n => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
