// vigil's web UI: plain JavaScript, no framework, no build step, no network
// beyond this server. Pages route on the URL fragment:
//   #/alerts?status=new&stream=...   the queue, with keyboard triage
//   #/alerts/ID                      one alert
//   #/vessels/MMSI                   identity, list matches, map, timeline
//   #/documents/ID                   text with highlights and claims
//   #/entities/ID                    list entries, provenance, versions, alerts
// Every value from the server is put into the page as text (textContent),
// never as HTML.
'use strict';

const TOKEN_KEY = 'vigil.token';
const PAGE = 50;
const main = document.getElementById('main');

// ---------------------------------------------------------------- helpers

/** Builds an element: h('a', {href: '#'}, 'text', child, ...). */
function h(tag, attrs, ...children) {
  const isSvg = ['svg', 'path', 'g', 'circle', 'line', 'rect', 'text', 'title', 'clipPath', 'defs', 'polyline'].includes(tag);
  const el = isSvg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

/** Fetches JSON from this server; throws an Error with the API's detail. */
async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  if (token()) headers.Authorization = 'Bearer ' + token();
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method: options.method || 'GET', headers, body: options.body });
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (!response.ok) {
    const error = new Error((body && body.detail) || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove('show'), 2500);
}

function errorBox(error) { return h('p', { class: 'error', role: 'alert' }, String(error.message || error)); }

function setPage(title, ...content) {
  document.title = title + ' · vigil';
  main.replaceChildren(...content);
}

function when(ts) { return ts ? String(ts).replace('T', ' ').replace(/(\.\d+)?Z$/, '') : '—'; }

function sevTag(sev) { return h('span', { class: 'sev sev-' + sev }, sev); }
function statusTag(status) { return h('span', { class: 'status status-' + status, 'data-status': status }, status); }
function vesselLink(mmsi) { return h('a', { href: '#/vessels/' + mmsi }, String(mmsi)); }
function entityLink(id, label) { return h('a', { href: '#/entities/' + encodeURIComponent(id) }, label || id); }
function documentLink(id, label) { return h('a', { href: '#/documents/' + id }, label || 'document ' + id); }

function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(p => p[1] !== undefined).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v === null ? '—' : v)]));
}

// ---------------------------------------------------------------- token

function showTokenState() {
  const has = !!token();
  document.getElementById('token-state').textContent = has ? 'token set: triage enabled' : 'no token: read only';
  document.getElementById('token-forget').hidden = !has;
  document.getElementById('token').value = '';
}

document.getElementById('token-form').addEventListener('submit', event => {
  event.preventDefault();
  const value = document.getElementById('token').value.trim();
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  showTokenState();
  toast(value ? 'Token kept for this tab' : 'No token entered');
});
document.getElementById('token-forget').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  showTokenState();
});
document.getElementById('goto-form').addEventListener('submit', event => {
  event.preventDefault();
  const input = document.getElementById('goto');
  const value = input.value.trim();
  input.value = '';
  input.blur();
  if (/^\d{1,9}$/.test(value)) location.hash = '#/vessels/' + value;
  else if (/^doc:\d+$/i.test(value)) location.hash = '#/documents/' + value.slice(4);
  else if (/^alert:\d+$/i.test(value)) location.hash = '#/alerts/' + value.slice(6);
  else if (value) location.hash = '#/entities/' + encodeURIComponent(value);
});

/** Asks for a note in the dialog; resolves to the text, or null if cancelled. */
function askNote(title) {
  const dialog = document.getElementById('note-dialog');
  const text = document.getElementById('note-text');
  document.getElementById('note-title').textContent = title;
  text.value = '';
  return new Promise(resolve => {
    const onKey = event => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (text.value.trim()) dialog.close('ok');
      }
    };
    text.addEventListener('keydown', onKey);
    dialog.addEventListener('close', () => {
      text.removeEventListener('keydown', onKey);
      resolve(dialog.returnValue === 'ok' && text.value.trim() ? text.value.trim() : null);
    }, { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    text.focus();
  });
}

// ---------------------------------------------------------------- router

const routes = [
  [/^\/?$/, () => { location.hash = '#/alerts?status=new'; }],
  [/^\/alerts$/, (m, query) => alertsPage(query)],
  [/^\/alerts\/(\d+)$/, m => alertPage(Number(m[1]))],
  [/^\/vessels\/(\d{1,9})$/, m => vesselPage(Number(m[1]))],
  [/^\/documents\/(\d+)$/, m => documentPage(Number(m[1]))],
  [/^\/entities\/([^/]+)$/, m => entityPage(decodeURIComponent(m[1]))],
];

let leavePage = () => {};

