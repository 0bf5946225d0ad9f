// Preloaded into every n8n process of the e2e (NODE_OPTIONS=--require): records each attempt to
// resolve or connect to a host that is not loopback, with where in n8n it came from, one JSON
// line per attempt in $WOLKVOX_E2E_OUTSIDE_LOG. It blocks nothing (the machine has no route out
// anyway); the runner checks the file stays empty, so a setting that fails to keep n8n at home
// shows up as a failed check instead of a quiet timeout in the logs.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const file = process.env.WOLKVOX_E2E_OUTSIDE_LOG;
if (file) {
	const loopback = (host) =>
		host === undefined || host === null || host === '' || host === 'localhost' || /^127\./.test(host) || host === '::1' || /^::ffff:127\./i.test(host) || /\.localhost$/i.test(host);
	const record = (kind, host, port) => {
		if (loopback(host)) return;
		const where = (new Error().stack ?? '').split('\n').slice(3, 12).map((l) => l.trim()).join(' < ');
		try {
			fs.appendFileSync(file, JSON.stringify({ pid: process.pid, kind, host, port, argv: process.argv.slice(1, 3), where }) + '\n');
		} catch {
			/* the run folder is gone: nothing to record into */
		}
	};

	const connect = net.Socket.prototype.connect;
	net.Socket.prototype.connect = function (...args) {
		const first = Array.isArray(args[0]) ? args[0][0] : args[0];
		if (first && typeof first === 'object') {
			if (!first.path) record('connect', first.host ?? 'localhost', first.port);
		} else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
			record('connect', typeof args[1] === 'string' ? args[1] : 'localhost', first);
		}
		return connect.apply(this, args);
	};

	const lookup = dns.lookup;
	dns.lookup = function (hostname, ...rest) {
		record('dns.lookup', hostname);
		return lookup.call(this, hostname, ...rest);
	};
	const promisesLookup = dns.promises.lookup;
	dns.promises.lookup = function (hostname, ...rest) {
		record('dns.lookup', hostname);
		return promisesLookup.call(this, hostname, ...rest);
	};
	for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveAny']) {
		const original = dns[name];
		dns[name] = function (hostname, ...rest) {
			record(`dns.${name}`, hostname);
			return original.call(this, hostname, ...rest);
		};
	}
}
