import { randomBytes, randomInt } from 'node:crypto';

// MongoDB ObjectId layout: 4-byte seconds, 5 random bytes per process, 3-byte counter.
const processPart = randomBytes(5).toString('hex');
let counter = randomInt(0xffffff);

/** 24 lowercase hex characters, like the wolkvox_id values the vendor shows ("64cb…"). */
export function newObjectId(): string {
	counter = (counter + 1) % 0x1000000;
	const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
	return seconds + processPart + counter.toString(16).padStart(6, '0');
}