function route() {
  leavePage();
  leavePage = () => {};
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, queryText] = raw.split('?');
  const query = new URLSearchParams(queryText || '');
  for (const [pattern, render] of routes) {
    const m = path.match(pattern);
    if (m) {
      Promise.resolve(render(m, query)).catch(error => setPage('Error', errorBox(error)));
      return;
    }
  }
  setPage('Not found', h('p', { class: 'error' }, 'No such page: ' + raw), h('a', { href: '#/alerts' }, 'Back to the alerts'));
}

window.addEventListener('hashchange', route);
showTokenState();
route();

// ---------------------------------------------------------------- alerts

const FILTERS = {
  stream: ['', 'screening', 'maritime', 'media', 'lists'],
  severity: ['', 'critical', 'high', 'medium', 'low'],
  status: ['', 'new', 'confirmed', 'dismissed'],
};

async function alertsPage(query) {
  const filter = {};
  for (const key of ['stream', 'severity', 'status', 'from', 'to', 'entity', 'mmsi', 'offset']) {
    if (query.get(key)) filter[key] = query.get(key);
  }
  const offset = Number(filter.offset || 0);
  const params = new URLSearchParams({ ...filter, limit: String(PAGE), offset: String(offset) });
  const page = await api('/alerts?' + params);
  const state = { rows: page.results, selected: 0, busy: false };

  const form = h('form', { class: 'filters', id: 'filters' },
    Object.entries(FILTERS).map(([key, values]) => h('label', {}, key,
      h('select', { name: key, id: 'filter-' + key },
        values.map(v => h('option', { value: v, selected: (filter[key] || '') === v }, v || 'any'))))),
    h('label', {}, 'from', h('input', { type: 'date', name: 'from', id: 'filter-from', value: filter.from || '' })),
    h('label', {}, 'to', h('input', { type: 'date', name: 'to', id: 'filter-to', value: filter.to || '' })),
    h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', event => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) next.set(key, value);
    for (const key of ['entity', 'mmsi']) if (filter[key]) next.set(key, filter[key]);
    location.hash = '#/alerts?' + next;
  });

  const tbody = h('tbody', {});
  const table = h('table', { id: 'queue' },
    h('thead', {}, h('tr', {}, ['#', 'severity', 'stream', 'title', 'observed', 'evidence', 'status'].map(t => h('th', {}, t)))),
    tbody);
  const detail = h('section', { class: 'panel', id: 'alert-detail' }, h('p', { class: 'muted' }, 'No alert selected.'));

  function renderRows() {
    tbody.replaceChildren(...state.rows.map((alert, i) => h('tr', {
      'data-id': alert.id, class: i === state.selected ? 'selected' : null,
      onclick: () => select(i),
    },
    h('td', {}, String(alert.id)), h('td', {}, sevTag(alert.severity)), h('td', {}, alert.stream + ' · ' + alert.kind),
    h('td', {}, alert.title), h('td', {}, when(alert.observed_from), alert.observed_to !== alert.observed_from ? ' → ' + when(alert.observed_to) : ''),
    h('td', {}, String(alert.evidence_count)), h('td', {}, statusTag(alert.status)))));
  }

  let detailRequest = 0;
  async function select(i) {
    if (!state.rows.length) return;
    state.selected = Math.max(0, Math.min(state.rows.length - 1, i));
    renderRows();
    const row = tbody.children[state.selected];
    if (row) row.scrollIntoView({ block: 'nearest' });
    const id = state.rows[state.selected].id;
    const mine = ++detailRequest;
    try {
      const alert = await api('/alerts/' + id);
      if (mine === detailRequest) detail.replaceChildren(...alertDetail(alert));
    } catch (error) {
      if (mine === detailRequest) detail.replaceChildren(errorBox(error));
    }
  }

  async function triage(status) {
    if (state.busy || !state.rows.length) return;
    const alert = state.rows[state.selected];
    if (!token()) {
      toast('Enter a bearer token (top right) to triage');
      document.getElementById('token').focus();
      return;
    }
    state.busy = true;
    try {
      const note = status === 'new' ? '' : await askNote(`${status === 'confirmed' ? 'Confirm' : 'Dismiss'} alert ${alert.id}: why?`);
      if (note === null) return;
      const body = { status, revision: alert.revision };
      if (note) body.note = note;
      const updated = await api('/alerts/' + alert.id, { method: 'PATCH', body: JSON.stringify(body) });
      state.rows[state.selected] = updated;
      toast(`Alert ${alert.id}: ${updated.status}`);
      detail.replaceChildren(...alertDetail(updated));
      renderRows();
      if (state.selected < state.rows.length - 1) select(state.selected + 1);
    } catch (error) {
      if (error.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        showTokenState();
      }
      toast('Triage failed: ' + error.message);
      detail.prepend(errorBox(error));
    } finally {
      state.busy = false;
    }
  }

  const onKey = event => {
    if (event.target.closest && event.target.closest('input, textarea, select, dialog')) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // Enter on a focused button or link is that control's, not ours.
    if (event.key === 'Enter' && event.target.closest && event.target.closest('button, a')) return;
    const actions = {
      j: () => select(state.selected + 1), ArrowDown: () => select(state.selected + 1),
      k: () => select(state.selected - 1), ArrowUp: () => select(state.selected - 1),
      c: () => triage('confirmed'), d: () => triage('dismissed'), u: () => triage('new'),
      o: () => { if (state.rows.length) location.hash = '#/alerts/' + state.rows[state.selected].id; },
      Enter: () => { if (state.rows.length) location.hash = '#/alerts/' + state.rows[state.selected].id; },
      n: () => { if (offset + PAGE < page.total) go(offset + PAGE); },
      p: () => { if (offset > 0) go(Math.max(0, offset - PAGE)); },
    };
    const action = actions[event.key];
    if (action) { event.preventDefault(); action(); }
  };
  document.addEventListener('keydown', onKey);
  leavePage = () => document.removeEventListener('keydown', onKey);

  function go(nextOffset) {
    const next = new URLSearchParams(filter);
    next.set('offset', String(nextOffset));
    location.hash = '#/alerts?' + next;
  }

  const pager = h('div', { class: 'pager' },
    h('button', { type: 'button', disabled: offset === 0, onclick: () => go(Math.max(0, offset - PAGE)) }, '← previous'),
    h('span', { id: 'queue-count' }, page.total ? `${offset + 1}–${offset + state.rows.length} of ${page.total}` : 'no alerts match'),
    h('button', { type: 'button', disabled: offset + PAGE >= page.total, onclick: () => go(offset + PAGE) }, 'next →'));
  const keys = h('p', { class: 'keys' },
    h('kbd', {}, 'j'), '/', h('kbd', {}, 'k'), ' move · ', h('kbd', {}, 'c'), ' confirm · ', h('kbd', {}, 'd'), ' dismiss · ',
    h('kbd', {}, 'u'), ' back to new · ', h('kbd', {}, 'o'), ' open · ', h('kbd', {}, 'n'), '/', h('kbd', {}, 'p'), ' page');
  const scope = filter.entity ? ['Alerts touching ', entityLink(filter.entity)] : filter.mmsi ? ['Alerts touching vessel ', vesselLink(filter.mmsi)] : ['Alerts'];
  setPage('Alerts', h('h1', {}, scope), form, keys,
    h('div', { class: 'queue-layout' }, h('div', {}, table, pager), detail));
  renderRows();
  if (state.rows.length) select(0);
}

