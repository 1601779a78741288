// Write controls: each is disabled, with the reason, when the signed-in role may not write.
import {el} from './ui.js';
import {canWrite, isAdmin, roles} from './session.js';

function reason(need) {
    return `Your role (${(roles() || []).join(', ') || 'none'}) cannot do this; it needs ${need}.`;
}

export function writeButton(label, onclick, attributes = {}) {
    const allowed = canWrite();
    return el('button', {type: 'button', ...attributes, dataset: {write: ''}, disabled: !allowed,
        title: allowed ? attributes.title : reason('editor or admin'), onclick: allowed ? onclick : undefined}, label);
}

export function adminButton(label, onclick, attributes = {}) {
    const allowed = isAdmin();
    return el('button', {type: 'button', ...attributes, dataset: {write: ''}, disabled: !allowed,
        title: allowed ? attributes.title : reason('admin'), onclick: allowed ? onclick : undefined}, label);
}

/** A link styled as a button that leads to a write form; a disabled button for those who may not write. */
export function writeLink(label, href) {
    return canWrite() ? el('a', {class: 'button', href, dataset: {write: ''}}, label)
        : el('button', {type: 'button', disabled: true, dataset: {write: ''}, title: reason('editor or admin')}, label);
}
