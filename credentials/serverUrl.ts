import { CUSTOM_SERVER, type WolkvoxCredentials } from './WolkvoxCredentials';

/** Hosts the vendor renamed; the old names were switched off on 2024-11-30. */
const RETIRED_HOSTS: Record<string, string> = {
	'sv0001.crmvox.com': 'crm0001.wolkvox.com',
	'sv0000.crmvox.com': 'crm0000.wolkvox.com',
};

/**
 * Hosts where plain http keeps the token on this machine: loopback, and the name Docker gives
 * the host machine inside a container (n8n in Docker reaching a test server on its host).
 */
const LOCAL_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|host\.docker\.internal)$/;

export type ServerCheck = { url: string } | { problem: string };

/**
 * Turns what a user typed as the CRM server into the API base URL
 * (`https://host/server/API/v2/`). Forgives the common slips (spaces, `https://` typed
 * twice, a trailing path) and refuses what would send the token somewhere unintended.
 * Without a scheme a host gets https, except a local one (loopback, host.docker.internal),
 * which gets http: those are test servers such as `npm run emulator`, and they speak http.
 */
export function apiBaseUrl(credentials: Pick<WolkvoxCredentials, 'server' | 'customServer'>): ServerCheck {
	const typed = credentials.server === CUSTOM_SERVER ? credentials.customServer ?? '' : credentials.server;
	let rest = String(typed).replace(/\s+/g, '');
	let scheme: string | undefined;
	for (let m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest); m; m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest)) {
		scheme = m[1].toLowerCase();
		rest = rest.slice(m[0].length);
	}
	if (scheme !== undefined && scheme !== 'https' && scheme !== 'http') {
		return { problem: `The server "${typed}" uses the scheme "${scheme}://": only https is supported` };
	}
	const authority = rest.split(/[/?#]/, 1)[0].toLowerCase();
	if (authority.includes('@')) {
		return {
			problem: `The server "${authority.replace(/^.*@/, '…@')}" contains a user name: enter only the host, e.g. crm0001.wolkvox.com`,
		};
	}
	const hostMatch = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(authority);
	if (!hostMatch || !hostMatch[1].replace(/[.-]/g, '')) {
		return {
			problem: `"${typed}" is not a server host name: enter the host you see in the address bar after logging in at crm.wolkvox.com, e.g. crm0001.wolkvox.com`,
		};
	}
	const host = RETIRED_HOSTS[hostMatch[1]] ?? hostMatch[1];
	const port = hostMatch[2] ? `:${hostMatch[2]}` : '';
	const local = LOCAL_HOST.test(host);
	scheme ??= local ? 'http' : 'https';
	if (scheme === 'http' && !local) {
		return {
			problem: `The server "${host}" must be reached over https: plain http is only allowed for a test server on this machine (127.0.0.1, localhost, host.docker.internal)`,
		};
	}
	return { url: `${scheme}://${host}${port}/server/API/v2/` };
}