/** The parts of an alert's detail: facts, links, evidence, audit trail. */
function alertDetail(alert) {
  const links = [];
  for (const mmsi of alert.vessels || []) links.push(h('li', {}, 'vessel ', vesselLink(mmsi)));
  for (const id of alert.entities || []) links.push(h('li', {}, 'entity ', entityLink(id)));
  return [
    h('h2', {}, h('a', { href: '#/alerts/' + alert.id }, `Alert ${alert.id}`), ' ', sevTag(alert.severity), ' ', statusTag(alert.status)),
    h('p', {}, alert.title),
    facts([
      ['stream', `${alert.stream} · ${alert.kind}`], ['case', h('code', {}, alert.case_key)],
      ['observed', `${when(alert.observed_from)} → ${when(alert.observed_to)}`],
      ['raised', when(alert.created_at)], ['updated', when(alert.updated_at)],
      ['note', alert.note || null], ['revision', String(alert.revision)],
    ]),
    links.length ? h('ul', { class: 'plain' }, links) : null,
    h('h2', {}, 'Evidence'),
    h('ul', { class: 'plain evidence' }, (alert.evidence || []).map(evidenceItem)),
    h('h2', {}, 'Audit trail'),
    h('ul', { class: 'plain audit' }, (alert.audit || []).map(entry => h('li', {},
      when(entry.at), ' · ', h('b', {}, entry.actor), ' ', entry.action,
      entry.from_status || entry.to_status ? ` ${entry.from_status || '∅'} → ${entry.to_status || '∅'}` : '',
      entry.note ? h('span', { class: 'muted' }, ' — ' + entry.note) : ''))),
  ];
}

function evidenceItem(evidence) {
  const refs = Array.isArray(evidence.refs) ? evidence.refs : evidence.refs ? [evidence.refs] : [];
  const links = [];
  if (evidence.document_id) links.push(documentLink(evidence.document_id, 'open document ' + evidence.document_id));
  if (evidence.event_id) links.push(h('span', { class: 'muted' }, 'event ' + evidence.event_id));
  if (evidence.version_id) links.push(h('span', { class: 'muted' }, 'list version ' + evidence.version_id));
  return h('li', { 'data-kind': evidence.kind },
    h('span', { class: 'tag' }, evidence.kind), evidence.summary, ' ',
    h('span', { class: 'muted' }, when(evidence.observed_at)),
    links.length ? h('div', {}, links.flatMap((l, i) => i ? [' · ', l] : [l])) : null,
    refs.length ? h('div', { class: 'refs' }, 'source: ', refs.map(r => h('code', { class: 'ref', title: 'file:line or file:start-end of the source bytes' }, typeof r === 'string' ? r : JSON.stringify(r))).flatMap((c, i) => i ? [', ', c] : [c])) : null);
}

