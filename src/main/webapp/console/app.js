// The console shell: sign-in gate, navigation, and a hash router (#/events?status=failed) so every view,
// filters included, is a link that can be shared.
import {el, replace, errorState} from './ui.js';
import {token, signOut, who} from './session.js';
import {whenUnauthorized} from './api.js';
import {renderSignIn, completeOidc} from './signin.js';
import {renderOverview} from './overview.js';
import {renderSubscriptions} from './subscriptions.js';
import {renderEvents} from './events.js';
import {renderFlows} from './flows.js';
import {renderApiKeys} from './apikeys.js';

const main = document.getElementById('main');
const header = document.getElementById('top');
const screens = {
    overview: renderOverview,
    subscriptions: renderSubscriptions,
    events: renderEvents,
    flows: renderFlows,
    'api-keys': renderApiKeys
};
let cleanup = null;

export function route() {
    const hash = location.hash.replace(/^#\/?/, '');
    const [path, search] = hash.split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    return {screen: parts[0] || 'overview', parts: parts.slice(1), params: new URLSearchParams(search || '')};
}

/** Changes the URL (and so the view); replace=true for filter edits that should not pile up in history. */
export function go(path, params, replaceEntry = false) {
    const search = params ? new URLSearchParams([...params].filter(([, v]) => v !== '' && v != null)).toString() : '';
    const target = `#/${path}${search ? `?${search}` : ''}`;
    if (replaceEntry) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
    show();
}

function showSignIn(problem) {
    stop();
    header.hidden = true;
    renderSignIn(main, () => {
        if (!location.hash || location.hash === '#/') history.replaceState(null, '', '#/overview');
        show();
    }, problem);
}

function stop() {
    if (cleanup) {
        try {
            cleanup();
        } catch (e) {
            console.warn('cleanup failed', e);
        }
        cleanup = null;
    }
}

async function show() {
    stop();
    if (!token()) return showSignIn();
    header.hidden = false;
    document.getElementById('who').textContent = who();
    const {screen, parts, params} = route();
    const render = screens[screen];
    document.querySelectorAll('[data-nav]').forEach(link => {
        if (link.dataset.nav === screen) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
    });
    if (!render) {
        replace(main, el('h1', {}, 'Not found'), el('p', {}, 'No such page. ', el('a', {href: '#/overview'}, 'Go to the overview.')));
        return;
    }
    document.title = `${screen[0].toUpperCase()}${screen.slice(1)} · Hookflow console`;
    // each view renders into its own container: a slow answer for a view already left lands nowhere
    const view = el('div', {class: 'view'});
    replace(main, view);
    try {
        cleanup = await render(view, {parts, params, go}) || null;
    } catch (error) {
        if (error.status !== 401) replace(view, errorState(error));
    }
}

whenUnauthorized(() => {
    if (!token()) return; // several calls refused at once: the first one already signed out
    signOut();
    showSignIn('Your session has ended or the token was refused (401). Sign in again.');
});

document.getElementById('sign-out').addEventListener('click', () => {
    signOut();
    history.replaceState(null, '', '/console/');
    showSignIn();
});
window.addEventListener('hashchange', show);

completeOidc().then(() => show(), error => {
    signOut();
    showSignIn(error.message);
});
