import type { IncomingMessage } from 'node:http';
import type { Directory } from './directory';
import type { Outcome, ZeroResults } from './envelope';
import type { StoredCase, StoredFile } from './types';

/** Documented: the CRM generates "External" and "Internal" tokens; some APIs need External. */
export type TokenType = 'External' | 'Internal';

/** One token: the operation it was generated for, and its usage counters. */
export interface Account {
	operation: string;
	tokenType: TokenType;
	directory: Directory;
	usedToday: number;
	inFlight: number;
	maxInFlight: number;
	/** requests refused because the token already had its limit in flight */
	simultaneousRefusals: number;
}

/** What an endpoint handler may read and change. */
export interface HandlerContext {
	req: IncomingMessage;
	query: URLSearchParams;
	account: Account;
	dailyQuota: number;
	keepBytes: boolean;
	cases: StoredCase[];
	droppedFiles: StoredFile[];
	ignoredFiles: StoredFile[];
	/** how a query that found nothing is answered */
	zeroResults: ZeroResults;
	/** whether updateCaseAttachment.php adds its attachments to the case's files or replaces them */
	attachmentsMode: AttachmentsMode;
}

/** GUESS either way: the Spanish page says the files are added ("agregar"), the English one that the request edits "the list". */
export type AttachmentsMode = 'append' | 'replace';

export type Handler = (ctx: HandlerContext) => Promise<Outcome>;