async function alertPage(id) {
  const alert = await api('/alerts/' + id);
  setPage('Alert ' + id, h('p', {}, h('a', { href: '#/alerts?status=new' }, '← queue')),
    h('section', { class: 'panel', id: 'alert-detail' }, alertDetail(alert)));
}

// ---------------------------------------------------------------- vessel

async function vesselPage(mmsi) {
  setPage('Vessel ' + mmsi, h('p', { class: 'muted' }, 'Loading vessel ' + mmsi + '…'));
  const [vessel, track, events, alerts] = await Promise.all([
    api('/vessels/' + mmsi),
    api('/vessels/' + mmsi + '/track.geojson'),
    api('/events?mmsi=' + mmsi + '&limit=500'),
    api('/alerts?mmsi=' + mmsi + '&limit=100'),
  ]);
  const encounters = events.results.filter(e => e.kind === 'encounter' && e.mmsi.length > 1);
  const others = await otherTracks(mmsi, encounters);

  const identities = h('table', { id: 'identities' },
    h('thead', {}, h('tr', {}, ['name', 'IMO', 'call sign', 'type', 'first seen', 'last seen', 'source'].map(t => h('th', {}, t)))),
    h('tbody', {}, vessel.identities.map(s => h('tr', {},
      h('td', {}, s.name || '—'), h('td', {}, s.imo || '—'), h('td', {}, s.callsign || '—'), h('td', {}, s.shiptype ?? '—'),
      h('td', {}, when(s.first_seen)), h('td', {}, when(s.last_seen)), h('td', {}, s.src ? h('code', { class: 'ref' }, s.src) : '—')))));
  const listed = vessel.listed.length
    ? h('ul', { class: 'plain', id: 'listed' }, vessel.listed.map(l => h('li', {},
      entityLink(l.entity_id, l.caption), ` on ${l.list} (version ${l.version_id}), by ${l.by}`)))
    : h('p', { class: 'muted', id: 'listed' }, 'No listed entity carries this MMSI or IMO.');
  const mapPanel = h('section', { class: 'panel' }, h('h2', {}, 'Track'), h('p', { class: 'muted' }, 'Drawing…'));
  setPage(`Vessel ${vessel.name || mmsi}`,
    h('h1', {}, vessel.name || 'Unnamed vessel', h('span', { class: 'muted' }, ` · MMSI ${mmsi}`)),
    h('section', { class: 'panel' }, facts([
      ['IMO', vessel.imo], ['call sign', vessel.callsign], ['ship type', vessel.shiptype === null ? null : String(vessel.shiptype)],
      ['seen', `${when(vessel.first_seen)} → ${when(vessel.last_seen)}`], ['positions', String(vessel.positions)],
      ['events', String(vessel.events)], ['alerts', String(vessel.alerts.length)],
    ])),
    h('section', { class: 'panel' }, h('h2', {}, 'List matches'), listed),
    mapPanel,
    h('section', { class: 'panel' }, h('h2', {}, 'Timeline of events'), timeline(events.results, mmsi)),
    h('section', { class: 'panel' }, h('h2', {}, 'Identity history'), identities),
    h('section', { class: 'panel' }, h('h2', {}, 'Alerts'), alertList(alerts.results),
      alerts.total > alerts.results.length ? h('a', { href: '#/alerts?mmsi=' + mmsi }, `all ${alerts.total} alerts`) : null));
  const land = await loadLand();
  mapPanel.replaceChildren(h('h2', {}, 'Track'), ...trackMap(mmsi, track, others, events.results, land));
}

/** Tracks of the other vessels of encounters, over each encounter ± 12 h. */
async function otherTracks(mmsi, encounters) {
  const wanted = [];
  for (const event of encounters.slice(0, 20)) {
    for (const other of event.mmsi) {
      if (other === mmsi) continue;
      const from = shiftHours(event.start, -12);
      const to = shiftHours(event.end, 12);
      wanted.push(api(`/vessels/${other}/track.geojson?from=${from}&to=${to}`)
        .then(geo => ({ mmsi: other, event: event.id, geo }))
        .catch(() => null));
    }
  }
  return (await Promise.all(wanted)).filter(Boolean);
}

