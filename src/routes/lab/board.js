// The lab board: subscribes to labPresence over the graphql-transport-ws
// protocol (a few lines of it, so the page needs no library and no network
// beyond this server) and keeps the list on screen. A SNAPSHOT replaces the
// list; ARRIVED and LEFT change one entry. A lost connection is retried, and
// the first event after it is a fresh SNAPSHOT.
const query = `subscription LabBoard {
  labPresence {
    kind
    missedEvents
    visitors { memberId timeIn timeOut leavesAt member { name year groupId } }
  }
}`;

const visitors = new Map();
const list = document.getElementById('visitors');
const count = document.getElementById('count');
const empty = document.getElementById('empty');
const status = document.getElementById('status');

function short(time) {
  return time ? time.slice(0, 5) : '';
}

function render(arrivedId) {
  list.replaceChildren(
    ...[...visitors.values()]
      .sort((a, b) => a.member.name.localeCompare(b.member.name))
      .map((visitor) => {
        const item = document.createElement('li');
        item.dataset.memberId = String(visitor.memberId);
        if (visitor.memberId === arrivedId) item.className = 'new';
        const name = document.createElement('div');
        name.className = 'name';
        name.textContent = visitor.member.name;
        const meta = document.createElement('div');
        meta.className = 'meta';
        meta.textContent = `year ${visitor.member.year} · group ${visitor.member.groupId} · in since ${short(visitor.timeIn)}`;
        item.append(name, meta);
        return item;
      }),
  );
  count.textContent = `${visitors.size} in`;
  empty.hidden = visitors.size > 0;
}

function apply(event) {
  if (event.kind === 'SNAPSHOT') {
    visitors.clear();
    for (const visitor of event.visitors) visitors.set(visitor.memberId, visitor);
    render();
  } else if (event.kind === 'ARRIVED') {
    for (const visitor of event.visitors) visitors.set(visitor.memberId, visitor);
    render(event.visitors[0]?.memberId);
  } else if (event.kind === 'LEFT') {
    for (const visitor of event.visitors) visitors.delete(visitor.memberId);
    render();
  }
}

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

function connect(attempt = 0) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const socket = new WebSocket(url, 'graphql-transport-ws');
  socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  socket.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.type === 'connection_ack') {
      attempt = 0;
      setStatus('live', 'live');
      socket.send(JSON.stringify({ id: 'lab', type: 'subscribe', payload: { query } }));
    } else if (data.type === 'ping') {
      socket.send(JSON.stringify({ type: 'pong' }));
    } else if (data.type === 'next' && data.payload.data) {
      apply(data.payload.data.labPresence);
    } else if (data.type === 'error' || (data.type === 'next' && data.payload.errors)) {
      setStatus('offline', 'the server refused the board; retrying');
      socket.close();
    }
  };
  socket.onclose = () => {
    const delay = Math.min(30_000, 1_000 * 2 ** attempt);
    setStatus('offline', `offline; reconnecting in ${Math.round(delay / 1000)} s`);
    setTimeout(() => connect(attempt + 1), delay);
  };
}

connect();
