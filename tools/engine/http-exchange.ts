/**
 * Turns node:http's request/response into the Express-shaped objects n8n's webhook server hands to
 * WebhookContext: the body read once into `rawBody` (inflated as n8n does) and parsed by content
 * type the way n8n's body parser does, plus the handful of Express helpers nodes call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

export interface WebhookRequest extends IncomingMessage {
	body: unknown;
	query: Record<string, string | string[] | undefined>;
	params: Record<string, string>;
	originalUrl: string;
	path: string;
	protocol: 'http';
	secure: false;
	hostname: string;
	ip: string | undefined;
	get(headerName: string): string | undefined;
	header(headerName: string): string | undefined;
}

export interface WebhookResponse extends ServerResponse {
	status(code: number): WebhookResponse;
	sendStatus(code: number): WebhookResponse;
	set(name: string, value: string): WebhookResponse;
	header(name: string, value: string): WebhookResponse;
	type(contentType: string): WebhookResponse;
	json(body: unknown): WebhookResponse;
	send(body?: unknown): WebhookResponse;
}

async function readAll(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream)
		chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
	return Buffer.concat(chunks);
}

function bodyStream(req: IncomingMessage): Readable {
	switch (req.headers['content-encoding']) {
		case 'gzip':
			return req.pipe(createGunzip());
		case 'deflate':
			return req.pipe(createInflate());
		default:
			return req;
	}
}

/** `application/json; charset=utf-8` -> type `application/json`, encoding `utf-8`. */
function contentTypeParts(header: string | undefined): { type?: string; encoding: BufferEncoding } {
	if (header === undefined) return { encoding: 'utf-8' };
	const [type, ...parameters] = header.split(';').map((part) => part.trim());
	const charset = parameters
		.find((p) => p.toLowerCase().startsWith('charset='))
		?.slice('charset='.length);
	const encoding = charset !== undefined && Buffer.isEncoding(charset) ? charset : 'utf-8';
	return { type: type?.toLowerCase(), encoding };
}

/** A body that does not parse as its content type; n8n answers these with 422 before any node runs. */
export class UnparseableBodyError extends Error {}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		throw new UnparseableBodyError(`Failed to parse request body: ${(error as Error).message}`);
	}
}

function parseBody(rawBody: Buffer, type: string | undefined, encoding: BufferEncoding): unknown {
	if (rawBody.length === 0) return {};
	const text = rawBody.toString(encoding);
	if (type === 'application/json') return parseJson(text);
	if (type === 'application/x-www-form-urlencoded')
		return parseQueryString(text, undefined, undefined, { maxKeys: 1000 });
	if (type === 'text/plain') return text;
	return {};
}

/**
 * Reads and parses the body, then adds Express's request fields. A body that is not valid for its
 * content type throws UnparseableBodyError.
 */
export async function toWebhookRequest(
	req: IncomingMessage,
	params: Record<string, string> = {},
): Promise<WebhookRequest> {
	const request = req as WebhookRequest;
	const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
	const { type, encoding } = contentTypeParts(req.headers['content-type']);

	request.rawBody = await readAll(bodyStream(req));
	request._body = true;
	request.readRawBody = async () => {};
	request.contentType = type;
	request.encoding = encoding;
	request.body = parseBody(request.rawBody, type, encoding);
	request.query = parseQueryString(url.search.slice(1));
	request.params = params;
	request.originalUrl = req.url ?? '/';
	request.path = url.pathname;
	request.protocol = 'http';
	request.secure = false;
	request.hostname = url.hostname;
	request.ip = req.socket.remoteAddress;
	request.get = (headerName) => {
		const value = req.headers[headerName.toLowerCase()];
		return Array.isArray(value) ? value.join(', ') : value;
	};
	request.header = request.get;
	return request;
}

export function toWebhookResponse(res: ServerResponse): WebhookResponse {
	const response = res as WebhookResponse;
	response.status = (code) => {
		response.statusCode = code;
		return response;
	};
	response.sendStatus = (code) => response.status(code).send(String(code));
	response.set = (name, value) => {
		response.setHeader(name, value);
		return response;
	};
	response.header = response.set;
	response.type = (contentType) => response.set('Content-Type', contentType);
	response.json = (body) => {
		if (!response.hasHeader('Content-Type'))
			response.setHeader('Content-Type', 'application/json; charset=utf-8');
		return response.send(JSON.stringify(body));
	};
	response.send = (body) => {
		if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body))
			return response.json(body);
		if (typeof body === 'string' && !response.hasHeader('Content-Type')) {
			response.setHeader('Content-Type', 'text/html; charset=utf-8');
		}
		response.end(body === undefined ? undefined : (body as string | Buffer));
		return response;
	};
	return response;
}