function shiftHours(ts, hours) {
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return ts;
  return new Date(t + hours * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
}

function alertList(alerts) {
  if (!alerts.length) return h('p', { class: 'muted' }, 'None.');
  return h('table', { class: 'alerts' },
    h('tbody', {}, alerts.map(a => h('tr', { 'data-id': a.id },
      h('td', {}, h('a', { href: '#/alerts/' + a.id }, String(a.id))), h('td', {}, sevTag(a.severity)),
      h('td', {}, a.title), h('td', {}, when(a.observed_from)), h('td', {}, statusTag(a.status))))));
}

// ---------------------------------------------------------------- map

let landPromise = null;

/** The bundled land polygons as rings of [lon, lat], or null when absent. */
function loadLand() {
  if (!landPromise) {
    landPromise = fetch('/ui/land.json')
      .then(r => (r.ok ? r.json() : null))
      .then(topo => (topo ? topologyRings(topo) : null))
      .catch(() => null);
  }
  return landPromise;
}

/** Decodes TopoJSON (quantized, delta-encoded arcs) into polygons, each a
 *  list of rings of [lon, lat] with its bounding box. */
function topologyRings(topo) {
  const [sx, sy] = topo.transform ? topo.transform.scale : [1, 1];
  const [tx, ty] = topo.transform ? topo.transform.translate : [0, 0];
  const arcs = topo.arcs.map(arc => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => {
      if (topo.transform) { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; }
      return [dx, dy];
    });
  });
  const ring = indices => {
    const points = [];
    for (const index of indices) {
      const arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
      points.push(...(points.length ? arc.slice(1) : arc));
    }
    return points;
  };
  const polygons = [];
  const visit = geometry => {
    if (geometry.type === 'GeometryCollection') geometry.geometries.forEach(visit);
    else if (geometry.type === 'Polygon') polygons.push(geometry.arcs.map(ring));
    else if (geometry.type === 'MultiPolygon') geometry.arcs.forEach(p => polygons.push(p.map(ring)));
  };
  Object.values(topo.objects).forEach(visit);
  return polygons.map(rings => {
    let minLon = 180, maxLon = -180, minLat = 90, maxLat = -90;
    for (const [lon, lat] of rings[0] || []) {
      minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
    }
    return { rings, bbox: [minLon, minLat, maxLon, maxLat] };
  });
}

function lineCoordinates(geo) {
  const out = [];
  for (const feature of geo.features || []) {
    if (feature.properties && feature.properties.kind !== 'track') continue;
    const g = feature.geometry;
    if (g.type === 'LineString') out.push(...g.coordinates);
    else if (g.type === 'Point') out.push(g.coordinates);
  }
  return out;
}

/** An SVG map (equirectangular, scaled by cos(latitude) so shapes keep
 *  their proportions near the centre) of the vessel's track, the tracks of
 *  the vessels it met, its events, over the bundled coastline. */
