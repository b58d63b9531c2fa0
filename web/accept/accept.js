/**
 * The invitee's page. The token comes from the URL's fragment, which the browser never
 * sends to any server; loading the page only previews (changes nothing), and only the
 * button accepts. No framework: a preview, a button, a few texts.
 */
import { messages, rightToLeft } from './messages.js';

const api = (document.querySelector('meta[name="invitations-api"]')?.content ?? '').replace(
  /\/$/,
  '',
);
const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
// Read once, the token leaves the address bar and this history entry: a shared screen, a
// synced history or a link copied from the bar no longer carries it.
if (window.location.hash) {
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
}
const button = document.getElementById('accept');

const supported = (language) => (language in messages ? language : undefined);
let language = supported((navigator.language || 'en').slice(0, 2).toLowerCase()) ?? 'en';
let expiration;

function formatDate(iso) {
  const options = { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' };
  return `${new Intl.DateTimeFormat(language, options).format(new Date(iso))} UTC`;
}

/** Shows one state of the page in the current language. */
function show(state) {
  const text = messages[language];
  document.documentElement.lang = language;
  document.documentElement.dir = rightToLeft.has(language) ? 'rtl' : 'ltr';
  document.title = text.title;
  document.getElementById('title').textContent = text.title;
  document.getElementById('message').textContent = text[state];
  document.getElementById('detail').textContent =
    state === 'pending' && expiration
      ? text.validUntil.replace('{date}', formatDate(expiration))
      : '';
  button.textContent = text.accept;
  button.hidden = state !== 'pending';
  document.body.dataset.state = state;
}

async function post(action) {
  const response = await fetch(`${api}/v2/invitations/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const body = await response.json().catch(() => ({}));
  return { status: response.status, body };
}

const answers = { 404: 'notFound', 409: 'alreadyAccepted', 410: 'expired' };

async function preview() {
  if (!token) return show('notFound');
  show('loading');
  try {
    const { status, body } = await post('preview');
    if (status !== 200) return show(answers[status] ?? 'error');
    language = supported(body.language) ?? language;
    expiration = body.expiration;
    show(
      { pending: 'pending', accepted: 'alreadyAccepted', expired: 'expired' }[body.status] ??
        'error',
    );
  } catch {
    show('error');
  }
}

button.addEventListener('click', async () => {
  button.disabled = true;
  try {
    const { status } = await post('accept');
    show(status === 200 ? 'accepted' : (answers[status] ?? 'error'));
  } catch {
    show('error');
  } finally {
    button.disabled = false;
  }
});

preview();
