import { STATUS_CODES, type IncomingMessage } from 'node:http';
import { drain } from './body';
import { ERRORS, SUCCESS } from './contract';
import { fail, type Outcome } from './envelope';

/** Failures the real service (or what sits in front of it) can produce, on demand. */
export type FaultKind =
	| 'simultaneous' // 403 EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN
	| 'quota' // 403 TOKEN LIMIT EXCEEDED
	| 'backupHtml' // 403 with an HTML page, as during the vendor's backup windows
	| 'status5xx' // 503 (or `status`) with Retry-After: 1
	| 'resetMidUpload' // socket destroyed after part of the body; nothing stored
	| 'hang' // no answer until the client gives up or stop()
	| 'malformedJson' // 200 with a truncated JSON body
	| 'errorCodeUnder200' // HTTP 200 whose body says code 400
	| 'redirect' // 302 to another host (`location`)
	| 'resetAfterStore'; // the request is fully handled (case stored), then the socket is destroyed

export interface FaultSpec {
	kind: FaultKind;
	/** endpoint path such as 'cases/insert.php'; any endpoint when absent */
	path?: string;
	/** how many matching requests it hits; default 1 */
	times?: number;
	/** status5xx: the status to send (default 503) */
	status?: number;
	/** status5xx: the Retry-After header, in seconds (default '1') */
	retryAfter?: string;
	/** redirect: the Location header (default: same path on 127.0.0.2, same port) */
	location?: string;
}

export interface FiredFault {
	kind: FaultKind;
	path: string;
}

/** How the server must answer. `immediate` skips the configured latency. */
export type Reply =
	| { kind: 'envelope'; outcome: Outcome; forceStatus?: number; immediate?: boolean }
	| { kind: 'raw'; status: number; headers: Record<string, string>; body: string }
	| { kind: 'destroy' }
	| { kind: 'hang' };

export class FaultQueue {
	readonly fired: FiredFault[] = [];
	private readonly pending: Array<{ spec: FaultSpec; remaining: number }> = [];

	add(spec: FaultSpec): void {
		this.pending.push({ spec, remaining: spec.times ?? 1 });
	}

	/** The first pending fault for this endpoint, consumed once. */
	take(path: string): FaultSpec | undefined {
		const index = this.pending.findIndex((entry) => entry.spec.path === undefined || entry.spec.path === path);
		if (index < 0) return undefined;
		const entry = this.pending[index];
		entry.remaining -= 1;
		if (entry.remaining <= 0) this.pending.splice(index, 1);
		this.record(entry.spec.kind, path);
		return entry.spec;
	}

	/** Notes a fault that fired, whether it came from this queue or from a plan. */
	record(kind: FaultKind, path: string): void {
		this.fired.push({ kind, path });
	}

	clear(): void {
		this.pending.length = 0;
		this.fired.length = 0;
	}
}

/** The answer for every fault that replaces the endpoint (all but resetAfterStore). */
export async function faultReply(
	spec: FaultSpec & { kind: Exclude<FaultKind, 'resetAfterStore'> },
	req: IncomingMessage,
	defaultLocation: string,
): Promise<Reply> {
	if (spec.kind === 'resetMidUpload') {
		await firstChunk(req);
		return { kind: 'destroy' };
	}
	if (spec.kind === 'hang') {
		void drain(req); // let the client finish its upload, then leave it waiting
		return { kind: 'hang' };
	}
	await drain(req);
	switch (spec.kind) {
		case 'simultaneous':
			return { kind: 'envelope', outcome: fail(403, ERRORS.simultaneousLimit), immediate: true };
		case 'quota':
			return { kind: 'envelope', outcome: fail(403, ERRORS.tokenLimitExceeded) };
		case 'errorCodeUnder200':
			return { kind: 'envelope', outcome: fail(400, ERRORS.parametersRequired), forceStatus: 200 };
		case 'backupHtml':
			return raw(403, 'text/html; charset=UTF-8', BACKUP_PAGE);
		case 'malformedJson':
			return raw(200, 'application/json', `{"code":200,"error":"null","msg":"${SUCCESS.created}","data":{"wolkv`);
		case 'status5xx': {
			const status = spec.status ?? 503;
			const headers = { 'Content-Type': 'text/plain', 'Retry-After': spec.retryAfter ?? '1' };
			return { kind: 'raw', status, headers, body: STATUS_CODES[status] ?? 'Server Error' };
		}
		case 'redirect':
			return { kind: 'raw', status: 302, headers: { Location: spec.location ?? defaultLocation }, body: '' };
	}
}

const BACKUP_PAGE =
	'<!DOCTYPE html><html><head><title>403 Forbidden</title></head>' +
	'<body><h1>Forbidden</h1><p>Service temporarily unavailable: backup in progress.</p></body></html>';

function raw(status: number, contentType: string, body: string): Reply {
	return { kind: 'raw', status, headers: { 'Content-Type': contentType }, body };
}

/** Resolves once some of the body arrived (or there is none). */
function firstChunk(req: IncomingMessage): Promise<void> {
	return new Promise((resolve) => {
		req.once('data', () => resolve());
		req.once('end', resolve);
		req.once('close', resolve);
		req.resume();
	});
}
