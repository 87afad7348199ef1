// Demo sign-in: become one of the seeded shoppers, so that greeting, showcase and reorder are theirs.
import { renderHeader, startShop } from './shop.js';

await startShop();
const form = document.querySelector('[data-signin-form]');
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const id = new FormData(form).get('customerId').trim();
  // A real shop signs the logged-in customer's id on its backend (HMAC-SHA256 with the
  // shop's signing secret) and renders it into the page; the demo server plays that backend.
  const res = await fetch(`${window.vitrinaConfig.endpoint || ''}/demo/sign-in?customerId=${encodeURIComponent(id)}`);
  if (!res.ok) {
    form.querySelector('[data-signin-error]').textContent = 'No demo shopper has this customer id.';
    return;
  }
  const { signature, firstName, email } = await res.json();
  localStorage.setItem('demo.customer', JSON.stringify({ id }));
  await window.Vitrina.identify(id, { firstName, email }, { signature });
  location.href = '/';
});
// A few shoppers worth trying, found in the demo data by the server (the top customers of a few segments).
const list = document.querySelector('[data-shoppers]');
fetch(`${window.vitrinaConfig.endpoint || ''}/demo/shoppers`)
  .then((r) => (r.ok ? r.json() : { shoppers: [] }))
  .then(({ shoppers }) => {
    list.replaceChildren(
      ...shoppers.map((s) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'secondary';
        button.textContent = `Sign in as ${s.customerId}`;
        button.addEventListener('click', () => {
          form.elements.customerId.value = s.customerId;
          form.requestSubmit();
        });
        const last = s.lastOrderAt ? `, last on ${new Date(s.lastOrderAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}` : '';
        li.append(button, ` ${s.firstName ?? ''}: ${s.segment.replace('_', ' ')}, ${s.orders} orders${last}`);
        return li;
      }),
    );
    if (!shoppers.length) list.textContent = 'None found: the demo data is not seeded.';
  });

document.querySelector('[data-signout]').addEventListener('click', () => {
  localStorage.removeItem('demo.customer');
  window.Vitrina.reset();
  renderHeader();
});
