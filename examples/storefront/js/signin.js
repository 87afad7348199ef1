// Demo sign-in: become one of the seeded shoppers, so that greeting, showcase and reorder are theirs.
import { renderHeader, startShop } from './shop.js';

await startShop();
document.querySelector('[data-signin-form]').addEventListener('submit', (e) => {
  e.preventDefault();
  const id = new FormData(e.target).get('customerId').trim();
  localStorage.setItem('demo.customer', JSON.stringify({ id }));
  // A real shop's backend would also pass { signature } (HMAC-SHA256 of the id with the shop's secret).
  window.Vitrina.identify(id, {});
  location.href = '/';
});
document.querySelector('[data-signout]').addEventListener('click', () => {
  localStorage.removeItem('demo.customer');
  window.Vitrina.reset();
  renderHeader();
});