function trackMap(mmsi, track, others, events, land) {
  const own = lineCoordinates(track);
  const otherLines = others.map(o => ({ mmsi: o.mmsi, coords: lineCoordinates(o.geo) })).filter(o => o.coords.length);
  const eventPoints = events.filter(e => e.lat !== null && e.lon !== null);
  const all = [...own, ...otherLines.flatMap(o => o.coords), ...eventPoints.map(e => [e.lon, e.lat])];
  const out = [];
  if (!all.length) return [h('p', { class: 'muted', id: 'no-track' }, 'No positions stored for this vessel.')];
  let [minLon, minLat, maxLon, maxLat] = [180, 90, -180, -90];
  for (const [lon, lat] of all) {
    minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
  }
  // At least a fifth of a degree across, plus a margin, so a vessel at
  // anchor still shows some coast around it.
  const spanLat = Math.max(maxLat - minLat, 0.2) * 1.3;
  const midLat = (minLat + maxLat) / 2, midLon = (minLon + maxLon) / 2;
  const k = Math.cos(midLat * Math.PI / 180) || 1;
  let spanLon = Math.max(maxLon - minLon, 0.2) * 1.3;
  const width = 900, height = 520;
  // Keep the aspect ratio: widen whichever span is short.
  if (spanLon * k / spanLat < width / height) spanLon = spanLat * (width / height) / k;
  const spanLatFit = Math.max(spanLat, spanLon * k * height / width);
  const view = [midLon - spanLon / 2, midLat - spanLatFit / 2, midLon + spanLon / 2, midLat + spanLatFit / 2];
  const x = lon => ((lon - view[0]) / (view[2] - view[0])) * width;
  const y = lat => ((view[3] - lat) / (view[3] - view[1])) * height;
  const pathOf = coords => coords.map(([lon, lat], i) => `${i ? 'L' : 'M'}${x(lon).toFixed(1)} ${y(lat).toFixed(1)}`).join('');

  const svg = h('svg', { class: 'map', id: 'track-map', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Track of ${mmsi}`, 'data-mmsi': mmsi },
    h('defs', {}, h('clipPath', { id: 'map-clip' }, h('rect', { x: 0, y: 0, width, height }))));
  const landLayer = h('g', { class: 'land-layer', 'clip-path': 'url(#map-clip)' });
  let landCount = 0;
  if (land) {
    const margin = Math.max(spanLon, spanLatFit);
    for (const polygon of land) {
      const [a, b, c, d] = polygon.bbox;
      if (c < view[0] - margin || a > view[2] + margin || d < view[1] - margin || b > view[3] + margin) continue;
      const d3 = polygon.rings.map(r => pathOf(r) + 'Z').join('');
      landLayer.append(h('path', { class: 'land', d: d3, 'fill-rule': 'evenodd' }));
      landCount += 1;
    }
  }
  svg.append(landLayer);
  const grid = h('g', {});
  const step = niceStep(spanLon);
  for (let lon = Math.ceil(view[0] / step) * step; lon < view[2]; lon += step) {
    grid.append(h('line', { class: 'grid', x1: x(lon), x2: x(lon), y1: 0, y2: height }), h('text', { x: x(lon) + 3, y: height - 4 }, `${lon.toFixed(step < 1 ? 1 : 0)}°`));
  }
  for (let lat = Math.ceil(view[1] / step) * step; lat < view[3]; lat += step) {
    grid.append(h('line', { class: 'grid', x1: 0, x2: width, y1: y(lat), y2: y(lat) }), h('text', { x: 3, y: y(lat) - 3 }, `${lat.toFixed(step < 1 ? 1 : 0)}°`));
  }
  svg.append(grid);
  // Events first, so the tracks and their positions stay visible on top.
  const markers = h('g', { class: 'events' });
  svg.append(markers);
  const drawTrack = (coords, cls, id) => {
    svg.append(h('path', { class: 'track ' + cls, d: pathOf(coords), 'data-mmsi': id }, h('title', {}, `MMSI ${id}`)));
    const dots = h('g', { class: 'positions ' + cls });
    for (const [lon, lat] of coords.slice(0, 2000)) dots.append(h('circle', { cx: x(lon).toFixed(1), cy: y(lat).toFixed(1), r: 2.5 }));
    svg.append(dots);
  };
  for (const other of otherLines) drawTrack(other.coords, 'other', other.mmsi);
  if (own.length) drawTrack(own, 'own', mmsi);
  for (const event of eventPoints) {
    const marker = h('circle', { class: 'event ' + event.kind, cx: x(event.lon).toFixed(1), cy: y(event.lat).toFixed(1), r: 7, 'data-event': event.id },
      h('title', {}, `${event.kind} ${when(event.start)} → ${when(event.end)} (${event.mmsi.join(', ')})`));
    marker.addEventListener('click', () => {
      const row = document.querySelector(`[data-event-row="${event.id}"]`);
      if (row) row.scrollIntoView({ block: 'center' });
    });
    markers.append(marker);
  }
  out.push(svg);
  out.push(h('div', { class: 'legend' },
    h('span', {}, h('span', { class: 'swatch swatch-own' }), `MMSI ${mmsi} (${own.length} points)`),
    otherLines.length ? h('span', {}, h('span', { class: 'swatch swatch-other' }), 'vessels met: ', otherLines.map(o => vesselLink(o.mmsi)).flatMap((l, i) => i ? [', ', l] : [l])) : null,
    h('span', {}, `${eventPoints.length} events marked`),
    land ? h('span', { id: 'land-note' }, `coastline: Natural Earth (${landCount} shapes in view)`) : null));
  if (!land) out.push(h('p', { class: 'note', id: 'land-note' }, 'No coastline: this build has no land polygons (run npm ci --prefix tools/geo, then rebuild vigil).'));
  return out;
}

function niceStep(span) {
  for (const step of [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30]) if (span / step <= 8) return step;
  return 45;
}

/** Events on a time axis (one row per event) with a list beneath. */
function timeline(events, mmsi) {
  if (!events.length) return h('p', { class: 'muted', id: 'timeline' }, 'No events.');
  const sorted = events.slice().sort((a, b) => a.start.localeCompare(b.start));
  const times = sorted.flatMap(e => [Date.parse(e.start), Date.parse(e.end)]).filter(t => !Number.isNaN(t));
  const t0 = Math.min(...times), t1 = Math.max(...times, t0 + 3600e3);
  const width = 900, rowH = 18, left = 110;
  const height = sorted.length * rowH + 24;
  const tx = t => left + ((t - t0) / (t1 - t0)) * (width - left - 10);
  const svg = h('svg', { class: 'timeline', viewBox: `0 0 ${width} ${height}`, id: 'timeline-svg' });
  sorted.forEach((event, i) => {
    const a = tx(Date.parse(event.start)), b = tx(Date.parse(event.end));
    svg.append(h('text', { x: 4, y: i * rowH + 14 }, event.kind),
      h('rect', { class: 'bar ' + event.kind, x: a, y: i * rowH + 4, width: Math.max(b - a, 3), height: rowH - 7 },
        h('title', {}, `${event.kind} ${when(event.start)} → ${when(event.end)}`)));
  });
  svg.append(h('text', { x: left, y: height - 4 }, when(new Date(t0).toISOString())),
    h('text', { x: width - 150, y: height - 4 }, when(new Date(t1).toISOString())));
  const list = h('table', { id: 'timeline' },
    h('thead', {}, h('tr', {}, ['start', 'end', 'kind', 'vessels', 'where', 'details', 'evidence'].map(t => h('th', {}, t)))),
    h('tbody', {}, sorted.map(e => h('tr', { 'data-event-row': e.id },
      h('td', {}, when(e.start)), h('td', {}, when(e.end)), h('td', {}, e.kind),
      h('td', {}, e.mmsi.map(m => (m === mmsi ? String(m) : vesselLink(m))).flatMap((l, i) => i ? [', ', l] : [l])),
      h('td', {}, e.lat === null ? '—' : `${e.lat.toFixed(3)}, ${e.lon.toFixed(3)}`),
      h('td', {}, detailsText(e.details)),
      h('td', {}, (Array.isArray(e.evidence) ? e.evidence : []).slice(0, 4).map(r => h('code', { class: 'ref' }, String(r))).flatMap((c, i) => i ? [' ', c] : [c]))))));
  return h('div', {}, svg, list);
}

function detailsText(details) {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details).slice(0, 6).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('; ');
}

// ---------------------------------------------------------------- document

/** Maps UTF-8 byte offsets (the scanner's) to JavaScript string indices. */
function byteToIndex(text) {
  const map = new Map();
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    map.set(bytes, i);
    const code = text.codePointAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (code >= 0x10000) i++;
  }
  map.set(bytes, text.length);
  return offset => (map.has(offset) ? map.get(offset) : null);
}

async function documentPage(id) {
  const doc = await api('/documents/' + id);
  const scan = doc.scan && typeof doc.scan === 'object' ? doc.scan : {};
  const mentions = Array.isArray(scan.mentions) ? scan.mentions : [];
  const indicators = Array.isArray(scan.indicators) ? scan.indicators : [];
  const text = doc.text || scan.text || '';
  const spans = [
    ...mentions.map((m, i) => ({ kind: 'mention', key: 'm' + i, start: m.start, end: m.end, item: m })),
    ...indicators.map((c, i) => ({ kind: 'indicator', key: 'i' + i, start: c.start, end: c.end, item: c })),
  ];

  const claims = h('ul', { class: 'plain claims', id: 'claims' });
  for (const span of spans) {
    const m = span.item;
    const li = span.kind === 'mention'
      ? h('li', { 'data-key': span.key, class: 'claim-mention' }, h('span', { class: 'tag' }, 'mention'),
        entityLink(m.entity_id, m.caption), ` (${m.schema || 'entity'}, ${m.list || 'list'}), as “${m.text || ''}”, score ${Number(m.score || 0).toFixed(2)}`)
      : h('li', { 'data-key': span.key, class: 'claim-indicator' }, h('span', { class: 'tag' }, 'indicator'),
        h('b', {}, String(m.category || '').replace(/_/g, ' ')), ` — “${m.trigger || ''}”: `,
        h('span', { class: 'stance stance-' + m.stance }, m.stance || 'asserted'),
        ' by ', h('span', { class: 'claimant' }, m.claimed_by || 'the article itself'),
        m.sentence !== undefined && m.sentence !== null ? h('span', { class: 'muted' }, ` (sentence ${m.sentence + 1})`) : '');
    li.addEventListener('click', () => activate(span.key));
    claims.append(li);
  }

  const body = h('div', { class: 'doc-text', id: 'doc-text' });
  let placed = 0;
  if (text) {
    const toIndex = byteToIndex(text);
    // Highlights do not nest: a later span overlapping an earlier one is
    // listed among the claims but not marked in the text.
    const ordered = spans.map(s => ({ ...s, a: toIndex(s.start), b: toIndex(s.end) }))
      .filter(s => s.a !== null && s.b !== null && s.b > s.a)
      .sort((p, q) => p.a - q.a || q.b - p.b);
    let cursor = 0;
    for (const span of ordered) {
      if (span.a < cursor) continue;
      body.append(text.slice(cursor, span.a));
      const m = span.item;
      const title = span.kind === 'mention' ? `${m.caption} (${m.entity_id})` : `${m.category}: ${m.stance || 'asserted'} by ${m.claimed_by || 'the article itself'}`;
      const mark = h('mark', { class: `${span.kind}${m.stance ? ' stance-' + m.stance : ''}`, 'data-key': span.key, title }, text.slice(span.a, span.b));
      mark.addEventListener('click', () => activate(span.key));
      body.append(mark);
      cursor = span.b;
      placed += 1;
    }
    body.append(text.slice(cursor));
  } else {
    body.append(h('span', { class: 'muted' }, 'The scan did not carry the text; its findings are listed beside.'));
  }

  function activate(key) {
    for (const el of document.querySelectorAll('.active')) el.classList.remove('active');
    for (const el of document.querySelectorAll(`[data-key="${key}"]`)) el.classList.add('active');
    const mark = body.querySelector(`mark[data-key="${key}"]`);
    if (mark) mark.scrollIntoView({ block: 'nearest' });
  }

  setPage(doc.title || 'Document ' + id,
    h('h1', {}, doc.title || 'Untitled document'),
    h('section', { class: 'panel' }, facts([
      ['source', h('code', { class: 'ref' }, doc.source)], ['date', doc.date], ['language', doc.language],
      ['ingested from', h('code', { class: 'ref' }, doc.ingested_from)],
      ['findings', `${mentions.length} mentions, ${indicators.length} indicators (${placed} highlighted)`],
      ['alerts', doc.alerts.length ? doc.alerts.map(a => h('a', { href: '#/alerts/' + a }, String(a))).flatMap((l, i) => i ? [', ', l] : [l]) : null],
    ])),
    h('p', { class: 'legend' }, h('mark', { class: 'mention' }, 'listed entity'), h('mark', { class: 'indicator' }, 'indicator asserted'),
      h('mark', { class: 'indicator stance-denied' }, 'indicator denied')),
    h('div', { class: 'doc-layout' }, body, h('section', { class: 'panel' }, h('h2', {}, 'Claims'), spans.length ? claims : h('p', { class: 'muted' }, 'No findings.'))));
}

// ---------------------------------------------------------------- entity

async function entityPage(id) {
  const [entity, history, alerts] = await Promise.all([
    api('/entities/' + encodeURIComponent(id)),
    api('/entities/' + encodeURIComponent(id) + '/history').catch(() => ({ history: [] })),
    api('/alerts?entity=' + encodeURIComponent(id) + '&limit=500'),
  ]);
  const properties = h('table', { id: 'properties' }, h('tbody', {},
    Object.entries(entity.properties || {}).map(([key, values]) => h('tr', {},
      h('th', {}, key), h('td', {}, (Array.isArray(values) ? values : [values]).join('; '))))));
  const current = history.history.filter(r => r.present).slice(-1)[0];
  const provenance = current && current.data && current.data.provenance;
  let previous = null;
  const rows = history.history.map(revision => {
    const tags = [];
    if (!revision.present) tags.push(h('span', { class: 'tag absent' }, previous ? 'delisted (absent)' : 'not yet listed'));
    else if (!previous) tags.push(h('span', { class: 'tag' }, 'listed'));
    else if (revision.changed) tags.push(h('span', { class: 'tag changed' }, 'changed'));
    else tags.push(h('span', { class: 'tag' }, 'unchanged'));
    if (revision.in_force) tags.push(h('span', { class: 'tag in-force' }, 'in force'));
    const changes = revision.present && previous && revision.changed ? diffKeys(previous, revision.data) : [];
    if (revision.present) previous = revision.data;
    return h('tr', { 'data-version': revision.version_id },
      h('td', {}, revision.list), h('td', {}, revision.version), h('td', {}, when(revision.imported_at)),
      h('td', {}, tags, changes.length ? h('span', { class: 'muted' }, ' ' + changes.join(', ')) : ''),
      h('td', {}, (Array.isArray(revision.sources) ? revision.sources : []).map(s => h('code', { class: 'ref' }, String(s))).flatMap((c, i) => i ? [' ', c] : [c])),
      h('td', {}, revision.data ? h('details', {}, h('summary', {}, 'entry'), h('pre', { class: 'json' }, JSON.stringify(revision.data, null, 2))) : '—'));
  });
  setPage(entity.caption || id,
    h('h1', {}, entity.caption || id, h('span', { class: 'muted' }, ` · ${entity.schema} · ${id}`)),
    h('section', { class: 'panel' }, h('h2', {}, 'Provenance'), facts([
      ['list', provenance ? provenance.list : (entity.datasets || []).join(', ')],
      ['record', provenance ? provenance.record_id : null],
      ['version', provenance ? provenance.version : null],
      ['in force', entity.target ? 'yes' : 'no (delisted)'],
    ])),
    h('section', { class: 'panel' }, h('h2', {}, 'List entry'), properties),
    h('section', { class: 'panel' }, h('h2', {}, 'Version history'),
      h('table', { id: 'history' },
        h('thead', {}, h('tr', {}, ['list', 'version', 'imported', 'change', 'source files', ''].map(t => h('th', {}, t)))),
        h('tbody', {}, rows))),
    h('section', { class: 'panel' }, h('h2', {}, `Alerts touching this entity (${alerts.total})`), h('div', { id: 'entity-alerts' }, alertList(alerts.results))));
}

/** Names of the top-level fields that differ between two entries. */
function diffKeys(before, after) {
  const keys = new Set([...Object.keys(before || {}), ...Object.keys(after || {})]);
  keys.delete('provenance');
  return [...keys].filter(k => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
