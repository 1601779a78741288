// The sign-in screen: OpenID Connect (authorization code + PKCE), a pasted token, or, on a development
// server only, a local admin.
import {el, replace, messageOf, busy} from './ui.js';
import {signIn} from './session.js';
import {get, post} from './api.js';

const PENDING = 'hookflow.console.oidc';

function redirectUri() {
    return `${location.origin}/console/`;
}

function base64url(bytes) {
    return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function discover(issuer) {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url).catch(error => {
        throw new Error(`Could not reach the identity provider at ${url} (${error.message}).`);
    });
    if (!response.ok) throw new Error(`the identity provider's discovery document answered ${response.status}`);
    return response.json();
}

async function startOidc(oidc) {
    const configuration = await discover(oidc.issuer);
    const verifier = randomString();
    const state = randomString();
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    sessionStorage.setItem(PENDING, JSON.stringify({verifier, state, issuer: oidc.issuer, clientId: oidc.client_id,
        tokenEndpoint: configuration.token_endpoint}));
    const url = new URL(configuration.authorization_endpoint);
    url.search = new URLSearchParams({response_type: 'code', client_id: oidc.client_id, redirect_uri: redirectUri(),
        scope: 'openid', state, code_challenge: challenge, code_challenge_method: 'S256'}).toString();
    location.assign(url.toString());
}

/** On return from the identity provider: trade the code for tokens. True when this page load was such a return. */
export async function completeOidc() {
    const params = new URLSearchParams(location.search);
    if (!params.has('code') && !params.has('error')) return false;
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', '/console/#/overview');
    if (params.has('error')) throw new Error(`the identity provider refused: ${params.get('error')}`);
    if (!pending || pending.state !== params.get('state')) throw new Error('the sign-in answer does not match the request (state); sign in again');
    const response = await fetch(pending.tokenEndpoint, {
        method: 'POST',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'},
        body: new URLSearchParams({grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
            client_id: pending.clientId, code_verifier: pending.verifier}).toString()
    });
    const tokens = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`the token endpoint answered ${response.status}: ${tokens.error || ''}`);
    // the access token is what the API verifies; an ID token is a fallback for providers that issue only that
    signIn(tokens.access_token || tokens.id_token);
    return true;
}

export async function renderSignIn(main, onSignedIn, problem) {
    const alert = el('div', {class: 'error', role: 'alert', hidden: !problem}, problem || '');
    const card = el('section', {class: 'signin', 'aria-labelledby': 'signin-title'},
        el('h1', {id: 'signin-title'}, 'Sign in to Hookflow'), alert, el('p', {class: 'loading', role: 'status'}, 'Loading sign-in options…'));
    replace(main, card);
    let options = {oidc: null, dev_sign_in: false};
    try {
        options = await get('/auth/sign-in-options');
    } catch (error) {
        alert.hidden = false;
        alert.textContent = `Sign-in options are not available (${messageOf(error)}); paste a token.`;
    }
    card.querySelector('.loading').remove();
    const fail = error => {
        alert.hidden = false;
        alert.textContent = messageOf(error);
    };

    if (options.oidc) {
        const button = el('button', {type: 'button', class: 'primary', id: 'oidc-sign-in'}, 'Sign in with single sign-on');
        button.addEventListener('click', () => busy(button, 'Redirecting…', () => startOidc(options.oidc)).catch(fail));
        card.append(el('div', {class: 'signin-way'}, button, el('p', {class: 'muted'}, `Identity provider: ${options.oidc.issuer}`)));
    }

    const input = el('textarea', {id: 'token', name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false',
        placeholder: 'eyJ… or hf_…'});
    const form = el('form', {class: 'signin-way'},
        el('label', {for: 'token'}, 'Token'), input,
        el('button', {type: 'submit', class: options.oidc ? '' : 'primary', id: 'token-sign-in'}, 'Sign in with token'));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        if (!input.value.trim()) return fail(new Error('Paste a token first.'));
        signIn(input.value);
        onSignedIn();
    });
    card.append(form);

    if (options.dev_sign_in) {
        const button = el('button', {type: 'button', class: 'dev', id: 'dev-sign-in'}, 'Sign in as local admin (development)');
        button.addEventListener('click', () => busy(button, 'Signing in…', async () => {
            const answer = await post('/auth/dev-token');
            signIn(answer.token);
            onSignedIn();
        }).catch(fail));
        card.append(el('div', {class: 'signin-way dev-way'}, el('p', {}, el('strong', {}, 'Development server: '),
            'this server signs tokens with its own development key. Never use it in production.'), button));
    }
    (card.querySelector('button.primary') || input).focus();
}
