// The server's changes as they happen (GET /api/events, server-sent events). EventSource cannot send the
// bearer token, so the stream is read with fetch; one connection serves every view, opened while someone
// listens and reconnected after a drop. Views subscribe by kind ('run', 'schedule', 'plugin'); 'resync' tells
// them events were dropped, so they reload what they show.
import { session } from './api.js';

const listeners = new Set();
let controller = null;
let retryDelay = 1000;
let retryTimer = null;
/** Whether a stream was open before: a reconnect may have missed changes, the first connection did not. */
let connectedBefore = false;

/** Calls `handler(event)` for every change ({kind, action, id, projectId, data}); returns the unsubscribe. */
export function onChange(handler) {
  listeners.add(handler);
  connect();
  return () => {
    listeners.delete(handler);
    if (!listeners.size) disconnect();
  };
}

/** Calls `handler` at most once per `ms` for a burst of calls, and once more after the burst. */
export function throttled(handler, ms = 1000) {
  let last = 0;
  let timer = null;
  return (...args) => {
    const wait = last + ms - Date.now();
    clearTimeout(timer);
    if (wait <= 0) { last = Date.now(); handler(...args); } else timer = setTimeout(() => { last = Date.now(); handler(...args); }, wait);
  };
}

function dispatch(event) {
  for (const l of [...listeners]) {
    try { l(event); } catch (e) { console.error('event listener failed', e); }
  }
}

function connect() {
  if (controller || !listeners.size || !session.get()?.token) return;
  clearTimeout(retryTimer);
  controller = new AbortController();
  const mine = controller;
  read(mine).catch(() => {}).finally(() => {
    if (controller === mine) controller = null;
    if (listeners.size && !mine.signal.aborted && session.get()?.token) {
      retryTimer = setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    }
  });
}

function disconnect() {
  clearTimeout(retryTimer);
  if (controller) controller.abort();
  controller = null;
}

async function read(mine) {
  const response = await fetch('/api/events', { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.get().token}` },
    signal: mine.signal, cache: 'no-store' });
  if (!response.ok || !response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      handle(block);
    }
  }
}

function handle(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  }
  if (name === 'ready') {
    retryDelay = 1000;
    if (connectedBefore) dispatch({ kind: 'resync' });
    connectedBefore = true;
    return;
  }
  if (name === 'end') { disconnect(); return; }
  if (name === 'resync') { dispatch({ kind: 'resync' }); return; }
  if (!data.length) return;
  try { dispatch(JSON.parse(data.join('\n'))); } catch { /* not an event of ours */ }
}

/** The session changed (login, logout): the stream follows it. */
export function restartEvents() {
  disconnect();
  connectedBefore = false;
  connect();
}
