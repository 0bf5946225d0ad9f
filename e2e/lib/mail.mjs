// Builds an e-mail the way common mail clients do: multipart/mixed, a text part, and
// attachments in base64 whose non-ASCII file names are encoded twice, as RFC 2231
// (filename*=utf-8''…, read by modern parsers) and as RFC 2047 (name="=?UTF-8?B?…?=",
// read by old ones), the combination Thunderbird and Outlook send.
import { randomBytes } from 'node:crypto';

const CRLF = '\r\n';

/** RFC 2047 encoded-word (B encoding) for a header value; ASCII stays as it is. */
export function encodedWord(text) {
	if (/^[\x20-\x7e]*$/.test(text)) return text;
	return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** RFC 2231 extended parameter value (percent-encoded UTF-8). */
function extendedValue(text) {
	const safe = /[A-Za-z0-9!#$&+\-.^_`|~]/;
	let out = "utf-8''";
	for (const byte of Buffer.from(text, 'utf8')) {
		const ch = String.fromCharCode(byte);
		out += byte < 0x80 && safe.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

function base64Lines(buffer) {
	return buffer.toString('base64').replace(/.{1,76}/g, (line) => line + CRLF);
}

/**
 * @param {{from: {name: string, address: string}, to: string, subject: string, text: string,
 *   attachments: Array<{fileName: string, contentType: string, bytes: Buffer}>, date?: Date}} mail
 * @returns {Buffer} the raw message with CRLF line ends
 */
export function buildMail(mail) {
	const boundary = `----=_Part_${randomBytes(12).toString('hex')}`;
	const messageId = `<${randomBytes(10).toString('hex')}@e2e.example.com>`;
	const headers = [
		`Return-Path: <${mail.from.address}>`,
		`From: ${encodedWord(mail.from.name)} <${mail.from.address}>`,
		`To: ${mail.to}`,
		`Subject: ${encodedWord(mail.subject)}`,
		`Date: ${(mail.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
		`Message-ID: ${messageId}`,
		'MIME-Version: 1.0',
		`Content-Type: multipart/mixed; boundary="${boundary}"`,
	];
	const parts = [
		[
			'Content-Type: text/plain; charset=UTF-8',
			'Content-Transfer-Encoding: base64',
			'',
			base64Lines(Buffer.from(mail.text, 'utf8')),
		].join(CRLF),
	];
	for (const file of mail.attachments) {
		const word = encodedWord(file.fileName);
		parts.push(
			[
				`Content-Type: ${file.contentType}; name="${word}"`,
				'Content-Transfer-Encoding: base64',
				`Content-Disposition: attachment; filename*=${extendedValue(file.fileName)}`,
				'',
				base64Lines(file.bytes),
			].join(CRLF),
		);
	}
	const body = parts.map((part) => `--${boundary}${CRLF}${part}`).join(CRLF) + `${CRLF}--${boundary}--${CRLF}`;
	return Buffer.from(headers.join(CRLF) + CRLF + CRLF + body, 'utf8');
}
