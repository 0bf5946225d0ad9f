import { CUSTOM_SERVER, type WolkvoxCredentials } from './WolkvoxCredentials';

/** Hosts the vendor renamed; the old names were switched off on 2024-11-30. */
const RETIRED_HOSTS: Record<string, string> = {
	'sv0001.crmvox.com': 'crm0001.wolkvox.com',
	'sv0000.crmvox.com': 'crm0000.wolkvox.com',
};

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

export type ServerCheck = { url: string } | { problem: string };

/**
 * Turns what a user typed as the CRM server into the API base URL
 * (`https://host/server/API/v2/`). Forgives the common slips (spaces, `https://` typed
 * twice, a trailing path) and refuses what would send the token somewhere unintended.
 */
export function apiBaseUrl(credentials: Pick<WolkvoxCredentials, 'server' | 'customServer'>): ServerCheck {
	const typed = credentials.server === CUSTOM_SERVER ? credentials.customServer ?? '' : credentials.server;
	let rest = String(typed).replace(/\s+/g, '');
	let scheme = 'https';
	for (let m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest); m; m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest)) {
		scheme = m[1].toLowerCase();
		rest = rest.slice(m[0].length);
	}
	if (scheme !== 'https' && scheme !== 'http') {
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
	if (scheme === 'http' && !LOOPBACK.test(host)) {
		return { problem: `The server "${host}" must be reached over https: plain http is only allowed for local test servers` };
	}
	return { url: `${scheme}://${host}${port}/server/API/v2/` };
}
