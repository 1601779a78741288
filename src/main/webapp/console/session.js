// The signed-in person's token: in sessionStorage only (gone with the tab, never a cookie), and what it says
// about roles, read from the JWT payload for display only; the server decides every call.

const KEY = 'hookflow.console.token';

export function token() {
    return sessionStorage.getItem(KEY);
}

export function signIn(value) {
    sessionStorage.setItem(KEY, value.trim().replace(/^Bearer\s+/i, ''));
}

export function signOut() {
    sessionStorage.removeItem(KEY);
}

/** The token's claims, or null for an opaque token such as an API key (hf_...). */
export function claims() {
    const value = token();
    const parts = value ? value.split('.') : [];
    if (parts.length !== 3) return null;
    try {
        const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '='));
        return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, c => c.charCodeAt(0))));
    } catch {
        return null;
    }
}

/** The roles of the groups claim; null when the token does not say (the server still decides). */
export function roles() {
    const groups = claims()?.groups;
    return Array.isArray(groups) ? groups : null;
}

export function canWrite() {
    const known = roles();
    return known === null || known.includes('editor') || known.includes('admin');
}

export function isAdmin() {
    const known = roles();
    return known === null || known.includes('admin');
}

export function who() {
    const c = claims();
    if (!c) return 'API key';
    return `${c.upn || c.sub || 'unknown'} (${(c.groups || []).join(', ') || 'no role'})`;
}
